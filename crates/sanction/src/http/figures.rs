//! `GET /sanction-figures`: oversight figures of a region and period.

use crate::figures::{self, RegionFigures};
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use lvyue_core::{AppError, FieldError, Message, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};
use serde::Deserialize;
use utoipa::IntoParams;

/// The region and period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresQuery {
    /// The division (a city includes its counties).
    pub region_code: String,
    /// First day (YYYY-MM-DD).
    pub from: NaiveDate,
    /// Last day (YYYY-MM-DD).
    pub to: NaiveDate,
}

/// For a region and a period, the measures put in force, acknowledged, overdue for
/// acknowledgement and ended, by implementing body (惩戒措施落实情况).
#[utoipa::path(
    tag = "sanction",
    params(FiguresQuery),
    responses(
        (status = 200, description = "The figures", body = RegionFigures),
        (status = 404, description = "Outside the caller's region", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid region or period", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sanction-figures")]
pub async fn sanction_figures(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<FiguresQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = RegionCode::parse(&q.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    if q.to < q.from {
        return Err(AppError::field(FieldError::new(
            "to",
            "before_from",
            Message::new("结束日期早于开始日期", "the period ends before it starts"),
        ))
        .into());
    }
    let shanghai = lvyue_core::time::shanghai();
    let instant = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(shanghai).single())
            .map(|t| lvyue_core::time::to_stored(t.to_utc()))
            .ok_or_else(|| AppError::internal("day out of range"))
    };
    let start = instant(q.from)?;
    let end = instant(q.to.succ_opt().unwrap_or(q.to))?;
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let figures = db::run_on_replica(&state, move |conn| {
        figures::region(conn, &actor, &region, (q.from, q.to), (start, end), today)
    })
    .await?;
    Ok(HttpResponse::Ok().json(figures))
}
