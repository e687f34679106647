//! `POST/GET /contracts`, `GET/PATCH /contracts/{id}`, and the steps of its life:
//! `…/milestones`, `…/performance`, `…/risks`, `…/change`, `…/close-out`.

use crate::contract::perform::{ChangeInput, CloseOutInput, MilestoneInput, PerformanceInput, RiskInput};
use crate::contract::read::{self, ContractFilter, ContractPage};
use crate::contract::register::GovernmentContractInput;
use crate::contract::store::GovernmentContract;
use crate::contract::update::GovernmentContractPatch;
use crate::contract::{ContractKind, ContractStatus};
use actix_web::{get, patch, post, web, HttpResponse};
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

fn today(state: &AppState) -> chrono::NaiveDate {
    lvyue_core::time::shanghai_date(state.clock.now())
}

/// Registers a contract the caller's unit signed (政府合同信息归集): its kind, counterparty,
/// amount, project, confidentiality and the lawful decision-making steps done (a department or
/// data provider for its own organisation; an admin naming it).
#[utoipa::path(
    tag = "obligation",
    request_body(content = GovernmentContractInput, example = GovernmentContractInput::example),
    responses(
        (status = 201, description = "Registered", body = GovernmentContract),
        (status = 409, description = "The unit already registered this reference", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts")]
pub async fn register(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<GovernmentContractInput>,
) -> ApiResult<HttpResponse> {
    let (today, now) = (today(&state), state.now());
    let made =
        db::run_write(&state, move |conn| crate::contract::register::register(conn, &actor, body.value, today, now))
            .await?;
    Ok(HttpResponse::Created().insert_header(("location", format!("/api/v1/contracts/{}", made.id))).json(made))
}

/// Which contracts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContractQuery {
    /// A division (a city includes its counties).
    pub region_code: Option<String>,
    /// One unit (registry organisation id).
    pub org_id: Option<String>,
    /// A status.
    #[param(inline)]
    pub status: Option<ContractStatus>,
    /// A kind.
    #[param(inline)]
    pub kind: Option<ContractKind>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The contracts the caller sees, newest first: a unit its own; the credit office and the
/// justice bureau their region; auditors and admins all.
#[utoipa::path(
    tag = "obligation",
    params(ContractQuery),
    responses(
        (status = 200, description = "A page", body = ContractPage),
        (status = 403, description = "A role that reads no contracts", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contracts")]
pub async fn list(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<ContractQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = q
        .region_code
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
        .transpose()?;
    let filter = ContractFilter { region, org_id: q.org_id, status: q.status, kind: q.kind };
    let limit = Limit::or_default(q.limit).0;
    let page =
        db::run_on_replica(&state, move |conn| read::list(conn, &actor, &filter, q.cursor.as_deref(), limit)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One contract, with its milestones and history.
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The contract")),
    responses((status = 200, description = "The contract", body = GovernmentContract)),
    security(("bearer" = []))
)]
#[get("/contracts/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let found = db::run(&state, move |conn| read::get(conn, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Corrects a contract's particulars at the version read (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The contract")),
    request_body(content = GovernmentContractPatch, example = json!({"version": 1, "amount_fen": 125000000})),
    responses(
        (status = 200, description = "Changed", body = GovernmentContract),
        (status = 409, description = "A stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/contracts/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<GovernmentContractPatch>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done =
        db::run_write(&state, move |conn| crate::contract::update::update(conn, &actor, &id, body.value, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Adds an obligation or payment milestone (履约节点) (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The contract")),
    request_body(content = MilestoneInput, example = json!({"version": 1, "what": "验收后支付货款", "due_on": "2026-12-20", "amount_fen": 120000000})),
    responses(
        (status = 200, description = "The contract with the milestone", body = GovernmentContract),
        (status = 409, description = "Not open to milestones, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/milestones")]
pub async fn add_milestone(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<MilestoneInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done =
        db::run_write(&state, move |conn| crate::contract::perform::add_milestone(conn, &actor, &id, body.value, now))
            .await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Records performance: a milestone met in part or in full, with evidence; the contract is
/// `performed` once every milestone is met (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The contract")),
    request_body(content = PerformanceInput, example = json!({"version": 2, "milestone_id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "amount_fen": 120000000, "in_full": true, "note": "已支付全部货款", "evidence": [{"name": "付款凭证.pdf", "url": "https://files.example.cn/p/1.pdf"}]})),
    responses(
        (status = 200, description = "The contract with the performance", body = GovernmentContract),
        (status = 409, description = "Not performing, the milestone already met, or a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or no such milestone", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/performance")]
pub async fn perform(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<PerformanceInput>,
) -> ApiResult<HttpResponse> {
    let (id, today, now) = (path.into_inner(), today(&state), state.now());
    let done =
        db::run_write(&state, move |conn| crate::contract::perform::perform(conn, &actor, &id, body.value, today, now))
            .await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Raises a risk to performance (履约风险: the counterparty's deterioration, force majeure,
/// reorganisation) (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The contract")),
    request_body(content = RiskInput, example = json!({"version": 1, "kind": "reorganisation", "note": "机构改革后由新设部门承接，已与相对方协商"})),
    responses(
        (status = 200, description = "The contract with the risk", body = GovernmentContract),
        (status = 409, description = "Closed, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/risks")]
pub async fn raise_risk(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<RiskInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done =
        db::run_write(&state, move |conn| crate::contract::perform::raise_risk(conn, &actor, &id, body.value, now))
            .await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Records a lawful change (依法变更): its basis, the procedure followed and the compensation
/// paid (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The contract")),
    request_body(content = ChangeInput, example = json!({"version": 1, "basis": "国土空间规划调整", "procedure": "经市政府常务会议研究决定", "compensation_fen": 3000000})),
    responses(
        (status = 200, description = "Changed lawfully", body = GovernmentContract),
        (status = 409, description = "Not open to change, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/change")]
pub async fn change(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<ChangeInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done =
        db::run_write(&state, move |conn| crate::contract::perform::change(conn, &actor, &id, body.value, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Closes out a performed contract (履约销号) (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The contract")),
    request_body(content = CloseOutInput, example = json!({"version": 3, "note": "合同履约完毕"})),
    responses(
        (status = 200, description = "Closed out", body = GovernmentContract),
        (status = 409, description = "Not performed yet, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/contracts/{id}/close-out")]
pub async fn close_out(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<CloseOutInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done =
        db::run_write(&state, move |conn| crate::contract::perform::close_out(conn, &actor, &id, body.value, now))
            .await?;
    Ok(HttpResponse::Ok().json(done))
}

/// What to export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Only contracts changed at or after this moment (RFC 3339); all when absent.
    pub changed_since: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// `ndjson` (default), `csv` or `xlsx`.
    #[param(inline)]
    pub format: Option<crate::contract::export::ContractExportFormat>,
}

/// The contracts of the caller's slice changed since a moment, oldest change first — never a
/// confidential one (合同信息归集上报): for the public credit platform (all shared ones), the
/// credit office and the justice bureau (their region), a unit (its own), auditors and admins.
#[utoipa::path(
    tag = "obligation",
    params(ExportQuery),
    responses(
        (status = 200, description = "The contracts", content(
            (String = "application/x-ndjson"),
            (String = "text/csv"),
            (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, description = "A role that exports no contracts", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/contracts/export")]
pub async fn export(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<ExportQuery>,
) -> ApiResult<HttpResponse> {
    use crate::contract::export::{self, ContractExportFormat};
    let q = query.into_inner();
    let since = q.changed_since.map(|t| lvyue_core::time::to_stored(t.with_timezone(&chrono::Utc)));
    let rows = db::run_on_replica(&state, move |conn| export::rows(conn, &actor, since)).await?;
    let (bytes, content_type, extension) = match q.format.unwrap_or(ContractExportFormat::Ndjson) {
        ContractExportFormat::Ndjson => (export::ndjson(&rows)?, "application/x-ndjson", "ndjson"),
        ContractExportFormat::Csv => (export::csv(&rows)?, "text/csv; charset=utf-8", "csv"),
        ContractExportFormat::Xlsx => (export::xlsx(&rows)?, lvyue_web::sheet::XLSX, "xlsx"),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("content-disposition", format!("attachment; filename=\"contracts.{extension}\"")))
        .body(bytes))
}
