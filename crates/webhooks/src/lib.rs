//! lvyue-webhooks (实时反馈受理单位): every event a subscriber may see reaches it as a
//! Standard Webhooks 1.0 delivery, signed, retried with backoff for days, recorded attempt
//! by attempt and replayable by hand. The pull feed stays the fallback.
//!
//! - `subscription`: subscribers (admin-registered URL, `whsec_` secret, scope, event filter).
//! - `signature`: the secret and the `webhook-signature` header.
//! - `retry`: the backoff schedule.
//! - `fanout`: walks the event feed per subscription and creates deliveries, once each.
//! - `dispatch`: claims due deliveries under a lease, sends them, records the outcome.
//! - `delivery`: reading and replaying deliveries.
//!
//! Safe with several replicas on PostgreSQL: fan-out locks the subscription row, the
//! dispatcher claims with `FOR UPDATE SKIP LOCKED` and a lease. Delivery is at least once;
//! a redelivery carries the same `webhook-id`.

pub mod access;
pub mod address;
pub mod delivery;
pub mod dispatch;
pub mod fanout;
pub mod http;
pub mod retry;
pub mod signature;
pub mod subscription;
pub mod worker;

/// The dispatcher's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSettings {
    /// How long the dispatcher sleeps when there is nothing to do.
    pub poll: std::time::Duration,
    /// The first retry delay; each next one doubles (capped at six hours), ±25% jitter.
    pub retry_base: std::time::Duration,
    /// How long after the event the dispatcher keeps trying (default 72 hours).
    pub give_up_after: chrono::Duration,
    /// How long a receiver has to answer.
    pub timeout: std::time::Duration,
    /// Deliveries sent at once.
    pub concurrency: usize,
    /// Where deliveries may go (`LVYUE_WEBHOOK_ALLOW_PRIVATE`; strict in production).
    pub url_policy: address::UrlPolicy,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            poll: std::time::Duration::from_secs(1),
            retry_base: std::time::Duration::from_secs(5),
            give_up_after: chrono::Duration::hours(72),
            timeout: std::time::Duration::from_secs(15),
            concurrency: 8,
            url_policy: address::UrlPolicy::LOCAL,
        }
    }
}
