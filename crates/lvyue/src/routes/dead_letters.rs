//! `GET /api/v1/admin/dead-letters` and `POST …/{id}/retry`: the events a consumer inside
//! lvyue could not read and is stopped on (`lvyue_outbox::dead_letter`), for admins.

use actix_web::{get, post, web, HttpResponse};
use lvyue_outbox::dead_letter::{self, DeadLetter};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Page size.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadLetterQuery {
    /// How many, newest first: 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<Limit>,
}

/// Lists the dead letters, newest first (admin). An `open` one stops its consumer: no event
/// behind it is handled until it is retried.
#[utoipa::path(
    tag = "events",
    params(DeadLetterQuery),
    responses(
        (status = 200, description = "The dead letters", body = Vec<DeadLetter>),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/admin/dead-letters")]
pub async fn list(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<DeadLetterQuery>,
) -> ApiResult<HttpResponse> {
    actor.require(dead_letter::HANDLERS)?;
    let limit = Limit::or_default(query.into_inner().limit).0;
    let letters = db::run(&state, move |conn| dead_letter::list(conn, limit)).await?;
    Ok(HttpResponse::Ok().json(letters))
}

/// Asks for a retry once the cause is fixed (admin): the consumer reads the event again at its
/// next round; the letter is then `resolved`, or `open` again with the new error.
#[utoipa::path(
    tag = "events",
    params(("id" = String, Path, description = "The dead letter")),
    responses(
        (status = 200, description = "The letter, now `retrying`", body = DeadLetter),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dead letter", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Resolved already (`already_resolved`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/admin/dead-letters/{id}/retry")]
pub async fn retry(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    actor.require(dead_letter::HANDLERS)?;
    let now = state.now();
    let id = id.into_inner();
    let letter = db::run_write(&state, move |conn| dead_letter::retry(conn, &actor, &id, now)).await?;
    Ok(HttpResponse::Ok().json(letter))
}
