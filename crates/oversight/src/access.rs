//! Who reads oversight's figures, in one place.
//!
//! | operation | roles | slice |
//! | --- | --- | --- |
//! | read the figures | credit office, auditor, admin | a credit office its organisation's division (a city includes its counties); auditors and admins any |
//! | make schemes, compute, freeze and publish assessments | credit office, admin | as above |
//! | read assessments | credit office, auditor, admin | as above; published ones: anyone, without a token |

use lvyue_core::{Actor, AppError, AppResult, RegionCode, Role};
use lvyue_db::DbConn;
use lvyue_registry::organisation::of_actor;

/// Who reads the figures.
pub const READERS: &[Role] = &[Role::CreditOffice, Role::Auditor, Role::Admin];

/// The division `asked` if the caller may read its figures: 404 outside a credit office's own
/// (as for anything it cannot see), 403 for a role that reads no figures.
pub fn region_for(conn: &mut DbConn, actor: &Actor, asked: &RegionCode) -> AppResult<RegionCode> {
    actor.require(READERS)?;
    if actor.role == Role::CreditOffice {
        let own = of_actor(conn, actor)?.region()?;
        if !own.contains(asked) {
            return Err(AppError::NotFound);
        }
    }
    Ok(asked.clone())
}

/// The division a credit office owns (its organisation's); None for admins and auditors, who
/// are bound to none.
pub fn owned_region(conn: &mut DbConn, actor: &Actor) -> AppResult<Option<RegionCode>> {
    match actor.role {
        Role::CreditOffice => Ok(Some(of_actor(conn, actor)?.region()?)),
        _ => Ok(None),
    }
}

/// Whether `actor` may read something of the stored division `region` that is not public (a
/// draft, a scheme): a reader, and for a credit office within its own division (404 outside it,
/// as for anything it cannot see).
pub fn may_read(conn: &mut DbConn, actor: &Actor, region: &str) -> AppResult<()> {
    actor.require(READERS)?;
    let region =
        RegionCode::parse(region).map_err(|e| AppError::internal(format!("stored region: {}", e.message.en)))?;
    if owned_region(conn, actor)?.is_some_and(|own| !own.contains(&region)) {
        return Err(AppError::NotFound);
    }
    Ok(())
}
