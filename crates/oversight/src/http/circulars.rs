//! `POST /circulars`, `GET /circulars/{id}`, `POST /circulars/{id}/publish`.

use crate::assessment::StepInput;
use crate::circular::{self, Circular, CircularInput, PublishContext};
use actix_web::{get, post, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};

/// Drafts a circular (通报) of the caller's region: criticism, commendation or progress, naming
/// units, cases and credit records (credit office, admin).
#[utoipa::path(
    tag = "oversight",
    request_body(content = CircularInput, example = CircularInput::example),
    responses((status = 201, description = "The draft", body = Circular)),
    security(("bearer" = []))
)]
#[post("/circulars")]
pub async fn create(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<CircularInput>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let made = db::run_write(&state, move |conn| circular::create(conn, &actor, body.value, now)).await?;
    Ok(HttpResponse::Created().insert_header(("location", format!("/api/v1/circulars/{}", made.id))).json(made))
}

/// One circular (credit office of its region, auditor, admin; a published one: anyone at
/// `/api/v1/public/circulars/{id}`).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The circular")),
    responses((status = 200, description = "The circular", body = Circular)),
    security(("bearer" = []))
)]
#[get("/circulars/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let found = db::run(&state, move |conn| circular::find_visible(conn, Some(&actor), &id)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Publishes a draft: it becomes public, `circular.published` is announced, and a criticism puts
/// 公开通报批评 (`public_criticism`) in force on each record it names that is in force (credit
/// office, admin).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The circular")),
    request_body(content = StepInput, example = json!({"version": 1})),
    responses(
        (status = 200, description = "Published", body = Circular),
        (status = 409, description = "Already published, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/circulars/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<StepInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let (now, today) = (state.now(), lvyue_core::time::shanghai_date(state.clock.now()));
    let st = state.clone();
    let done = db::run_write(&state, move |conn| {
        let calendar = st.calendar();
        let ctx = PublishContext {
            calendar: &calendar,
            ack_working_days: st.settings.time_limits.sanction_ack_working_days,
            today,
        };
        circular::publish(conn, &actor, &id, body.value.version, &ctx, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(done))
}
