//! `GET /complaints/{id}/determination`: the determination of a determined case.

use crate::determination::{find_for_case, BreachDetermination};
use actix_web::{get, web, HttpResponse};
use lvyue_case::read::{self, visible};
use lvyue_core::AppError;
use lvyue_registry::visibility::visibility_of;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};

/// Reads the breach determination (认定) of a case the caller may see (the responsible persons'
/// names in clear for the roles that see personal data).
#[utoipa::path(
    tag = "verification",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, description = "The determination", body = BreachDetermination),
        (status = 404, description = "No such case visible to the caller, or not determined", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/complaints/{id}/determination")]
pub async fn get_determination(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let view = db::run(&state, move |conn| {
        let visibility = visibility_of(conn, &actor)?;
        read::find(conn, &id)?.filter(|c| visible(c, &visibility)).ok_or(AppError::NotFound)?;
        let clear = lvyue_case::read::sees_personal_data(actor.role);
        find_for_case(conn, &id)?.ok_or(AppError::NotFound)?.view(clear)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
