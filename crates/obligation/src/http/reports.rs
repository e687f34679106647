//! `POST /monthly-reports`, `GET /monthly-reports`.

use crate::report::{MonthlyOverview, MonthlyReport, MonthlyReportInput};
use actix_web::{get, post, web, HttpResponse};
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};
use serde::Deserialize;
use utoipa::IntoParams;

/// The caller's unit confirms that its lists of commitments and contracts are current for a
/// month (每月归集上报). Confirming again answers the first confirmation.
#[utoipa::path(
    tag = "obligation",
    request_body(content = MonthlyReportInput, example = json!({"month": "2026-11"})),
    responses(
        (status = 200, description = "Confirmed", body = MonthlyReport),
        (status = 422, description = "Not a month, or a month to come", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/monthly-reports")]
pub async fn submit_report(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<MonthlyReportInput>,
) -> ApiResult<HttpResponse> {
    let (today, now) = (lvyue_core::time::shanghai_date(state.clock.now()), state.now());
    let done = db::run_write(&state, move |conn| crate::report::submit(conn, &actor, body.value, today, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Which month, where.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The division (a city includes its counties).
    pub region_code: String,
    /// The month, `YYYY-MM`.
    pub month: String,
}

/// Every standing unit of a division for a month — reported or not (not reported first) — with
/// its contracts and commitments by status and what is overdue (the credit office and the
/// justice bureau for their region, auditors and admins; a unit sees itself).
#[utoipa::path(
    tag = "obligation",
    params(ReportQuery),
    responses(
        (status = 200, description = "The month's overview", body = MonthlyOverview),
        (status = 403, description = "A role that reads no obligations", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/monthly-reports")]
pub async fn monthly_overview(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<ReportQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = RegionCode::parse(&q.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let found =
        db::run_on_replica(&state, move |conn| crate::report::overview(conn, &actor, &region, &q.month, today)).await?;
    Ok(HttpResponse::Ok().json(found))
}
