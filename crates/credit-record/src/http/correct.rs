//! `POST /credit-records/{id}/corrections`: a new version with its reason.

use crate::correct::{correct, CorrectionInput};
use crate::read::{self, RecordWithHistory};
use crate::scope::scope_of;
use actix_web::{post, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};

/// Corrects a record: the fields given change, the reason is kept, and the earlier version
/// stays in the history. The determining body, the provider, the region's credit office or
/// an admin may correct.
#[utoipa::path(
    tag = "credit-record",
    params(("id" = String, Path, description = "The record id")),
    request_body(content = CorrectionInput, example = CorrectionInput::example),
    responses(
        (status = 200, description = "The record after the correction, with its history", body = RecordWithHistory),
        (status = 403, description = "Not the body that answers for this record: only the one that determined it (谁认定、谁修复) or the provider that reported it corrects it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/credit-records/{id}/corrections")]
pub async fn correct_credit_record(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<CorrectionInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let st = state.clone();
    let record = db::run_write(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        let now = st.clock.now();
        let today = lvyue_core::time::shanghai_date(now);
        let stored = lvyue_core::time::to_stored(now);
        let row = correct(conn, &actor, &scope, &id, body.value, &st.settings.publicity, (today, stored))?;
        read::get(conn, &scope, &row.id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(record))
}
