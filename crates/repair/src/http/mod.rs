//! The repair and objection routes: applications and their decisions and supplements,
//! objections and their decisions, each with lists for the deciding bodies.

mod applications;
mod objections;

use crate::scope::RepairScope;
use lvyue_core::{AppError, AppResult, Message};
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

/// Filters shared by both lists, parsed.
pub(crate) struct ListFilter {
    pub status: Option<String>,
    pub overdue: bool,
    pub deciding: bool,
    pub record_id: Option<String>,
    pub limit: i64,
    pub cursor: Option<String>,
}

/// `deciding=true` needs a caller that decides something.
pub(crate) fn check_deciding(scope: &RepairScope, deciding: bool) -> AppResult<()> {
    if deciding && matches!(scope, RepairScope::All) {
        return Err(AppError::Malformed(Message::new(
            "管理员和审计角色不作出决定，不能使用 deciding=true",
            "admins and auditors decide nothing; `deciding=true` does not apply",
        )));
    }
    Ok(())
}

/// Generates the scope condition, the filters and the keyset page for one of the two tables.
macro_rules! scoped_page {
    ($table:ident, $filer:ident, $row:ty, $scope:expr, $f:expr, $today:expr, $conn:expr) => {{
        use diesel::prelude::*;
        use lvyue_db::schema::$table as t;
        let mut query = t::table.select(<$row>::as_select()).into_boxed();
        match $scope {
            RepairScope::All => {}
            RepairScope::Region(r) => {
                let (lo, hi) = r.scope_range();
                query = query.filter(t::region_code.between(lo, hi));
                if $f.deciding {
                    query = query.filter(t::deciding_org_id.is_null());
                }
            }
            RepairScope::Org(id) => {
                if $f.deciding {
                    query = query.filter(t::deciding_org_id.eq(id.clone()));
                } else {
                    query = query.filter(
                        t::subject_org_id
                            .eq(id.clone())
                            .or(t::deciding_org_id.eq(id.clone()))
                            .or(t::$filer.eq(id.clone()))
                            .assume_not_null(),
                    );
                }
            }
        }
        if let Some(s) = $f.status.clone() {
            query = query.filter(t::status.eq(s));
        }
        if $f.overdue {
            query = query.filter(t::status.eq("pending")).filter(t::due_on.lt($today));
        }
        if let Some(r) = $f.record_id.clone() {
            query = query.filter(t::record_id.eq(r));
        }
        if let Some(c) = $f.cursor.clone() {
            query = query.filter(t::id.lt(c));
        }
        let mut rows: Vec<$row> = query.order_by(t::id.desc()).limit($f.limit + 1).load($conn)?;
        let next_cursor = if rows.len() as i64 > $f.limit {
            rows.truncate($f.limit as usize);
            rows.last().map(|r| r.id.clone())
        } else {
            None
        };
        (rows, next_cursor)
    }};
}
pub(crate) use scoped_page;
