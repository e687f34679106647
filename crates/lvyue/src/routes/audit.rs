//! `GET /api/v1/audit-log`: the append-only trail, for auditors and admins; its chain's head
//! and its verification. Every read of the trail is itself an entry of it.

use actix_web::{get, web, HttpResponse};
use lvyue_core::Actor;
use lvyue_outbox::audit::{self, list, AuditEntry, AuditFilter, AuditPage};
use lvyue_outbox::audit_chain::{self, ChainHead, Verification};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the trail.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// e.g. `complaint`, `organisation`, `channel`.
    #[param(max_length = 200)]
    pub entity_type: Option<String>,
    /// The entity's id.
    #[param(max_length = 200)]
    pub entity_id: Option<String>,
    /// One request (`x-request-id`).
    #[param(max_length = 200)]
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
    let read = serde_json::json!({
        "entity_type": q.entity_type, "entity_id": q.entity_id, "request_id": q.request_id, "cursor": q.cursor,
    });
    let filter = AuditFilter { entity_type: q.entity_type, entity_id: q.entity_id, request_id: q.request_id };
    let now = state.now();
    let page = db::run_write(&state, move |conn| {
        let page = list(conn, &filter, q.cursor.as_deref(), limit)?;
        read_was(conn, &actor, "audit_log.read", read, now)?;
        Ok(page)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Records that `actor` read the trail (`action`, with what it asked): reads of the audit log
/// are audited too.
fn read_was(
    conn: &mut lvyue_db::DbConn,
    actor: &Actor,
    action: &str,
    asked: serde_json::Value,
    now: chrono::NaiveDateTime,
) -> lvyue_core::AppResult<()> {
    audit::append(
        conn,
        now,
        AuditEntry { actor, action, entity_type: "audit_log", entity_id: "", before: None, after: Some(asked) },
    )
}

/// The chain's head: keep its `position` and `chain_hash` elsewhere; a later verification
/// against them proves nothing before it changed (auditor, admin).
#[utoipa::path(
    tag = "audit",
    responses(
        (status = 200, description = "The head of the audit chain", body = ChainHead),
        (status = 403, description = "Not an auditor or admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-log/head")]
pub async fn head(state: web::Data<AppState>, Caller(actor): Caller) -> ApiResult<HttpResponse> {
    actor.require(lvyue_outbox::audit::READERS)?;
    let now = state.now();
    let head = db::run_write(&state, move |conn| {
        let head = audit_chain::current_head(conn)?;
        read_was(conn, &actor, "audit_log.head", serde_json::json!({"position": head.position}), now)?;
        Ok(head)
    })
    .await?;
    Ok(HttpResponse::Ok().json(head))
}

/// A head kept earlier, to verify against.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeptHead {
    /// The kept head's `position` (with `chain_hash`).
    #[param(minimum = 1)]
    pub position: Option<i64>,
    /// The kept head's `chain_hash` (64 hex characters).
    #[param(pattern = "^[0-9a-f]{64}$")]
    pub chain_hash: Option<String>,
}

/// Verifies the audit chain from its first entry: every sealed entry still has its content,
/// every seal its place — and, given a kept head, the chain still has its hash there (auditor,
/// admin). 200 either way; `verified` says which, `first_broken` where.
#[utoipa::path(
    tag = "audit",
    params(KeptHead),
    responses(
        (status = 200, description = "What the verification found", body = Verification),
        (status = 403, description = "Not an auditor or admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A kept head given by half", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-log/verification")]
pub async fn verification(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<KeptHead>,
) -> ApiResult<HttpResponse> {
    actor.require(lvyue_outbox::audit::READERS)?;
    let kept = match query.into_inner() {
        KeptHead { position: Some(p), chain_hash: Some(h) } => Some((p, h)),
        KeptHead { position: None, chain_hash: None } => None,
        _ => {
            return Err(lvyue_core::AppError::invalid(
                "chain_hash",
                "incomplete_head",
                "须同时给出 position 和 chain_hash",
                "give both position and chain_hash",
            )
            .into())
        }
    };
    let now = state.now();
    let found = db::run_write(&state, move |conn| {
        let found = audit_chain::verify(conn, kept.as_ref().map(|(p, h)| (*p, h.as_str())))?;
        read_was(conn, &actor, "audit_log.verify", serde_json::json!({"verified": found.verified}), now)?;
        Ok(found)
    })
    .await?;
    Ok(HttpResponse::Ok().json(found))
}
