//! Deliveries: a subscription's list, one with its attempts, and a replay by hand.

use super::WebhookRuntime;
use crate::delivery::{self, Delivery, DeliveryPage};
use crate::dispatch;
use crate::subscription;
use crate::worker::{lease, record};
use actix_web::{get, post, web, HttpResponse};
use lvyue_core::AppError;
use lvyue_db::write_tx;
use lvyue_outbox::audit::{self, AuditEntry};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the delivery list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// `pending`, `succeeded` or `failed`.
    #[param(inline)]
    pub status: Option<crate::delivery::DeliveryStatus>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// A subscription's deliveries, newest first (admin, auditor).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The subscription id"), DeliveryQuery),
    responses(
        (status = 200, description = "A page", body = DeliveryPage),
        (status = 404, description = "No such subscription", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/webhook-subscriptions/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    query: lvyue_web::Query<DeliveryQuery>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::access::READERS)?;
    let id = path.into_inner();
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let page = db::run(&state, move |conn| {
        subscription::find(conn, &id)?.ok_or(AppError::NotFound)?;
        delivery::list(conn, &id, q.status.map(|s| s.code()), q.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One delivery with its body and every attempt (admin, auditor).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The delivery id")),
    responses(
        (status = 200, description = "The delivery", body = Delivery),
        (status = 404, description = "No such delivery", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/webhook-deliveries/{id}")]
pub async fn get_delivery(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::access::READERS)?;
    let id = path.into_inner();
    let view = db::run(&state, move |conn| delivery::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Sends a delivery again now, whatever its status, with the same `webhook-id` (admin).
/// Answers the delivery after the attempt; a failed replay goes back to the retry schedule.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The delivery id")),
    responses(
        (status = 200, description = "The delivery after the attempt", body = Delivery),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delivery", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The subscription is disabled", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/webhook-deliveries/{id}/replay")]
pub async fn replay_delivery(
    state: web::Data<AppState>,
    runtime: web::Data<WebhookRuntime>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::access::OPERATORS)?;
    let id = path.into_inner();
    let now = state.now();
    let settings = runtime.settings.clone();
    let window = settings.give_up_after;
    let claim_id = id.clone();
    let job = db::run_write(&state, move |conn| {
        write_tx(conn, |conn| {
            let job = delivery::claim_replay(conn, &claim_id, now, lease(&settings), window)?;
            audit::append(
                conn,
                now,
                AuditEntry {
                    actor: &actor,
                    action: "webhook_delivery.replay",
                    entity_type: "webhook_delivery",
                    entity_id: &claim_id,
                    before: None,
                    after: None,
                },
            )?;
            Ok(job)
        })
    })
    .await?;
    let outcome = dispatch::send(&runtime.client, &job, runtime.settings.url_policy).await;
    record(&state, &runtime.settings, job, outcome).await.map_err(AppError::internal)?;
    let view = db::run(&state, move |conn| delivery::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(view))
}
