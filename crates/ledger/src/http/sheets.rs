//! `POST /ledger-items/imports`, `GET /ledger-items/imports/template.xlsx` and
//! `GET /ledger-items/export`: the ledger as the offices keep it, in Excel.

use crate::import::{LedgerItems, COLUMNS, MAX_ROWS};
use crate::item::register::LedgerItemInput;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use lvyue_core::AppError;
use lvyue_web::import::{ImportingUnit, ListImportReport};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};
use serde::Deserialize;
use utoipa::IntoParams;

/// Import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerImportQuery {
    /// `true`: store nothing unless every row is good (422 naming `rows[N].field`).
    #[serde(default)]
    pub all_or_nothing: bool,
    /// For a credit office or admin importing a unit's list: the unit.
    pub org_id: Option<String>,
}

/// Imports a unit's problem list (问题清单): `.xlsx` (the template's columns), CSV, NDJSON or a
/// JSON array of `POST /ledger-items` bodies, up to 10,000 rows, idempotent on the unit's
/// reference; each row `created`, `updated`, `unchanged` or `refused` with its reasons.
#[utoipa::path(
    tag = "ledger",
    params(LedgerImportQuery),
    request_body(description = "The rows", content(
        (Vec<LedgerItemInput> = "application/json", example = json!([LedgerItemInput::example()])),
        (String = "application/x-ndjson"),
        (String = "text/csv"),
        (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    responses(
        (status = 200, description = "What became of each row", body = ListImportReport),
        (status = 400, description = "Not a workbook, CSV or JSON; an unknown or missing column; over 10,000 rows", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A role that records no problems", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Another media type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "all_or_nothing and a row was refused (errors name rows[N].field); no unit named", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/ledger-items/imports")]
pub async fn import_items(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(actor): Caller,
    query: lvyue_web::Query<LedgerImportQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let format = lvyue_web::import::http::format_of(&req)?;
    let who = actor.clone();
    let org = db::run(&state, move |conn| crate::access::unit_for(conn, &who, q.org_id.as_deref())).await?;
    let unit = ImportingUnit { id: org.id, region_code: org.region_code };
    let options = lvyue_web::import::http::options(&state, &req, actor, unit, q.all_or_nothing);
    lvyue_web::import::http::receive::<LedgerItems>(&state, format, payload, options, COLUMNS, MAX_ROWS).await
}

/// The problem list's template (问题清单模板): the seed's columns in Chinese, the sources and
/// categories as drop-downs, and a sheet explaining each column.
#[utoipa::path(
    tag = "ledger",
    responses((status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = lvyue_web::binary::Binary)),
    security(("bearer" = []))
)]
#[get("/ledger-items/imports/template.xlsx")]
pub async fn ledger_template(Caller(_actor): Caller) -> ApiResult<HttpResponse> {
    lvyue_web::import::http::template(COLUMNS, "问题清单", "ledger-template.xlsx")
}

/// Which ledger.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerExportQuery {
    /// One campaign; all the caller's items when absent.
    pub campaign: Option<String>,
    /// A division.
    pub region_code: Option<String>,
    /// `xlsx` (default) or `csv`.
    #[param(inline)]
    pub format: Option<LedgerExportFormat>,
}

lvyue_core::code_enum! {
    /// The consolidated ledger's formats.
    pub enum LedgerExportFormat {
        /// An Excel workbook: 台账, 汇总 and a sheet per unit.
        Xlsx => ("xlsx", "Excel 工作簿", "Excel workbook"),
        /// CSV (UTF-8 with a BOM), one line per item.
        Csv => ("csv", "CSV", "CSV"),
    }
}

/// The consolidated ledger (汇总台账): one row per item with the seed's columns in Chinese —
/// 失信主体名称、责任人、问题成因、欠款情况、处理意见 — and as a workbook the totals of arrears
/// owed, repaid and remaining per unit and for the region, and a sheet per unit (the caller's
/// slice: a unit its own, the credit office its region).
#[utoipa::path(
    tag = "ledger",
    params(LedgerExportQuery),
    responses(
        (status = 200, description = "The ledger", content(
            (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/csv"),
        )),
        (status = 403, description = "A role that reads no ledger", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign visible to the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/ledger-items/export")]
pub async fn export_items(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<LedgerExportQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let f = super::items::filter(q.region_code.as_deref(), None, q.campaign.clone())?;
    let campaign = q.campaign.clone();
    let (lines, title) = db::run_on_replica(&state, move |conn| {
        let title = match &campaign {
            Some(id) => crate::campaign::store::get(conn, &actor, id)?.title,
            None => "问题台账".to_owned(),
        };
        Ok::<_, AppError>((crate::item::export::lines(conn, &actor, &f)?, title))
    })
    .await?;
    let (bytes, content_type, ext) = match q.format.unwrap_or(LedgerExportFormat::Xlsx) {
        LedgerExportFormat::Xlsx => (crate::item::export::xlsx(&lines, &title)?, lvyue_web::sheet::XLSX, "xlsx"),
        LedgerExportFormat::Csv => (crate::item::export::csv(&lines)?, "text/csv; charset=utf-8", "csv"),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("content-disposition", format!("attachment; filename=\"ledger.{ext}\"")))
        .body(bytes))
}
