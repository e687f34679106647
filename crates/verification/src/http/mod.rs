//! Verification's HTTP routes: the actions endpoint, a case's determination, the calendar.

mod act;
mod calendar;
mod determination;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers verification's routes (mounted under `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(act::ActionRoutes)
        .service(determination::get_determination)
        .service(calendar::get_calendar_year)
        .service(calendar::put_calendar_year);
}
