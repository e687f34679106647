//! `GET /complaints/{id}/timeline`: every step of a case.

use actix_web::{get, web, HttpResponse};
use lvyue_case::read::{self, visible};
use lvyue_case::steps::{self, TimelineStep};
use lvyue_core::AppError;
use lvyue_registry::visibility::visibility_of;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};
use serde::Serialize;
use utoipa::ToSchema;

/// A case's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct Timeline {
    /// The case id.
    pub complaint_id: String,
    /// Its case number.
    pub case_number: String,
    /// The steps, oldest first.
    pub steps: Vec<TimelineStep>,
}

/// Reads a case's steps: who did what, when, with which note and attachments.
#[utoipa::path(
    tag = "intake",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, description = "The timeline", body = Timeline),
        (status = 404, description = "No such case, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/complaints/{id}/timeline")]
pub async fn get_timeline(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let timeline = db::run(&state, move |conn| {
        let visibility = visibility_of(conn, &actor)?;
        let row = read::find(conn, &id)?.filter(|r| visible(r, &visibility)).ok_or(AppError::NotFound)?;
        Ok(Timeline { steps: steps::timeline(conn, &row.id)?, complaint_id: row.id, case_number: row.case_number })
    })
    .await?;
    Ok(HttpResponse::Ok().json(timeline))
}
