//! The obligations' HTTP routes (mounted under `/api/v1`).

mod commitments;
mod contracts;
mod imports;
mod reports;
mod warnings;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(contracts::export)
        .service(imports::import_contracts)
        .service(imports::contract_template)
        .service(imports::import_commitments)
        .service(imports::commitment_template)
        .service(contracts::register)
        .service(contracts::list)
        .service(contracts::get)
        .service(contracts::update)
        .service(contracts::add_milestone)
        .service(contracts::perform)
        .service(contracts::raise_risk)
        .service(contracts::change)
        .service(contracts::close_out)
        .service(commitments::register_commitment)
        .service(commitments::list_commitments)
        .service(commitments::get_commitment)
        .service(commitments::update_commitment)
        .service(commitments::fulfil_commitment)
        .service(commitments::change_commitment)
        .service(warnings::list_warnings)
        .service(warnings::acknowledge_warning)
        .service(reports::submit_report)
        .service(reports::monthly_overview);
}
