//! Who may read and act on the sanctions, in one place.
//!
//! | operation | roles | slice |
//! | --- | --- | --- |
//! | read measures in force, their figures | admin, auditor, credit office, department | admin and auditor all; others their organisation's division (a city includes its counties) |
//! | acknowledge a measure | credit office, department | an organisation with the measure's implementer function (职能) whose division contains the division that governs the measure ([`Implementer`]); never the body the measure binds |
//! | list the measures it carries out (`implementer=me`) | credit office, department | as above |
//! | impose a measure case by case, end one early | admin, credit office | the records and measures of its division |
//! | ask the sanction check | sanction checker, admin | — |
//! | read the check log | admin, auditor | — |
//! | change the catalogue | admin | — |
//!
//! What a slice sees is one SQL condition ([`restrict`]), used by the list and by every load
//! of one measure alike.

use crate::sanction::SanctionRow;
use diesel::prelude::*;
use lvyue_core::sanction::{Binds, ImplementerKind};
use lvyue_core::{Actor, AppError, AppResult, FieldError, Message, RegionCode, Role};
use lvyue_db::schema::sanctions;
use lvyue_db::{DbBackend, DbConn};
use lvyue_registry::organisation::{implementing, of_actor};

/// Who imposes a measure case by case, and ends one early (逐案实施).
pub const IMPOSERS: &[Role] = &[Role::Admin, Role::CreditOffice];
/// Who acknowledges a measure's implementation: organisations, and of them only the
/// implementers of the measure ([`Implementer::carries_out`]).
pub const ACKNOWLEDGERS: &[Role] = &[Role::CreditOffice, Role::Department];
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

/// The division whose implementers govern a measure that binds `binds` for a record of
/// `region`: the subject's own division; for a measure on a county's or city's government,
/// the division above (a county's own bureaus do not sanction their government).
pub fn governing_region(binds: Binds, region: &RegionCode) -> RegionCode {
    match binds {
        Binds::Subject => region.clone(),
        Binds::Region => region.parent().unwrap_or_else(|| region.clone()),
    }
}

/// Who carries a measure on `target` (a credit code) out, whose feed hears it: the registry's
/// organisation with the implementer function in the governing division, or — when there is
/// none but the target itself (a finance bureau is not its own implementer) — in the
/// division above; none when the registry holds no such body yet.
pub fn implementing_body(
    conn: &mut DbConn,
    kind: ImplementerKind,
    governing: &RegionCode,
    target: &str,
) -> AppResult<Option<String>> {
    if let Some(body) = implementing(conn, kind, governing.as_str(), target)? {
        return Ok(Some(body.id));
    }
    match governing.parent() {
        Some(above) => Ok(implementing(conn, kind, above.as_str(), target)?.map(|o| o.id)),
        None => Ok(None),
    }
}

/// An organisation as an implementer (实施单位): its functions and its division.
#[derive(Debug, Clone)]
pub struct Implementer {
    /// The kinds of measure it carries out.
    pub functions: Vec<ImplementerKind>,
    /// Its division.
    pub region: RegionCode,
    /// Its credit code.
    pub uscc: String,
}

impl Implementer {
    /// The caller's organisation as an implementer; 422 on `field` for a caller that names
    /// no organisation (admin, auditor).
    pub fn of_actor(conn: &mut DbConn, actor: &Actor, field: &str) -> AppResult<Implementer> {
        if actor.org.is_none() {
            return Err(AppError::field(FieldError::new(
                field,
                "no_organisation",
                Message::new("调用方不代表任何机构", "the caller does not act for an organisation"),
            )));
        }
        let org = of_actor(conn, actor)?;
        Ok(Implementer { functions: org.functions()?, region: org.region()?, uscc: org.uscc })
    }

    /// True when it carries out `row`: it holds the measure's function, its division contains
    /// the one governing the measure, and the measure does not bind it.
    pub fn carries_out(&self, row: &SanctionRow) -> bool {
        let holds = self.functions.iter().any(|f| f.code() == row.implementer_kind);
        let governs = RegionCode::parse(&row.implementer_region).is_ok_and(|g| self.region.contains(&g));
        holds && governs && row.target_uscc != self.uscc
    }

    /// Restricts `query` to the measures it carries out ([`Self::carries_out`] in SQL).
    pub fn restrict<'a, S>(&self, query: SanctionQuery<'a, S>) -> SanctionQuery<'a, S> {
        let (lo, hi) = self.region.scope_range();
        let kinds: Vec<&'static str> = self.functions.iter().map(|f| f.code()).collect();
        query
            .filter(sanctions::implementer_kind.eq_any(kinds))
            .filter(sanctions::implementer_region.between(lo, hi))
            .filter(sanctions::target_uscc.ne(self.uscc.clone()))
    }
}
