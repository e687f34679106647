//! `POST /complaints/{id}/actions/{action}`: every step of the workflow.

use crate::act::act;
use crate::input::ActionRequest;
use actix_web::{post, web, HttpResponse};
use lvyue_core::{AppError, CaseAction};
use lvyue_intake::complaint::Complaint;
use lvyue_intake::submit::IntakeContext;
use lvyue_registry::visibility::visibility_of;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};

/// Takes a step of the workflow. The body carries the case's `version`, an optional `note`
/// and `attachments`, and the action's own fields (see docs/state-machine.md). The case's
/// `allowed_actions` lists what the caller may do now.
#[utoipa::path(
    tag = "verification",
    params(
        ("id" = String, Path, description = "The case id"),
        ("action" = String, Path, description = "assign, reject, merge, accept, return, conclude_unfounded, conclude_substantiated, conclude_disputed, mark_rectified, record_settlement, record_refusal, record_ruling, request_extension, decide_extension, urge, feedback"),
    ),
    request_body = ActionRequest,
    responses(
        (status = 200, description = "The case after the step", body = Complaint),
        (status = 403, description = "The caller's role never takes this step (lists allowed_actions)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case or action, or the case is not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a step from the case's status (lists allowed_actions), or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/complaints/{id}/actions/{action}")]
pub async fn take_action(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<(String, String)>,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    let (id, action) = path.into_inner();
    let action = CaseAction::from_code(&action).ok_or(AppError::NotFound)?;
    let st = state.clone();
    let complaint = db::run_write(&state, move |conn| {
        let visibility = visibility_of(conn, &actor)?;
        let calendar = st.calendar();
        let now = st.clock.now();
        let ctx = IntakeContext {
            now,
            stored_now: lvyue_core::time::to_stored(now),
            calendar: &calendar,
            settings: &st.settings,
        };
        act(conn, &ctx, &actor, &visibility, &id, action, &body.value)
    })
    .await?;
    Ok(HttpResponse::Ok().json(complaint))
}
