//! The registry's HTTP routes: `/organisations` and `/channels`.

mod channels;
mod organisations;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the registry's routes (mounted under `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(organisations::create_organisation)
        .service(organisations::import_organisations)
        .service(organisations::list_organisations)
        .service(organisations::get_organisation)
        .service(organisations::replace_organisation)
        .service(channels::list_channels)
        .service(channels::create_channel)
        .service(channels::update_channel);
}
