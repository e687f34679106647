//! Intake's HTTP routes: `/complaints`, `/channels/{channel}/complaints/{external_id}` and
//! `/contracts/{id}/escalate` (an overdue contract's lead).

mod by_external_id;
mod escalate;
mod get;
mod list;
mod submit;
mod timeline;

use lvyue_case::CaseContext;
use lvyue_web::AppState;
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

/// Runs `f` with the intake context of this moment.
pub fn with_context<T>(state: &AppState, f: impl FnOnce(&CaseContext<'_>) -> T) -> T {
    let calendar = state.calendar();
    let now = state.clock.now();
    let ctx = CaseContext {
        now,
        stored_now: lvyue_core::time::to_stored(now),
        calendar: &calendar,
        settings: &state.settings,
    };
    f(&ctx)
}
