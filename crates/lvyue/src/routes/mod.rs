//! Routes that belong to no single bounded context.

pub mod abolition;
pub mod audit;
pub mod dead_letters;
pub mod events;
pub mod health;
pub mod meta;
pub mod not_found;
pub mod root;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the shared `/api/v1` routes: metadata, the event feed, the audit trail, the dead letters.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(meta::enums)
        .service(events::feed)
        .service(audit::head)
        .service(audit::verification)
        .service(audit::trail)
        .service(dead_letters::list)
        .service(dead_letters::retry)
        .service(abolition::abolish);
}
