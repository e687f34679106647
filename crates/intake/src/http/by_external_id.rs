//! `GET /channels/{channel}/complaints/{external_id}`: a case by the channel's own id.

use actix_web::{get, web, HttpResponse};
use lvyue_case::complaint::Complaint;
use lvyue_case::lean::CaseKey;
use lvyue_web::problem::Problem;
use lvyue_web::{ApiResult, AppState, Caller};

/// Reads a case by the id the channel gave it. A channel reads only its own.
#[utoipa::path(
    tag = "intake",
    params(
        ("channel" = String, Path, description = "The channel code"),
        ("external_id" = String, Path, description = "The channel's id of the lead"),
    ),
    responses(
        (status = 200, description = "The case", body = Complaint),
        (status = 404, description = "No such case, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/channels/{channel}/complaints/{external_id}")]
pub async fn get_by_external_id(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (channel, external_id) = path.into_inner();
    let complaint = super::get::show(&state, actor, CaseKey::External { channel, external_id }).await?;
    Ok(HttpResponse::Ok().json(complaint))
}
