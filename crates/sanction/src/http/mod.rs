//! The sanctions' HTTP routes: the catalogue, measures in force and their acknowledgement,
//! the sanction check and its log, oversight figures.

mod checks;
mod figures;
mod measures;
mod sanctions;

use lvyue_core::{Actor, AppError, AppResult, Message, RegionCode, Role};
use lvyue_db::DbConn;
use lvyue_registry::organisation::of_actor;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the sanctions' routes (mounted under `/api/v1`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(measures::list_measures)
        .service(measures::update_measure)
        .service(sanctions::list_sanctions)
        .service(sanctions::get_sanction)
        .service(sanctions::acknowledge_sanction)
        .service(checks::check_one)
        .service(checks::check_batch)
        .service(checks::check_log)
        .service(figures::sanction_figures);
}

/// The region whose measures the caller sees and acknowledges: None for all (admin,
/// auditor); its organisation's division for a credit office or an implementing department.
pub(crate) fn region_of(conn: &mut DbConn, actor: &Actor) -> AppResult<Option<RegionCode>> {
    match actor.role {
        Role::Admin | Role::Auditor => Ok(None),
        Role::CreditOffice | Role::Department => {
            let org = of_actor(conn, actor)?;
            Ok(Some(org.region()?))
        }
        _ => Err(AppError::Forbidden(Message::new(
            "该角色不能查看惩戒措施",
            "this role does not read measures in force",
        ))),
    }
}
