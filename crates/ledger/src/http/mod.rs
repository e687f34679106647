//! The ledger's HTTP routes (mounted under `/api/v1`).

mod campaigns;
mod items;
mod sheets;

pub use sheets::LedgerExportFormat;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes (the fixed paths before `/ledger-items/{id}`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(sheets::export_items)
        .service(sheets::import_items)
        .service(sheets::ledger_template)
        .service(items::record_item)
        .service(items::list_items)
        .service(items::get_item)
        .service(items::update_item)
        .service(items::plan_item)
        .service(items::step_progress)
        .service(items::repay_item)
        .service(items::close_item)
        .service(campaigns::start_campaign)
        .service(campaigns::list_campaigns)
        .service(campaigns::get_campaign)
        .service(campaigns::campaign_progress)
        .service(campaigns::submit_to_campaign);
}
