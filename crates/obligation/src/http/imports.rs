//! `POST /contracts/imports`, `POST /commitments/imports`: a unit's spreadsheet of contracts or
//! commitments; `GET …/imports/template.xlsx`: the template to fill.

use crate::commitment::register::CommitmentInput;
use crate::contract::register::GovernmentContractInput;
use crate::import::columns;
use crate::import::commitments::Commitments;
use crate::import::contracts::Contracts;
use crate::import::MAX_ROWS;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use lvyue_web::import::apply::Importable;
use lvyue_web::import::columns::Column;
use lvyue_web::import::{ImportingUnit, ListImportReport};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};
use serde::Deserialize;
use utoipa::IntoParams;

/// Import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ObligationImportQuery {
    /// `true`: store nothing unless every row is good (422 naming `rows[N].field`).
    #[serde(default)]
    pub all_or_nothing: bool,
    /// For an admin importing for a unit: the unit's id (a unit imports its own).
    pub org_id: Option<String>,
}

/// Reads the upload and applies it as `K` for the caller's unit.
async fn import<K: Importable + 'static>(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: lvyue_core::Actor,
    query: ObligationImportQuery,
    payload: web::Payload,
    columns: &'static [Column],
) -> ApiResult<HttpResponse> {
    let format = lvyue_web::import::http::format_of(&req)?;
    let who = actor.clone();
    let named = query.org_id.clone();
    let org = db::run(&state, move |conn| crate::access::writer(conn, &who, named.as_deref())).await?;
    let unit = ImportingUnit { id: org.id, region_code: org.region_code };
    let options = lvyue_web::import::http::options(&state, &req, actor, unit, query.all_or_nothing);
    lvyue_web::import::http::receive::<K>(&state, format, payload, options, columns, MAX_ROWS).await
}

/// Imports the unit's contracts from its spreadsheet: `.xlsx` (the first sheet, headers as in
/// the template), CSV with a header line, NDJSON or a JSON array of `POST /contracts` bodies —
/// up to 10,000 rows. A reference registered before is corrected (its kind and signing day stay),
/// so importing the same file twice changes nothing. Each row answers `created`, `updated`,
/// `unchanged` or `refused` with its reasons; a bad row never loses the good ones unless
/// `all_or_nothing=true`.
#[utoipa::path(
    tag = "obligation",
    params(ObligationImportQuery),
    request_body(description = "The rows", content(
        (Vec<GovernmentContractInput> = "application/json", example = json!([GovernmentContractInput::example()])),
        (String = "application/x-ndjson"),
        (String = "text/csv"),
        (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses(
        (status = 200, description = "What became of each row", body = ListImportReport),
        (status = 400, description = "Not a workbook, CSV or JSON; an unknown or missing column; over 10,000 rows", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that registers no contracts", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Another media type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "all_or_nothing and a row was refused (errors name rows[N].field); an admin naming no known unit", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts/imports")]
pub async fn import_contracts(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(actor): Caller,
    query: lvyue_web::Query<ObligationImportQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    import::<Contracts>(state, req, actor, query.into_inner(), payload, columns::CONTRACT).await
}

/// Imports the unit's commitments from its spreadsheet, as contracts import: `.xlsx`, CSV,
/// NDJSON or a JSON array of `POST /commitments` bodies, idempotent on the unit's reference.
#[utoipa::path(
    tag = "obligation",
    params(ObligationImportQuery),
    request_body(description = "The rows", content(
        (Vec<CommitmentInput> = "application/json", example = json!([CommitmentInput::example()])),
        (String = "application/x-ndjson"),
        (String = "text/csv"),
        (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses(
        (status = 200, description = "What became of each row", body = ListImportReport),
        (status = 400, description = "Not a workbook, CSV or JSON; an unknown or missing column; over 10,000 rows", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that lists no commitments", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Another media type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "all_or_nothing and a row was refused (errors name rows[N].field); an admin naming no known unit", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/commitments/imports")]
pub async fn import_commitments(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(actor): Caller,
    query: lvyue_web::Query<ObligationImportQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    import::<Commitments>(state, req, actor, query.into_inner(), payload, columns::COMMITMENT).await
}

/// The contracts' import template (政府合同导入模板): Chinese headers (required ones marked
/// `*`), the kinds as a drop-down, 是/否 for the flags, and a sheet explaining each column.
#[utoipa::path(
    tag = "obligation",
    responses(
        (status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = lvyue_web::binary::Binary),
    ),
    security(("bearer" = []))
)]
#[get("/contracts/imports/template.xlsx")]
pub async fn contract_template(Caller(_actor): Caller) -> ApiResult<HttpResponse> {
    lvyue_web::import::http::template(columns::CONTRACT, "政府合同", "contracts-template.xlsx")
}

/// The commitments' import template (政务承诺导入模板).
#[utoipa::path(
    tag = "obligation",
    responses(
        (status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = lvyue_web::binary::Binary),
    ),
    security(("bearer" = []))
)]
#[get("/commitments/imports/template.xlsx")]
pub async fn commitment_template(Caller(_actor): Caller) -> ApiResult<HttpResponse> {
    lvyue_web::import::http::template(columns::COMMITMENT, "政务承诺", "commitments-template.xlsx")
}
