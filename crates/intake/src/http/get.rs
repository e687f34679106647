//! `GET /complaints/{id}`: one case, as the caller may see it.

use actix_web::{get, web, HttpResponse};
use lvyue_case::complaint::Complaint;
use lvyue_case::lean::{self, CaseKey, LeanReader};
use lvyue_core::Actor;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiError, ApiResult, AppState, Caller};

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
    let complaint = show(&state, actor, CaseKey::Id(path.into_inner())).await?;
    Ok(HttpResponse::Ok().json(complaint))
}

/// A case as `actor` may see it: on the lean read path when the caller's read writes nothing
/// (channels, admins, auditors), else on the read pool (which audits a read of contact data).
pub(crate) async fn show(state: &AppState, actor: Actor, key: CaseKey) -> Result<Complaint, ApiError> {
    let now = state.clock.now();
    match LeanReader::of(&actor) {
        Some(reader) => {
            let lean_key = key.clone();
            db::run_lean(
                state,
                move |conn| async move { reader.show(&conn, &lean_key, now).await },
                move |conn| lean::show_pooled(conn, &actor, &key, now),
            )
            .await
        }
        None => db::run(state, move |conn| lean::show_pooled(conn, &actor, &key, now)).await,
    }
}
