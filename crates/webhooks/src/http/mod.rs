//! The webhooks' HTTP routes: subscriptions (admin), their deliveries (admin, auditor), replays.

mod deliveries;
mod subscriptions;

use crate::WebhookSettings;
use utoipa_actix_web::service_config::ServiceConfig;

/// What the replay route needs: the settings and a client (app data).
#[derive(Clone)]
pub struct WebhookRuntime {
    /// Settings.
    pub settings: WebhookSettings,
    /// The HTTP client.
    pub client: reqwest::Client,
}

/// Registers the routes (mounted under `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(subscriptions::create_subscription)
        .service(subscriptions::list_subscriptions)
        .service(subscriptions::get_subscription)
        .service(subscriptions::update_subscription)
        .service(deliveries::list_deliveries)
        .service(deliveries::get_delivery)
        .service(deliveries::replay_delivery);
}
