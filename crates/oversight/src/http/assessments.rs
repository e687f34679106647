//! Schemes and assessments: `PUT/GET /assessment-schemes/{code}`, `POST /assessments`,
//! `GET /assessments/{id}`, `POST /assessments/{id}/freeze`, `POST /assessments/{id}/publish`.

use crate::assessment::{self, Assessment, AssessmentInput, AssessmentStatus, StepInput};
use crate::figures::FigureFormat;
use crate::scheme::{self, Scheme, SchemeInput};
use actix_web::{get, post, put, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};
use serde::Deserialize;
use utoipa::IntoParams;

fn today(state: &AppState) -> chrono::NaiveDate {
    lvyue_core::time::shanghai_date(state.clock.now())
}

/// Creates or replaces an assessment scheme (考核方案) of the caller's region: the units, the
/// metrics with their weights, directions and thresholds. Versioned and audited (credit office,
/// admin).
#[utoipa::path(
    tag = "oversight",
    params(("code" = String, Path, description = "The scheme's code (a-z, 0-9, - and _)")),
    request_body(content = SchemeInput, example = SchemeInput::example),
    responses(
        (status = 200, description = "Replaced", body = Scheme),
        (status = 201, description = "Created", body = Scheme),
        (status = 409, description = "Stale version (or a version missing for an existing scheme)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/assessment-schemes/{code}")]
pub async fn put_scheme(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<SchemeInput>,
) -> ApiResult<HttpResponse> {
    let code = path.into_inner();
    let now = state.now();
    let (scheme, created) =
        db::run_write(&state, move |conn| scheme::put(conn, &actor, &code, body.value, now)).await?;
    Ok(if created { HttpResponse::Created().json(scheme) } else { HttpResponse::Ok().json(scheme) })
}

/// One scheme (credit office, auditor, admin).
#[utoipa::path(
    tag = "oversight",
    params(("code" = String, Path, description = "The scheme's code")),
    responses((status = 200, description = "The scheme", body = Scheme)),
    security(("bearer" = []))
)]
#[get("/assessment-schemes/{code}")]
pub async fn get_scheme(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let code = path.into_inner();
    let found = db::run(&state, move |conn| scheme::find_visible(conn, &actor, &code)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Applies a scheme to a division and a period (`2026`, `2026-Q4`, `2026-11`): a draft, whose
/// values, marks and ranking are computed from the figures whenever it is read (credit office,
/// admin).
#[utoipa::path(
    tag = "oversight",
    request_body(content = AssessmentInput, example = AssessmentInput::example),
    responses((status = 201, description = "The draft, computed now", body = Assessment)),
    security(("bearer" = []))
)]
#[post("/assessments")]
pub async fn create_assessment(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<AssessmentInput>,
) -> ApiResult<HttpResponse> {
    let (now, today) = (state.now(), today(&state));
    let made = db::run_write(&state, move |conn| assessment::create(conn, &actor, body.value, today, now)).await?;
    Ok(HttpResponse::Created().insert_header(("location", format!("/api/v1/assessments/{}", made.id))).json(made))
}

/// How an assessment is answered.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessmentQuery {
    /// `json` (default) or `xlsx` (the ranking, then one sheet per metric).
    #[param(inline)]
    pub format: Option<FigureFormat>,
}

/// One assessment: a draft computed now, a frozen or published one as stored (credit office of
/// its region, auditor, admin).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The assessment"), AssessmentQuery),
    responses((status = 200, description = "The assessment: JSON, or with `format=xlsx` an Excel workbook", content(
        (Assessment = "application/json"),
        (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
    security(("bearer" = []))
)]
#[get("/assessments/{id}")]
pub async fn get_assessment(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    query: lvyue_web::Query<AssessmentQuery>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let today = today(&state);
    let found = db::run(&state, move |conn| assessment::find_visible(conn, Some(&actor), &id, today)).await?;
    match query.into_inner().format.unwrap_or(FigureFormat::Json) {
        FigureFormat::Json => Ok(HttpResponse::Ok().json(found)),
        FigureFormat::Xlsx => {
            let file = format!("assessment-{}-{}.xlsx", found.region_code, found.period);
            Ok(super::xlsx(&file, crate::sheet::assessment(&found)?))
        }
    }
}

async fn step(
    state: web::Data<AppState>,
    actor: lvyue_core::Actor,
    id: String,
    to: AssessmentStatus,
    version: i32,
) -> ApiResult<HttpResponse> {
    let (now, today) = (state.now(), today(&state));
    let done = db::run_write(&state, move |conn| assessment::step(conn, &actor, &id, to, version, today, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Freezes a draft: its figures, marks and ranking are stored as they are now, and later cases
/// never change them (credit office, admin).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The assessment")),
    request_body(content = StepInput, example = json!({"version": 1})),
    responses(
        (status = 200, description = "Frozen", body = Assessment),
        (status = 409, description = "Not a draft, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/assessments/{id}/freeze")]
pub async fn freeze(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<StepInput>,
) -> ApiResult<HttpResponse> {
    step(state, actor, path.into_inner(), AssessmentStatus::Frozen, body.value.version).await
}

/// Publishes a frozen assessment: its ranking becomes public (`GET /api/v1/public/assessments`)
/// and `assessment.published` is announced (credit office, admin).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The assessment")),
    request_body(content = StepInput, example = json!({"version": 2})),
    responses(
        (status = 200, description = "Published", body = Assessment),
        (status = 409, description = "Not frozen, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/assessments/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<StepInput>,
) -> ApiResult<HttpResponse> {
    step(state, actor, path.into_inner(), AssessmentStatus::Published, body.value.version).await
}
