//! Who sees which repair applications and objections, and who decides them. What a scope
//! sees is one SQL condition (`crate::store`), used by the lists and by every load of one item.
//!
//! | role | sees | decides |
//! | --- | --- | --- |
//! | admin, auditor | all | — |
//! | credit_office | its region's (a city includes its counties) | those whose determining body is not in the registry |
//! | department, data_provider | those where it is the subject, the filer or the deciding body | those it determined (谁认定、谁修复) |
//! | others | — (403) | — |

use lvyue_core::{Actor, AppError, AppResult, Message, RegionCode, Role};
use lvyue_db::DbConn;
use lvyue_registry::organisation::of_actor;

/// A caller's slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepairScope {
    /// Everything (admin, auditor).
    All,
    /// A credit office's region.
    Region(RegionCode),
    /// An organisation (by registry id): as subject, filer or deciding body.
    Org(String),
}

/// Who is involved in an application or an objection.
#[derive(Debug, Clone, Copy)]
pub struct Parties<'a> {
    /// The subject's division.
    pub region_code: &'a str,
    /// The subject.
    pub subject_org_id: Option<&'a str>,
    /// The deciding body (None: the region's credit office decides).
    pub deciding_org_id: Option<&'a str>,
    /// The organisation that filed it.
    pub filer_org_id: Option<&'a str>,
}

/// The caller's slice; 403 for roles that take no part.
pub fn scope_of(conn: &mut DbConn, actor: &Actor) -> AppResult<RepairScope> {
    let org = |conn: &mut DbConn| of_actor(conn, actor);
    match actor.role {
        Role::Admin | Role::Auditor => Ok(RepairScope::All),
        Role::CreditOffice => Ok(RepairScope::Region(org(conn)?.region()?)),
        Role::Department | Role::DataProvider => Ok(RepairScope::Org(org(conn)?.id)),
        _ => Err(AppError::Forbidden(Message::new(
            "该角色不参与信用修复和异议",
            "this role takes no part in credit repair or objections",
        ))),
    }
}

/// True when the caller with `scope` decides an item with `parties` that it sees (谁认定、谁修复):
/// the determining body, or the region's credit office where that body is not in the registry.
pub fn decides(scope: &RepairScope, parties: Parties<'_>) -> bool {
    match (scope, parties.deciding_org_id) {
        (RepairScope::Org(id), Some(decider)) => id == decider,
        (RepairScope::Region(_), None) => true,
        _ => false,
    }
}

/// True when the caller with `scope` is on the filing side of an item with `parties`: the
/// organisation that filed it, or the subject (who supplements and withdraws).
pub fn files(scope: &RepairScope, parties: Parties<'_>) -> bool {
    match scope {
        RepairScope::Org(id) => [parties.filer_org_id, parties.subject_org_id].into_iter().any(|o| o == Some(id)),
        _ => false,
    }
}

/// The 403 for a caller who sees an item but does not decide it.
pub fn not_the_decider() -> AppError {
    AppError::Forbidden(Message::new(
        "只有作出认定的单位可以作出决定（谁认定、谁修复）",
        "only the body that determined the record decides (谁认定、谁修复)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties<'a>(decider: Option<&'a str>) -> Parties<'a> {
        Parties { region_code: "340321", subject_org_id: Some("s"), deciding_org_id: decider, filer_org_id: Some("s") }
    }

    #[test]
    fn the_determining_body_decides_and_the_credit_office_only_without_one() {
        let city = RepairScope::Region(RegionCode::parse("340300").unwrap());
        assert!(decides(&RepairScope::Org("d".into()), parties(Some("d"))));
        assert!(!decides(&RepairScope::Org("s".into()), parties(Some("d"))));
        assert!(!decides(&city, parties(Some("d"))));
        assert!(decides(&city, parties(None)));
        assert!(!decides(&RepairScope::All, parties(None)));
    }
}
