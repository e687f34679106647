//! `POST /credit-objections`, `GET /credit-objections`, `GET /credit-objections/{id}`,
//! `POST /credit-objections/{id}/decision`.

use super::applications::{item_query, today_now};
use crate::item;
use crate::object::{object, ObjectionInput};
use crate::objection::{Objection, ObjectionRow};
use crate::review::{decide, ObjectionDecisionInput};
use crate::scope::scope_of;
use actix_web::{get, post, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::Limit;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};
use serde::Serialize;
use utoipa::ToSchema;

item_query!(
    /// Filters of the objections.
    ObjectionQuery,
    lvyue_core::repair::ObjectionStatus
);

/// The subject objects to a record (信用异议). The record becomes `under_objection` until the
/// determining body decides, within the configured working days; its measures stay in force
/// meanwhile unless `LVYUE_OBJECTION_SUSPENDS_MEASURES` is on.
#[utoipa::path(
    tag = "repair",
    request_body(content = ObjectionInput, example = ObjectionInput::example),
    responses(
        (status = 201, description = "The objection, pending, with the day its decision is due", body = Objection),
        (status = 403, description = "Not the record's subject", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "objection_pending, application_open or record_not_in_force", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/credit-objections")]
pub async fn create_objection(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<ObjectionInput>,
) -> ApiResult<HttpResponse> {
    let at = today_now(&state);
    let calendar = state.calendar();
    let settings = state.settings.repair;
    let view = db::run_write(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        let records = lvyue_credit_record::scope::scope_of(conn, &actor)?;
        object(conn, &actor, &scope, &records, body.value, &calendar, &settings, at)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// A page of objections.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionPage {
    /// Newest first (without their steps: read one for those).
    pub objections: Vec<Objection>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// Objections the caller takes part in (a credit office: its region's), newest first, each
/// with the day its decision is due and `decision_overdue`.
#[utoipa::path(
    tag = "repair",
    params(ObjectionQuery),
    responses(
        (status = 200, description = "A page", body = ObjectionPage),
        (status = 403, description = "A role that takes no part in objections", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/credit-objections")]
pub async fn list_objections(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<ObjectionQuery>,
) -> ApiResult<HttpResponse> {
    let f = query.into_inner().filter();
    let (today, _) = today_now(&state);
    let (objections, next_cursor) =
        db::run_on_replica(&state, move |conn| item::page::<ObjectionRow>(conn, &actor, &f, today)).await?;
    let page = ObjectionPage { objections, next_cursor };
    Ok(HttpResponse::Ok().json(page))
}

/// One objection with its steps.
#[utoipa::path(
    tag = "repair",
    params(("id" = String, Path, description = "The objection")),
    responses(
        (status = 200, description = "The objection", body = Objection),
        (status = 404, description = "No such objection visible to the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/credit-objections/{id}")]
pub async fn get_objection(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let (today, _) = today_now(&state);
    let view = db::run(&state, move |conn| item::show::<ObjectionRow>(conn, &actor, &id, today)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The determining body decides: `uphold` (the record is `active` again), `correct` (with
/// `correction`, based on the record's current version: a new version, `active` again) or
/// `revoke` (the record is revoked and every measure it caused ends).
#[utoipa::path(
    tag = "repair",
    params(("id" = String, Path, description = "The objection")),
    request_body(content = ObjectionDecisionInput, example = ObjectionDecisionInput::example),
    responses(
        (status = 200, description = "The objection after the decision", body = Objection),
        (status = 403, description = "Not the deciding body", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such objection visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (invalid_objection_transition) or a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/credit-objections/{id}/decision")]
pub async fn decide_objection(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<ObjectionDecisionInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let at = today_now(&state);
    let periods = state.settings.publicity;
    let view = db::run_write(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        decide(conn, &actor, &scope, &id, body.value, &periods, at)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
