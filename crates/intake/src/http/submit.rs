//! `POST /complaints`: a channel pushes a lead, or a credit office opens a case itself.

use crate::context::with_context;
use crate::submission::ComplaintSubmission;
use crate::submit::{prepare, Prepared};
use crate::writer::IntakeWriter;
use actix_web::{http::header, post, web, HttpResponse};
use lvyue_case::complaint::Complaint;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};

/// Pushes a complaint lead (channel role; the channel comes from the token), or opens a case
/// from the credit office's own inspection or an escalated ledger item (credit-office role;
/// the case's channel is `credit_office`, with an `external_id` space of its own, and the
/// respondent must lie in the office's region).
///
/// Idempotent on `(channel, external_id)`: 201 with the new case, 200 with the
/// existing one when the same lead is pushed again, 409 when the same
/// `external_id` arrives with different content.
#[utoipa::path(
    tag = "intake",
    request_body(content = ComplaintSubmission, example = ComplaintSubmission::example),
    responses(
        (status = 201, description = "Case created", body = Complaint),
        (status = 200, description = "The same lead again: the existing case", body = Complaint),
        (status = 403, description = "Neither a channel nor a credit office, or a channel not registered or inactive", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "external_id already used with other content", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named by path (a credit office's respondent outside its region: `respondent.region_code` `outside_region`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/complaints")]
pub async fn submit_complaint(
    state: web::Data<AppState>,
    writer: web::Data<IntakeWriter>,
    Caller(actor): Caller,
    body: JsonBody<ComplaintSubmission>,
) -> ApiResult<HttpResponse> {
    // Checked and routed on a read connection; written by the group-commit writer.
    let st = state.clone();
    let prepared =
        db::run(&state, move |conn| with_context(&st, |ctx| prepare(conn, ctx, &actor, body.value, &body.json)))
            .await?;
    let outcome = match prepared {
        Prepared::Answered(existing) => *existing,
        Prepared::New(lead) => writer.write(*lead).await?,
    };
    let location = format!("/api/v1/complaints/{}", outcome.complaint.id);
    let mut res = if outcome.created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.insert_header((header::LOCATION, location)).json(outcome.complaint))
}
