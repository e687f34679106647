//! Who sees and writes the ledger, in one place.
//!
//! | caller | sees | writes items | runs campaigns |
//! | --- | --- | --- | --- |
//! | a department (or data provider) | its organisation's items and campaigns | its own | — |
//! | credit office | its region's (a city includes its counties) | for a unit of its region (arrears clearances that never came as complaints) | in its region |
//! | auditor | everything | — | — |
//! | admin | everything | everything | everywhere |
//!
//! Anything outside the caller's slice answers 404. Responsible persons' names are shown to the
//! unit, its credit office and admins; masked (`张*`) for auditors.

use lvyue_core::{Actor, AppError, AppResult, Message, RegionCode, Role};
use lvyue_db::DbConn;
use lvyue_registry::organisation::{of_actor, OrganisationRow};

pub use lvyue_registry::unit_scope::{Bounds, UnitScope as Scope};

/// The caller's slice.
pub fn scope_of(conn: &mut DbConn, actor: &Actor) -> AppResult<Scope> {
    Ok(match actor.role {
        Role::Admin | Role::Auditor => Scope::All,
        Role::CreditOffice => Scope::Region(of_actor(conn, actor)?.region()?),
        Role::Department | Role::DataProvider => Scope::Own(of_actor(conn, actor)?.id),
        _ => {
            return Err(AppError::Forbidden(Message::new("该角色不能查看问题台账", "the role reads no problem ledger")))
        }
    })
}

/// What a caller may change, resolved once per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteRight {
    /// Everything (an admin).
    Any,
    /// One unit's items (the unit).
    Own(String),
    /// A division's items (its credit office).
    Region(RegionCode),
    /// Nothing (auditors).
    Nothing,
}

impl WriteRight {
    /// Whether the caller changes an item of `org_id` in `region`.
    pub fn covers(&self, org_id: &str, region: &str) -> bool {
        match self {
            WriteRight::Any => true,
            WriteRight::Own(own) => own == org_id,
            WriteRight::Region(r) => RegionCode::parse(region).is_ok_and(|x| r.contains(&x)),
            WriteRight::Nothing => false,
        }
    }
}

/// The caller's right to change ledger items.
pub fn write_right(conn: &mut DbConn, actor: &Actor) -> AppResult<WriteRight> {
    Ok(match actor.role {
        Role::Admin => WriteRight::Any,
        Role::Department | Role::DataProvider => WriteRight::Own(of_actor(conn, actor)?.id),
        Role::CreditOffice => WriteRight::Region(of_actor(conn, actor)?.region()?),
        _ => WriteRight::Nothing,
    })
}

/// Whether `actor` writes the items of organisation `org_id` in `region`.
pub fn writes(conn: &mut DbConn, actor: &Actor, org_id: &str, region: &str) -> AppResult<bool> {
    Ok(write_right(conn, actor)?.covers(org_id, region))
}

/// 403 unless `actor` writes the items of `org_id` in `region`.
pub fn must_write(conn: &mut DbConn, actor: &Actor, org_id: &str, region: &str) -> AppResult<()> {
    if writes(conn, actor, org_id, region)? {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::new(
            "仅问题所属单位或其信用办可以更新",
            "only the unit or its credit office changes a ledger item",
        )))
    }
}

/// The unit an item is recorded for: a unit's own, or for a credit office or admin the one
/// named (in the office's region).
pub fn unit_for(conn: &mut DbConn, actor: &Actor, named: Option<&str>) -> AppResult<OrganisationRow> {
    match actor.role {
        Role::Department | Role::DataProvider => of_actor(conn, actor),
        Role::CreditOffice | Role::Admin => {
            let id = named.ok_or_else(|| {
                AppError::invalid("org_id", "required", "须指明问题所属单位", "name the unit the problem belongs to")
            })?;
            let org = lvyue_registry::organisation::find(conn, id)?.ok_or_else(|| {
                AppError::invalid(
                    "org_id",
                    "unknown_organisation",
                    "名录中没有该机构",
                    "no such organisation in the registry",
                )
            })?;
            if !scope_of(conn, actor)?.covers(&org.id, &org.region_code) {
                return Err(AppError::invalid(
                    "org_id",
                    "outside_region",
                    "该单位不在本信用办辖区内",
                    "the unit lies outside your region",
                ));
            }
            Ok(org)
        }
        _ => Err(AppError::Forbidden(Message::new(
            "仅问题所属单位或其信用办可以登记问题",
            "only a unit or its credit office records ledger items",
        ))),
    }
}

/// Whether `actor` sees responsible persons' names in clear.
pub fn sees_names(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::CreditOffice | Role::Department | Role::DataProvider)
}

/// 403 unless the caller runs campaigns (a credit office, an admin).
pub fn runs_campaigns(actor: &Actor) -> AppResult<()> {
    actor.require(&[Role::CreditOffice, Role::Admin])
}
