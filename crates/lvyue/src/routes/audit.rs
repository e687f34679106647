//! `GET /api/v1/audit-log`: the append-only trail, for auditors and admins.

use actix_web::{get, web, HttpResponse};
use lvyue_outbox::audit::{list, AuditFilter, AuditPage};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the trail.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// e.g. `complaint`, `organisation`, `channel`.
    pub entity_type: Option<String>,
    /// The entity's id.
    pub entity_id: Option<String>,
    /// One request (`x-request-id`).
    pub request_id: Option<String>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// Reads the audit trail oldest first (auditor, admin).
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of the trail", body = AuditPage),
        (status = 403, description = "Not an auditor or admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-log")]
pub async fn trail(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    actor.require(lvyue_outbox::audit::READERS)?;
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let filter = AuditFilter { entity_type: q.entity_type, entity_id: q.entity_id, request_id: q.request_id };
    let page = db::run(&state, move |conn| list(conn, &filter, q.cursor.as_deref(), limit)).await?;
    Ok(HttpResponse::Ok().json(page))
}
