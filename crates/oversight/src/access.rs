//! Who reads oversight's figures, in one place.
//!
//! | operation | roles | slice |
//! | --- | --- | --- |
//! | read the figures | credit office, auditor, admin | a credit office its organisation's division (a city includes its counties); auditors and admins any |

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
