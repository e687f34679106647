//! `GET|PUT /calendar/{year}`: the working-day calendar, one year at a time.

use crate::calendar::{load_year_audited, read_year, CalendarYear, CalendarYearInput};
use actix_web::{get, put, web, HttpResponse};
use lvyue_core::AppError;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};
use std::sync::Arc;

/// Reads a loaded year of the holiday arrangement (any signed-in caller).
#[utoipa::path(
    tag = "verification",
    params(("year" = i32, Path, description = "The year")),
    responses(
        (status = 200, description = "The year", body = CalendarYear),
        (status = 404, description = "Not loaded (deadlines in it count Monday to Friday)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/calendar/{year}")]
pub async fn get_calendar_year(
    state: web::Data<AppState>,
    Caller(_actor): Caller,
    path: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    let year = path.into_inner();
    let view = db::run(&state, move |conn| read_year(conn, year)?.ok_or(AppError::NotFound)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Loads or replaces a year's holiday arrangement (admin). Deadlines computed from now on
/// use it; every replica picks it up within a minute.
#[utoipa::path(
    tag = "verification",
    params(("year" = i32, Path, description = "The year")),
    request_body(content = CalendarYearInput, example = CalendarYearInput::example),
    responses(
        (status = 200, description = "Loaded", body = CalendarYear),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A day outside the year, on both lists, or a working weekend that is not a weekend", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/calendar/{year}")]
pub async fn put_calendar_year(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<i32>,
    body: JsonBody<CalendarYearInput>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::calendar::EDITORS)?;
    let year = path.into_inner();
    let now = state.now();
    let (calendar, view) =
        db::run_write(&state, move |conn| load_year_audited(conn, &actor, year, &body.value, now)).await?;
    state.replace_calendar(Arc::new(calendar));
    Ok(HttpResponse::Ok().json(view))
}
