//! Which credit records a caller may see (visibility rules per role):
//!
//! | role | records |
//! | --- | --- |
//! | admin, auditor | all |
//! | credit_office | its region's (a city includes its counties), every visibility |
//! | department | its own (as subject) and those it determined |
//! | data_provider | those it provided |
//! | credit_platform | `public` and `shared` ones, every status (it must hear that one ended) |
//! | channel | `public` ones in force (what the credit website shows) |
//! | sanction_checker | none (it asks the sanction check) |

use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, RecordStatus, RecordVisibility, RegionCode, Role};
use lvyue_db::schema::credit_records;
use lvyue_db::{DbBackend, DbConn};
use lvyue_registry::organisation::of_actor;

use crate::record::CreditRecordRow;

/// A caller's slice of the credit records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordScope {
    /// Everything.
    All,
    /// A region's subjects.
    Region(RegionCode),
    /// An organisation's own records and those it determined.
    Org(String),
    /// What a provider provided.
    Provider(String),
    /// Shared with the public credit platform.
    Shared,
    /// Published and in force.
    Published,
}

/// The caller's slice.
pub fn scope_of(conn: &mut DbConn, actor: &Actor) -> AppResult<RecordScope> {
    let org = |conn: &mut DbConn| of_actor(conn, actor);
    Ok(match actor.role {
        Role::Admin | Role::Auditor => RecordScope::All,
        Role::CreditOffice => RecordScope::Region(org(conn)?.region()?),
        Role::Department => RecordScope::Org(org(conn)?.id),
        Role::DataProvider => RecordScope::Provider(org(conn)?.id),
        Role::CreditPlatform => RecordScope::Shared,
        Role::Channel => RecordScope::Published,
        Role::SanctionChecker => {
            return Err(AppError::Forbidden(Message::new(
                "惩戒核查角色请使用惩戒核查接口",
                "the sanction_checker role asks the sanction check, not the records",
            )))
        }
    })
}

/// A boxed query on `credit_records`.
pub type RecordQuery<'a> = credit_records::BoxedQuery<'a, DbBackend>;

/// A scope's condition on `credit_records`.
pub type Condition<'a> = Box<
    dyn diesel::expression::BoxableExpression<credit_records::table, DbBackend, SqlType = diesel::sql_types::Bool> + 'a,
>;

/// Restricts a query on `credit_records` to the scope.
pub fn restrict<'a>(query: RecordQuery<'a>, scope: &RecordScope) -> RecordQuery<'a> {
    match condition(scope) {
        Some(c) => query.filter(c),
        None => query,
    }
}

/// The scope as a condition on `credit_records`; None for everything.
pub fn condition<'a>(scope: &RecordScope) -> Option<Condition<'a>> {
    let shared = vec![RecordVisibility::Public.code(), RecordVisibility::Shared.code()];
    let in_force = vec![RecordStatus::Active.code(), RecordStatus::UnderObjection.code()];
    let condition: Condition<'a> = match scope.clone() {
        RecordScope::All => return None,
        RecordScope::Region(r) => {
            let (lo, hi) = r.scope_range();
            Box::new(credit_records::region_code.between(lo, hi))
        }
        RecordScope::Org(id) => Box::new(
            credit_records::subject_org_id
                .eq(id.clone())
                .or(credit_records::determining_org_id.eq(id))
                .assume_not_null(),
        ),
        RecordScope::Provider(id) => Box::new(credit_records::provider_org_id.eq(id).assume_not_null()),
        RecordScope::Shared => Box::new(credit_records::visibility.eq_any(shared)),
        RecordScope::Published => Box::new(
            credit_records::visibility.eq(RecordVisibility::Public.code()).and(credit_records::status.eq_any(in_force)),
        ),
    };
    Some(condition)
}

/// Record `id` as `scope` sees it — the same condition as the lists — locked for the rest
/// of the transaction on PostgreSQL when `lock`; 404 when it does not exist or lies outside.
pub fn load_visible(conn: &mut DbConn, scope: &RecordScope, id: &str, lock: bool) -> AppResult<CreditRecordRow> {
    if lock {
        crate::write::lock(conn, id)?;
    }
    restrict(credit_records::table.into_boxed(), scope)
        .filter(credit_records::id.eq(id.to_owned()))
        .select(CreditRecordRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}
