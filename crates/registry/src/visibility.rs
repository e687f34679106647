//! Which cases a caller may see, decided once from the token and the registry.

use lvyue_core::{Actor, AppError, AppResult, Message, OrgId, Role};
use lvyue_db::DbConn;
use lvyue_outbox::Visibility;

/// The caller's slice of cases: all (admin, auditor), a channel's own, an
/// organisation's handled cases (department), or a region's (credit office).
/// The public credit platform sees only shared credit records' events; sanction checkers
/// and data providers see no cases.
pub fn visibility_of(conn: &mut DbConn, actor: &Actor) -> AppResult<Visibility> {
    if let Some(from_token) = token_visibility(actor) {
        return from_token;
    }
    let org = crate::organisation::of_actor(conn, actor)?;
    if actor.role == Role::Department {
        Ok(Visibility::HandlingOrg(OrgId::from_stored(org.id)))
    } else {
        Ok(Visibility::Region(org.region()?))
    }
}

/// The caller's slice when the token alone decides it, without reading the registry; None for
/// the roles tied to an organisation (department, credit office: their organisation decides).
pub fn token_visibility(actor: &Actor) -> Option<AppResult<Visibility>> {
    match actor.role {
        Role::Admin | Role::Auditor => Some(Ok(Visibility::All)),
        Role::Channel => Some(
            actor
                .channel
                .clone()
                .map(Visibility::Channel)
                .ok_or_else(|| AppError::internal("channel token without channel")),
        ),
        Role::Department | Role::CreditOffice => None,
        // The public credit platform sees no case, only the events of shared credit records.
        Role::CreditPlatform => Some(Ok(Visibility::SharedRecords)),
        Role::SanctionChecker | Role::DataProvider => {
            Some(Err(AppError::Forbidden(Message::new("该角色不能查看案件", "this role cannot read cases"))))
        }
    }
}
