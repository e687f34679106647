//! Who sees and writes obligations, in one place.
//!
//! | caller | sees | writes |
//! | --- | --- | --- |
//! | a department (or data provider) | its organisation's own | its own |
//! | a department or data provider whose organisation has the function `justice` (司法局) | its region | its own |
//! | credit office | its region (a city includes its counties) | — |
//! | auditor | everything | — |
//! | admin | everything | everything |
//!
//! Anything outside the caller's slice answers 404, as for anything it cannot see.

use lvyue_core::sanction::ImplementerKind;
use lvyue_core::{Actor, AppError, AppResult, Message, Role};
use lvyue_db::DbConn;
use lvyue_registry::organisation::of_actor;

pub use lvyue_registry::unit_scope::{Bounds, UnitScope as Scope};

/// The caller's slice.
pub fn scope_of(conn: &mut DbConn, actor: &Actor) -> AppResult<Scope> {
    Ok(match actor.role {
        Role::Admin | Role::Auditor => Scope::All,
        Role::CreditOffice => Scope::Region(of_actor(conn, actor)?.region()?),
        Role::Department | Role::DataProvider => {
            let org = of_actor(conn, actor)?;
            if org.functions()?.contains(&ImplementerKind::Justice) {
                Scope::Region(org.region()?)
            } else {
                Scope::Own(org.id)
            }
        }
        _ => {
            return Err(AppError::Forbidden(Message::new(
                "该角色不能查看政务承诺和政府合同",
                "the role reads no commitments or contracts",
            )))
        }
    })
}

/// The organisation whose obligations the caller writes: its own (a department or data
/// provider), or for an admin the one named. 403 for the roles that only read.
pub fn writer(
    conn: &mut DbConn,
    actor: &Actor,
    named: Option<&str>,
) -> AppResult<lvyue_registry::organisation::OrganisationRow> {
    match actor.role {
        Role::Department | Role::DataProvider => of_actor(conn, actor),
        Role::Admin => {
            let id = named.ok_or_else(|| {
                AppError::invalid("org_id", "required", "管理员须指明所属单位", "an admin names the organisation")
            })?;
            lvyue_registry::organisation::find(conn, id)?.ok_or_else(|| {
                AppError::invalid(
                    "org_id",
                    "unknown_organisation",
                    "名录中没有该机构",
                    "no such organisation in the registry",
                )
            })
        }
        _ => Err(AppError::Forbidden(Message::new(
            "仅承诺或合同所属单位可以登记和更新",
            "only the unit that owns a commitment or contract records and updates it",
        ))),
    }
}

/// What a caller may change, resolved once per request so a page of views asks the registry once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteRight {
    /// Every obligation (an admin).
    Any,
    /// The obligations of one organisation (its own unit).
    Own(String),
    /// Nothing (the roles that only read).
    Nothing,
}

impl WriteRight {
    /// Whether the caller changes an obligation of organisation `org_id`.
    pub fn covers(&self, org_id: &str) -> bool {
        match self {
            WriteRight::Any => true,
            WriteRight::Own(own) => own == org_id,
            WriteRight::Nothing => false,
        }
    }
}

/// The caller's right to change obligations.
pub fn write_right(conn: &mut DbConn, actor: &Actor) -> AppResult<WriteRight> {
    Ok(match actor.role {
        Role::Admin => WriteRight::Any,
        Role::Department | Role::DataProvider => WriteRight::Own(of_actor(conn, actor)?.id),
        _ => WriteRight::Nothing,
    })
}

/// Whether `actor` may change an obligation of organisation `org_id` it can see: its own unit,
/// or an admin; 403 otherwise.
pub fn may_write(conn: &mut DbConn, actor: &Actor, org_id: &str) -> AppResult<()> {
    if write_right(conn, actor)?.covers(org_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::new("仅承诺或合同所属单位可以更新", "only the unit that owns it changes it")))
    }
}
