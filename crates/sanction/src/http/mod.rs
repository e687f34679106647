//! The sanctions' HTTP routes: the catalogue, measures in force and their acknowledgement,
//! the sanction check and its log, oversight figures.

mod checks;
mod figures;
mod measures;
mod sanctions;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the sanctions' routes (mounted under `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(measures::list_measures)
        .service(measures::update_measure)
        .service(sanctions::list_sanctions)
        .service(sanctions::get_sanction)
        .service(sanctions::acknowledge_sanction)
        .service(sanctions::impose_sanction)
        .service(sanctions::end_sanction)
        .service(checks::check_one)
        .service(checks::check_batch)
        .service(checks::check_log)
        .service(figures::sanction_figures);
}
