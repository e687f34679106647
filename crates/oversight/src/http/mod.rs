//! Oversight's HTTP routes (mounted under `/api/v1`).

mod statistics;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(statistics::case_statistics);
}
