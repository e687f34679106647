//! `GET /warnings`, `POST /warnings/{id}/acknowledgement`.

use crate::warning::acknowledge::WarningAcknowledgementInput;
use crate::warning::read::WarningPage;
use crate::warning::store::Warning;
use crate::warning::{WarningKind, WarningStatus};
use actix_web::{get, post, web, HttpResponse};
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Which warnings.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WarningQuery {
    /// A division (a city includes its counties).
    pub region_code: Option<String>,
    /// `open`, `escalated` or `acknowledged`.
    #[param(inline)]
    pub status: Option<WarningStatus>,
    /// What they are about.
    #[param(inline)]
    pub kind: Option<WarningKind>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The warnings the caller sees (风险提示和警示), newest first: a unit its own; the credit office
/// and the justice bureau their region; auditors and admins all.
#[utoipa::path(
    tag = "obligation",
    params(WarningQuery),
    responses(
        (status = 200, description = "A page", body = WarningPage),
        (status = 403, description = "A role that reads no obligations", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/warnings")]
pub async fn list_warnings(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<WarningQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = q
        .region_code
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
        .transpose()?;
    let limit = Limit::or_default(q.limit).0;
    let page = db::run_on_replica(&state, move |conn| {
        crate::warning::read::list(conn, &actor, (region, q.status, q.kind), q.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The unit answers a warning with the action it took (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The warning")),
    request_body(content = WarningAcknowledgementInput, example = json!({"version": 1, "action_taken": "已安排资金，将于到期前支付"})),
    responses(
        (status = 200, description = "Acknowledged", body = Warning),
        (status = 409, description = "Already acknowledged, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/warnings/{id}/acknowledgement")]
pub async fn acknowledge_warning(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<WarningAcknowledgementInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done =
        db::run_write(&state, move |conn| crate::warning::acknowledge::acknowledge(conn, &actor, &id, body.value, now))
            .await?;
    Ok(HttpResponse::Ok().json(done))
}
