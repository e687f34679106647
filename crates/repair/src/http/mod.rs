//! The repair and objection routes: applications and their decisions and supplements,
//! objections and their decisions, each with lists for the deciding bodies.

mod applications;
mod objections;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes (mounted under `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(applications::create_repair_application)
        .service(applications::list_repair_applications)
        .service(applications::get_repair_application)
        .service(applications::decide_repair_application)
        .service(applications::supplement_repair_application)
        .service(applications::withdraw_repair_application)
        .service(objections::create_objection)
        .service(objections::list_objections)
        .service(objections::get_objection)
        .service(objections::decide_objection);
}
