//! The obligations' HTTP routes (mounted under `/api/v1`).

mod contracts;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(contracts::register)
        .service(contracts::list)
        .service(contracts::get)
        .service(contracts::update)
        .service(contracts::add_milestone)
        .service(contracts::perform)
        .service(contracts::raise_risk)
        .service(contracts::change)
        .service(contracts::close_out);
}
