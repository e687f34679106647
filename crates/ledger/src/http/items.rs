//! `POST/GET /ledger-items`, `GET/PATCH /ledger-items/{id}` and the rectification steps:
//! `…/plan`, `…/steps/{n}/progress`, `…/repayments`, `…/close`.

use crate::item::plan::{CloseInput, PlanInput, RepaymentInput, StepProgressInput};
use crate::item::read::{self, ItemFilter, LedgerItemPage};
use crate::item::register::{LedgerItemInput, LedgerItemPatch};
use crate::item::store::LedgerItem;
use crate::item::{LedgerItemCategory, LedgerItemStatus};
use actix_web::{get, patch, post, web, HttpResponse};
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

fn days(state: &AppState) -> (chrono::NaiveDate, chrono::NaiveDateTime) {
    (lvyue_core::time::shanghai_date(state.clock.now()), state.now())
}

/// Records a problem (台账问题): a unit its own, a credit office one of a unit in its region
/// (an arrears clearance that never came as a complaint), naming `org_id`.
#[utoipa::path(
    tag = "ledger",
    request_body(content = LedgerItemInput, example = LedgerItemInput::example),
    responses(
        (status = 201, description = "Recorded", body = LedgerItem),
        (status = 409, description = "The unit already recorded this reference", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/ledger-items")]
pub async fn record_item(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<LedgerItemInput>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let made = db::run_write(&state, move |conn| crate::item::register::record(conn, &actor, body.value, now)).await?;
    Ok(HttpResponse::Created().insert_header(("location", format!("/api/v1/ledger-items/{}", made.id))).json(made))
}

/// Which items.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerItemQuery {
    /// A division (a city includes its counties).
    pub region_code: Option<String>,
    /// One unit.
    pub org_id: Option<String>,
    /// One campaign.
    pub campaign_id: Option<String>,
    /// A status.
    #[param(inline)]
    pub status: Option<LedgerItemStatus>,
    /// A category.
    #[param(inline)]
    pub category: Option<LedgerItemCategory>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

pub(crate) fn filter(
    region_code: Option<&str>,
    org_id: Option<String>,
    campaign_id: Option<String>,
) -> Result<ItemFilter, AppError> {
    let region =
        region_code.map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code")))).transpose()?;
    Ok(ItemFilter { region, org_id, campaign_id, ..Default::default() })
}

/// The items the caller sees, newest first: a unit its own, the credit office its region,
/// auditors and admins all (responsible persons' names masked for auditors).
#[utoipa::path(
    tag = "ledger",
    params(LedgerItemQuery),
    responses(
        (status = 200, description = "A page", body = LedgerItemPage),
        (status = 403, description = "A role that reads no ledger", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/ledger-items")]
pub async fn list_items(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<LedgerItemQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let mut f = filter(q.region_code.as_deref(), q.org_id, q.campaign_id)?;
    f.status = q.status;
    f.category = q.category;
    let limit = Limit::or_default(q.limit).0;
    let page = db::run_on_replica(&state, move |conn| read::list(conn, &actor, &f, q.cursor.as_deref(), limit)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One item with its plan and history (a credit office's or admin's read of the responsible
/// persons' names is audited).
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The item")),
    responses((status = 200, description = "The item", body = LedgerItem)),
    security(("bearer" = []))
)]
#[get("/ledger-items/{id}")]
pub async fn get_item(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let found = db::run_write(&state, move |conn| read::get(conn, &actor, &id, now)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Corrects an item's particulars at the version read (the unit, its credit office).
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The item")),
    request_body(content = LedgerItemPatch, example = json!({"version": 1, "handling_opinion": "2027年6月底前付清"})),
    responses(
        (status = 200, description = "Changed", body = LedgerItem),
        (status = 409, description = "A stale version, or closed or escalated", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/ledger-items/{id}")]
pub async fn update_item(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<LedgerItemPatch>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done =
        db::run_write(&state, move |conn| crate::item::register::update(conn, &actor, &id, body.value, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Sets or revises the rectification plan (整改方案): goals, steps each with a milestone date,
/// measures and safeguards; each revision is kept in the history (the unit, its credit office).
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The item")),
    request_body(content = PlanInput, example = json!({"version": 1, "goals": "2027年3月底前清偿全部欠款",
        "steps": [{"what": "筹措资金并支付首期", "due_on": "2026-12-31"}, {"what": "支付剩余款项", "due_on": "2027-03-31"}],
        "measures": "纳入年度预算，分两期支付", "safeguards": "主要负责人督办，每月报告进度"})),
    responses(
        (status = 200, description = "Planned", body = LedgerItem),
        (status = 409, description = "A stale version, or closed or escalated", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A new milestone in the past, no steps", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/ledger-items/{id}/plan")]
pub async fn plan_item(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<PlanInput>,
) -> ApiResult<HttpResponse> {
    let (id, when) = (path.into_inner(), days(&state));
    let done = db::run_write(&state, move |conn| crate::item::plan::plan(conn, &actor, &id, body.value, when)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Reports a step's progress, or that it is done (the unit, its credit office). The item is
/// rectified once every step is done and nothing is owed.
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The item"), ("n" = i32, Path, description = "The step, from 1")),
    request_body(content = StepProgressInput, example = json!({"version": 2, "note": "首期款已支付", "done": true})),
    responses(
        (status = 200, description = "Reported", body = LedgerItem),
        (status = 404, description = "No such item or step", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A stale version, or no plan being carried out", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/ledger-items/{id}/steps/{n}/progress")]
pub async fn step_progress(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<(String, i32)>,
    body: JsonBody<StepProgressInput>,
) -> ApiResult<HttpResponse> {
    let ((id, n), when) = (path.into_inner(), days(&state));
    let done =
        db::run_write(&state, move |conn| crate::item::plan::progress(conn, &actor, &id, n, body.value, when)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Records a repayment of the arrears (the unit, its credit office).
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The item")),
    request_body(content = RepaymentInput, example = json!({"version": 2, "amount_fen": 10000000, "paid_on": "2026-11-20",
        "note": "首期还款", "evidence": [{"name": "付款凭证.pdf", "url": "https://files.example.cn/p/1.pdf"}]})),
    responses(
        (status = 200, description = "Recorded", body = LedgerItem),
        (status = 409, description = "A stale version, or closed or escalated", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More than remains, or a day to come", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/ledger-items/{id}/repayments")]
pub async fn repay_item(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<RepaymentInput>,
) -> ApiResult<HttpResponse> {
    let (id, when) = (path.into_inner(), days(&state));
    let done = db::run_write(&state, move |conn| crate::item::plan::repay(conn, &actor, &id, body.value, when)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Closes a rectified item with its rectification report (销号; the unit, its credit office).
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The item")),
    request_body(content = CloseInput, example = json!({"version": 5,
        "report": {"name": "整改报告.pdf", "url": "https://files.example.cn/r/1.pdf"}})),
    responses(
        (status = 200, description = "Closed", body = LedgerItem),
        (status = 409, description = "A stale version, or not rectified", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/ledger-items/{id}/close")]
pub async fn close_item(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<CloseInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done = db::run_write(&state, move |conn| crate::item::plan::close(conn, &actor, &id, body.value, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}
