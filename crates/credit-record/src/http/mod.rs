//! The credit record's HTTP routes: records and their history, corrections, provider
//! imports, the export, a subject's record and a region's roll-up.

mod correct;
mod export;
mod get;
mod import;
mod list;
mod public;
mod region;
mod resolve;
mod subject;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the credit record's routes (mounted under `/api/v1`). The export is
/// registered before `/credit-records/{id}`, which would otherwise take its path.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export::export_credit_records)
        .service(list::list_credit_records)
        .service(import::import_credit_records)
        .service(get::get_credit_record)
        .service(correct::correct_credit_record)
        .service(resolve::resolve_record_subject)
        .service(subject::get_subject_credit_record)
        .service(region::get_region_credit_record)
        .service(public::public_credit_records);
}
