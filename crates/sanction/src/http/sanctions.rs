//! `GET /sanctions`, `POST /sanctions` (case by case), `GET /sanctions/{id}`,
//! `POST /sanctions/{id}/acknowledgement`, `POST /sanctions/{id}/end`.

use crate::access::{scope_of, Implementer};
use crate::impose::{end_early, impose, EndInput, ImposeContext, ImposeInput};
use crate::read::{self, SanctionFilter, SanctionPage};
use crate::sanction::{acknowledge, AcknowledgementInput, Sanction};
use actix_web::{get, post, web, HttpResponse};
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SanctionQuery {
    /// `in_force`, `suspended` or `ended`.
    #[param(inline)]
    pub status: Option<lvyue_core::sanction::SanctionStatus>,
    /// `true`: only those in force, not acknowledged and past their day.
    pub ack_overdue: Option<bool>,
    /// The record that caused them.
    #[param(format = Uuid)]
    pub record_id: Option<String>,
    /// Whom they bind (credit code).
    #[param(max_length = 200)]
    pub target: Option<String>,
    /// A division (a city includes its counties).
    pub region_code: Option<String>,
    /// `me`: only the measures the caller's organisation carries out — it holds their
    /// implementer function in a division containing the one that governs them (422 for a
    /// caller acting for no organisation).
    #[param(pattern = "^me$", example = "me")]
    pub implementer: Option<String>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// Measures in force (and ended) in the caller's region, newest first.
#[utoipa::path(
    tag = "sanction",
    params(SanctionQuery),
    responses(
        (status = 200, description = "A page", body = SanctionPage),
        (status = 403, description = "The role reads no measures", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter is not valid (`implementer=me` from a caller acting for no organisation)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sanctions")]
pub async fn list_sanctions(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<SanctionQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let filter_region = q
        .region_code
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
        .transpose()?;
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let filter = SanctionFilter {
        status: q.status,
        ack_overdue: q.ack_overdue == Some(true),
        record_id: q.record_id,
        target: q.target,
        region: filter_region,
        implementer: None,
    };
    let page = db::run_on_replica(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        let implementer = match q.implementer.as_deref() {
            Some("me") => Some(Implementer::of_actor(conn, &actor, "implementer")?),
            Some(_) => {
                return Err(AppError::field(lvyue_core::FieldError::new(
                    "implementer",
                    "invalid_value",
                    lvyue_core::Message::new("只能为 me", "the only value is me"),
                )))
            }
            None => None,
        };
        read::list(conn, &scope, SanctionFilter { implementer, ..filter }, q.cursor.as_deref(), limit, today)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One measure.
#[utoipa::path(
    tag = "sanction",
    params(("id" = String, Path, description = "The measure in force")),
    responses(
        (status = 200, description = "The measure", body = Sanction),
        (status = 404, description = "No such measure in the caller's region", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sanctions/{id}")]
pub async fn get_sanction(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let view = db::run(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        Ok(read::find_visible(conn, &scope, &id)?.view_on(Some(today)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The implementing department acknowledges a measure and records its implementation
/// (date, document number, note) — once. A credit office or an admin may record it too.
#[utoipa::path(
    tag = "sanction",
    params(("id" = String, Path, description = "The measure in force")),
    request_body(content = AcknowledgementInput, example = AcknowledgementInput::example),
    responses(
        (status = 200, description = "The measure after the acknowledgement", body = Sanction),
        (status = 403, description = "Not its implementer: a role that acknowledges nothing, an organisation without the measure's implementer function in the division governing it, or the body the measure binds", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such measure in the caller's region", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already acknowledged, ended, or a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sanctions/{id}/acknowledgement")]
pub async fn acknowledge_sanction(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<AcknowledgementInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let now = state.clock.now();
    let today = lvyue_core::time::shanghai_date(now);
    let stored = lvyue_core::time::to_stored(now);
    let view = db::run_write(&state, move |conn| {
        let row = acknowledge(conn, &actor, &id, body.value, (today, stored))?;
        Ok(row.view_on(Some(today)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Imposes a catalogue measure case by case (逐案实施) on a record in force in the caller's
/// region — 公开通报批评, 追究责任人, 扣转国库存款或减少转移支付, which no record kind triggers by
/// itself, or any other. It then behaves like every measure: restrictions, the check, the
/// acknowledgement, `sanction.in_force`, and its end when the record is repaired, expires or is
/// revoked.
#[utoipa::path(
    tag = "sanction",
    request_body(content = ImposeInput, example = ImposeInput::example),
    responses(
        (status = 201, description = "The measure, in force", body = Sanction),
        (status = 403, description = "Not a credit office or an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record in the caller's region", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "record_not_in_force, already_in_force, measure_inactive or target_unresolved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (an unknown measure, dates out of order or past the record's expiry)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sanctions")]
pub async fn impose_sanction(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<ImposeInput>,
) -> ApiResult<HttpResponse> {
    let now = state.clock.now();
    let calendar = state.calendar();
    let ack_working_days = state.settings.time_limits.sanction_ack_working_days;
    let (today, stored) = (lvyue_core::time::shanghai_date(now), lvyue_core::time::to_stored(now));
    let view = db::run_write(&state, move |conn| {
        let ctx = ImposeContext { calendar: &calendar, ack_working_days, today, now: stored };
        Ok(impose(conn, &actor, body.value, ctx)?.view_on(Some(today)))
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Ends a measure early, with a reason (a credit office of its region, or an admin): its
/// restrictions go, and `sanction.ended` carries the reason as `end_reason`.
#[utoipa::path(
    tag = "sanction",
    params(("id" = String, Path, description = "The measure")),
    request_body(content = EndInput, example = EndInput::example),
    responses(
        (status = 200, description = "The measure, ended", body = Sanction),
        (status = 403, description = "Not a credit office or an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such measure in the caller's region", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Ended already, or a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sanctions/{id}/end")]
pub async fn end_sanction(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<EndInput>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let now = state.clock.now();
    let (today, stored) = (lvyue_core::time::shanghai_date(now), lvyue_core::time::to_stored(now));
    let view =
        db::run_write(&state, move |conn| Ok(end_early(conn, &actor, &id, body.value, stored)?.view_on(Some(today))))
            .await?;
    Ok(HttpResponse::Ok().json(view))
}
