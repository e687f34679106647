//! `POST /campaigns`, `GET /campaigns/{id}`, `GET /campaigns/{id}/progress`,
//! `POST /campaigns/{id}/submissions`.

use crate::campaign::progress::CampaignProgress;
use crate::campaign::start::CampaignInput;
use crate::campaign::store::Campaign;
use crate::campaign::submit::{CampaignSubmission, SubmissionInput};
use actix_web::{get, post, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};

/// Starts a self-inspection campaign (专项治理自查) in the credit office's region: the units
/// taking part, the categories of problem, and the due dates of the problem lists, the
/// self-inspection reports, the plans and the rectification reports (credit office, admin).
#[utoipa::path(
    tag = "ledger",
    request_body(content = CampaignInput, example = CampaignInput::example),
    responses(
        (status = 201, description = "Started", body = Campaign),
        (status = 403, description = "Not a credit office", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A unit outside the division, dates out of order", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/campaigns")]
pub async fn start_campaign(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<CampaignInput>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let made = db::run_write(&state, move |conn| crate::campaign::start::start(conn, &actor, body.value, now)).await?;
    Ok(HttpResponse::Created().insert_header(("location", format!("/api/v1/campaigns/{}", made.id))).json(made))
}

/// Which campaigns.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    /// A division (a city includes its counties).
    pub region_code: Option<String>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The campaigns the caller sees, newest first: the credit office its region's, a unit those it
/// takes part in, auditors and admins all.
#[utoipa::path(
    tag = "ledger",
    params(CampaignQuery),
    responses(
        (status = 200, description = "A page", body = crate::campaign::store::CampaignPage),
        (status = 403, description = "A role that reads no ledger", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/campaigns")]
pub async fn list_campaigns(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<CampaignQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = q
        .region_code
        .as_deref()
        .map(|r| lvyue_core::RegionCode::parse(r).map_err(|e| lvyue_core::AppError::field(e.at("region_code"))))
        .transpose()?;
    let limit = lvyue_web::Limit::or_default(q.limit).0;
    let page = db::run_on_replica(&state, move |conn| {
        crate::campaign::store::list(conn, &actor, region.as_ref(), q.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One campaign (its region's credit office, the units taking part, auditors, admins).
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The campaign")),
    responses((status = 200, description = "The campaign", body = Campaign)),
    security(("bearer" = []))
)]
#[get("/campaigns/{id}")]
pub async fn get_campaign(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let found = db::run(&state, move |conn| crate::campaign::store::get(conn, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Per unit taking part: each submission in, due or late, its items by status, the plan steps
/// late and the arrears remaining — those with something late first (a unit sees itself).
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The campaign")),
    responses((status = 200, description = "The progress", body = CampaignProgress)),
    security(("bearer" = []))
)]
#[get("/campaigns/{id}/progress")]
pub async fn campaign_progress(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let found = db::run_on_replica(&state, move |conn| crate::campaign::progress::of(conn, &actor, &id, today)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// A unit taking part submits its problem list, self-inspection report, rectification plans
/// or rectification report, with the documents (201; the first of a kind stands: again, 200 with
/// it). The rectification report closes the unit's rectified items of the campaign.
#[utoipa::path(
    tag = "ledger",
    params(("id" = String, Path, description = "The campaign")),
    request_body(content = SubmissionInput, example = json!({"kind": "self_inspection_report", "note": "自查情况见附件",
        "documents": [{"name": "自查报告.pdf", "url": "https://files.example.cn/c/1.pdf"}]})),
    responses(
        (status = 201, description = "Submitted", body = CampaignSubmission),
        (status = 200, description = "Submitted before: that submission", body = CampaignSubmission),
        (status = 403, description = "Not a unit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A unit not taking part, no documents", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/campaigns/{id}/submissions")]
pub async fn submit_to_campaign(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<SubmissionInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let (made, new) =
        db::run_write(&state, move |conn| crate::campaign::submit::submit(conn, &actor, &id, body.value, now)).await?;
    Ok(if new { HttpResponse::Created().json(made) } else { HttpResponse::Ok().json(made) })
}
