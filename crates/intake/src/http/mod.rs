//! Intake's HTTP routes: `/complaints`, `/channels/{channel}/complaints/{external_id}` and
//! `/contracts/{id}/escalate` (an overdue contract's lead).

mod by_external_id;
mod escalate;
mod get;
mod list;
mod submit;
mod timeline;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers intake's routes (mounted under `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(submit::submit_complaint)
        .service(list::list_complaints)
        .service(get::get_complaint)
        .service(timeline::get_timeline)
        .service(by_external_id::get_by_external_id)
        .service(escalate::escalate_contract)
        .service(escalate::escalate_item);
}
