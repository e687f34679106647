//! `GET /complaints/{id}`: one case, as the caller may see it.

use actix_web::{get, web, HttpResponse};
use lvyue_case::complaint::Complaint;
use lvyue_case::read;
use lvyue_registry::visibility::visibility_of;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};

/// Reads a case. Contact data is masked unless the caller's role needs it; a read of
/// clear contact data is written to the audit trail. Cases the caller may not see answer 404.
#[utoipa::path(
    tag = "intake",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, description = "The case", body = Complaint),
        (status = 404, description = "No such case, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/complaints/{id}")]
pub async fn get_complaint(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let now = state.clock.now();
    let stored_now = state.now();
    let complaint = db::run(&state, move |conn| {
        let visibility = visibility_of(conn, &actor)?;
        let case = read::load(conn, &id)?;
        read::show(conn, &actor, &visibility, case, now, stored_now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(complaint))
}
