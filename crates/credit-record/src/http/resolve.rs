//! `POST /credit-records/{id}/subject`: link a finding to its subject's registry entry.

use crate::read::{self, RecordWithHistory};
use crate::scope::scope_of;
use crate::subject::{resolve, SubjectResolution};
use actix_web::{post, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};

/// Links a record whose subject the registry did not hold (the queue of
/// `GET /api/v1/credit-records?unresolved_subject=true`) to the registry entry of that body: a
/// new version (`change: "subject_resolved"`, with the reason), after which the measures follow
/// it as any record's. The region's credit office or an admin.
#[utoipa::path(
    tag = "credit-record",
    params(("id" = String, Path, description = "The record id")),
    request_body(content = SubjectResolution, example = SubjectResolution::example),
    responses(
        (status = 200, description = "The record, linked, with its history", body = RecordWithHistory),
        (status = 403, description = "Neither the region's credit office nor an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the subject is already in the registry (`subject_resolved`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields: an unknown organisation, one outside the office's region", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/credit-records/{id}/subject")]
pub async fn resolve_record_subject(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<SubjectResolution>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let now = state.now();
    let record = db::run_write(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        let row = resolve(conn, &actor, &scope, &id, body.value, now)?;
        read::get(conn, &scope, &row.id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(record))
}
