//! `/webhook-subscriptions`: registering and managing subscribers (admin; auditors read).

use crate::subscription::{self, Subscription, SubscriptionInput, SubscriptionUpdate};
use actix_web::{get, patch, post, web, HttpResponse};
use lvyue_core::AppError;
use lvyue_db::write_tx;
use lvyue_outbox::audit::{self, AuditEntry};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody};
use serde::Serialize;
use utoipa::ToSchema;

/// The subscriptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionList {
    /// Oldest first.
    pub subscriptions: Vec<Subscription>,
}

/// Registers a subscriber (admin). The answer carries the `whsec_` signing secret, shown
/// only this once. Deliveries start with the events that commit from now on.
#[utoipa::path(
    tag = "webhooks",
    request_body(content = SubscriptionInput, example = SubscriptionInput::example),
    responses(
        (status = 201, description = "Registered; keep the secret", body = Subscription),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid URL (only https — http outside production — without user-info; in production no loopback, link-local or private address), scope or filter", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/webhook-subscriptions")]
pub async fn create_subscription(
    state: web::Data<AppState>,
    runtime: web::Data<super::WebhookRuntime>,
    Caller(actor): Caller,
    body: JsonBody<SubscriptionInput>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::access::OPERATORS)?;
    let now = state.now();
    let policy = runtime.settings.url_policy;
    let created = db::run_write(&state, move |conn| {
        write_tx(conn, |conn| {
            let created = subscription::create(conn, body.value, policy, now)?;
            let mut shown = serde_json::to_value(&created).unwrap_or_default();
            if let serde_json::Value::Object(m) = &mut shown {
                m.remove("secret");
            }
            audit::append(
                conn,
                now,
                AuditEntry {
                    actor: &actor,
                    action: "webhook_subscription.create",
                    entity_type: "webhook_subscription",
                    entity_id: &created.id,
                    before: None,
                    after: Some(shown),
                },
            )?;
            Ok(created)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Lists the subscribers (admin, auditor).
#[utoipa::path(
    tag = "webhooks",
    responses(
        (status = 200, description = "The subscriptions", body = SubscriptionList),
        (status = 403, description = "Neither admin nor auditor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/webhook-subscriptions")]
pub async fn list_subscriptions(state: web::Data<AppState>, Caller(actor): Caller) -> ApiResult<HttpResponse> {
    actor.require(crate::access::READERS)?;
    let rows = db::run(&state, subscription::list).await?;
    Ok(HttpResponse::Ok().json(SubscriptionList { subscriptions: rows.iter().map(|r| r.view()).collect() }))
}

/// Reads one subscriber (admin, auditor).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The subscription id")),
    responses(
        (status = 200, description = "The subscription", body = Subscription),
        (status = 404, description = "No such subscription", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/webhook-subscriptions/{id}")]
pub async fn get_subscription(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::access::READERS)?;
    let id = path.into_inner();
    let row = db::run(&state, move |conn| subscription::find(conn, &id)?.ok_or(AppError::NotFound)).await?;
    Ok(HttpResponse::Ok().json(row.view()))
}

/// Changes a subscriber (admin): its name, URL, filter, or `active` — `true` re-enables one
/// disabled by a 410; the deliveries it missed while disabled are then sent.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "The subscription id")),
    request_body(content = SubscriptionUpdate, example = SubscriptionUpdate::example),
    responses(
        (status = 200, description = "Changed", body = Subscription),
        (status = 404, description = "No such subscription", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/webhook-subscriptions/{id}")]
pub async fn update_subscription(
    state: web::Data<AppState>,
    runtime: web::Data<super::WebhookRuntime>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<SubscriptionUpdate>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::access::OPERATORS)?;
    let id = path.into_inner();
    let now = state.now();
    let policy = runtime.settings.url_policy;
    let after = db::run_write(&state, move |conn| {
        write_tx(conn, |conn| {
            let (before, after) = subscription::update(conn, &id, body.value, policy, now)?;
            audit::append(
                conn,
                now,
                AuditEntry {
                    actor: &actor,
                    action: "webhook_subscription.update",
                    entity_type: "webhook_subscription",
                    entity_id: &id,
                    before: Some(serde_json::to_value(before.view()).unwrap_or_default()),
                    after: Some(serde_json::to_value(after.view()).unwrap_or_default()),
                },
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(after.view()))
}
