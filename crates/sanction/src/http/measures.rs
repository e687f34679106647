//! `GET /sanction-measures` and `PUT /sanction-measures/{code}`: the catalogue.

use crate::catalogue::{self, Measure, MeasureUpdate};
use actix_web::{get, put, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};

/// The catalogue of measures: basis, implementer, whom each binds, the benefits it restricts
/// and the rule that puts it in force.
#[utoipa::path(
    tag = "sanction",
    responses((status = 200, description = "Every measure, by code", body = Vec<Measure>)),
    security(("bearer" = []))
)]
#[get("/sanction-measures")]
pub async fn list_measures(state: web::Data<AppState>, Caller(_actor): Caller) -> ApiResult<HttpResponse> {
    let list = db::run(&state, catalogue::list).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Changes a measure (admin): the members given change, the reason is kept with the new
/// version and in the audit trail. Measures already in force keep what they were given.
#[utoipa::path(
    tag = "sanction",
    params(("code" = String, Path, description = "The measure's code")),
    request_body(content = MeasureUpdate, example = MeasureUpdate::example),
    responses(
        (status = 200, description = "The measure after the change", body = Measure),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such measure", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/sanction-measures/{code}")]
pub async fn update_measure(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<MeasureUpdate>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::access::CATALOGUE_EDITORS)?;
    let code = path.into_inner();
    let now = state.now();
    let measure = db::run_write(&state, move |conn| catalogue::update(conn, &actor, &code, body.value, now)).await?;
    Ok(HttpResponse::Ok().json(measure))
}
