//! Oversight's HTTP routes (mounted under `/api/v1`).

mod assessments;
mod circulars;
mod public;
mod sanctions;
mod statistics;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(statistics::case_statistics)
        .service(sanctions::sanction_statistics)
        .service(assessments::put_scheme)
        .service(assessments::get_scheme)
        .service(assessments::create_assessment)
        .service(assessments::get_assessment)
        .service(assessments::freeze)
        .service(assessments::publish)
        .service(circulars::create)
        .service(circulars::get)
        .service(circulars::publish)
        .service(public::list)
        .service(public::one)
        .service(public::circulars)
        .service(public::one_circular);
}
