//! Oversight's HTTP routes (mounted under `/api/v1`).

mod assessments;
mod circulars;
#[cfg(feature = "pdf")]
mod print;
mod public;
mod sanctions;
mod statistics;
mod typical_cases;

use actix_web::HttpResponse;
use utoipa_actix_web::service_config::ServiceConfig;

/// A workbook as a download named `file`.
pub(crate) fn xlsx(file: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(crate::sheet::XLSX)
        .insert_header(("content-disposition", format!("attachment; filename=\"{file}\"")))
        .body(bytes)
}

/// Registers the routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(statistics::case_statistics)
        .service(statistics::data_quality)
        .service(statistics::obligation_statistics)
        .service(statistics::ledger_statistics)
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
        .service(public::one_circular)
        .service(typical_cases::list_candidates)
        .service(typical_cases::create)
        .service(typical_cases::list)
        .service(typical_cases::get)
        .service(typical_cases::add_opinion)
        .service(typical_cases::publish)
        .service(typical_cases::withdraw)
        .service(public::typical_cases)
        .service(public::one_typical_case);
    #[cfg(feature = "pdf")]
    cfg.service(print::circular_pdf)
        .service(print::public_circular_pdf)
        .service(print::assessment_pdf)
        .service(print::public_assessment_pdf);
}
