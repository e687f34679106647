//! `POST /complaints/{id}/actions/assign`: the credit office forwards a case.

use crate::assign::{assign, AssignInput};
use crate::complaint::Complaint;
use crate::http::with_context;
use actix_web::{post, web, HttpResponse};
use lvyue_registry::visibility::visibility_of;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};

/// Forwards a received case to its handling organisation (credit office of the case's region, or admin).
#[utoipa::path(
    tag = "intake",
    params(("id" = String, Path, description = "The case id")),
    request_body = AssignInput,
    responses(
        (status = 200, description = "Assigned", body = Complaint),
        (status = 403, description = "Role may not assign", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case in the caller's region", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in status received, or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown handling organisation", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/complaints/{id}/actions/assign")]
pub async fn assign_complaint(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<AssignInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let st = state.clone();
    let complaint = db::run_write(&state, move |conn| {
        let visibility = visibility_of(conn, &actor)?;
        with_context(&st, |ctx| assign(conn, ctx, &actor, &visibility, &id, body.value))
    })
    .await?;
    Ok(HttpResponse::Ok().json(complaint))
}
