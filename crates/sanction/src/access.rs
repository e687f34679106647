//! Who may read and act on the sanctions, in one place.
//!
//! | operation | roles | slice |
//! | --- | --- | --- |
//! | read measures in force, their figures | admin, auditor, credit office, department | admin and auditor all; others their organisation's division (a city includes its counties) |
//! | acknowledge a measure | admin, credit office, department | as above |
//! | impose a measure case by case, end one early | admin, credit office | the records and measures of its division |
//! | ask the sanction check | sanction checker, admin | — |
//! | read the check log | admin, auditor | — |
//! | change the catalogue | admin | — |
//!
//! What a slice sees is one SQL condition ([`restrict`]), used by the list and by every load
//! of one measure alike.

use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, RegionCode, Role};
use lvyue_db::schema::sanctions;
use lvyue_db::{DbBackend, DbConn};
use lvyue_registry::organisation::of_actor;

/// Who imposes a measure case by case, and ends one early (逐案实施).
pub const IMPOSERS: &[Role] = &[Role::Admin, Role::CreditOffice];
/// Who acknowledges a measure's implementation.
pub const ACKNOWLEDGERS: &[Role] = &[Role::Admin, Role::CreditOffice, Role::Department];
/// Who asks the sanction check.
pub const CHECKERS: &[Role] = &[Role::SanctionChecker, Role::Admin];
/// Who reads the sanction check log.
pub const LOG_READERS: &[Role] = &[Role::Admin, Role::Auditor];
/// Who changes the catalogue.
pub const CATALOGUE_EDITORS: &[Role] = &[Role::Admin];

/// The measures a caller sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SanctionScope {
    /// Every measure (admin, auditor).
    All,
    /// A division's, counties included (credit office, implementing department).
    Region(RegionCode),
}

impl SanctionScope {
    /// True when the scope covers all of `region`.
    pub fn covers(&self, region: &RegionCode) -> bool {
        match self {
            SanctionScope::All => true,
            SanctionScope::Region(own) => own.contains(region),
        }
    }
}

/// The caller's slice; 403 for a role that reads no measures.
pub fn scope_of(conn: &mut DbConn, actor: &Actor) -> AppResult<SanctionScope> {
    match actor.role {
        Role::Admin | Role::Auditor => Ok(SanctionScope::All),
        Role::CreditOffice | Role::Department => Ok(SanctionScope::Region(of_actor(conn, actor)?.region()?)),
        _ => Err(AppError::Forbidden(Message::new(
            "该角色不能查看惩戒措施",
            "this role does not read measures in force",
        ))),
    }
}

/// A boxed query of measures.
pub type SanctionQuery<'a, S> = sanctions::BoxedQuery<'a, DbBackend, S>;

/// Restricts `query` to the measures `scope` sees.
pub fn restrict<'a, S>(query: SanctionQuery<'a, S>, scope: &SanctionScope) -> SanctionQuery<'a, S> {
    match scope {
        SanctionScope::All => query,
        SanctionScope::Region(r) => {
            let (lo, hi) = r.scope_range();
            query.filter(sanctions::region_code.between(lo, hi))
        }
    }
}
