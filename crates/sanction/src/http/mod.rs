//! The sanctions' HTTP routes: the catalogue, measures in force and their acknowledgement,
//! the sanction check and its log, oversight figures.

mod checks;
mod figures;
mod measures;
mod sanctions;

use lvyue_core::{Actor, AppError, AppResult, Message, RegionCode, Role};
use lvyue_db::DbConn;
use lvyue_registry::organisation::find_by_uscc;
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
            let uscc = actor.org.as_ref().ok_or_else(|| AppError::internal("org token without org"))?;
            let org = find_by_uscc(conn, uscc.as_str())?.ok_or_else(|| {
                AppError::Forbidden(Message::new(
                    "令牌所属机构不在机构名录中",
                    "the token's organisation is not in the registry",
                ))
            })?;
            Ok(Some(org.region()?))
        }
        _ => Err(AppError::Forbidden(Message::new(
            "该角色不能查看惩戒措施",
            "this role does not read measures in force",
        ))),
    }
}
