//! Routing (属地管理、谁主管谁负责): the respondent is looked up in the registry —
//! by its code, else by its exact name within its division — and its
//! supervising body becomes the handling organisation.

use crate::submission::ValidSubmission;
use lvyue_core::{AppResult, RegionCode};
use lvyue_db::DbConn;
use lvyue_registry::organisation::{find, find_by_name_in_region, find_by_uscc, OrganisationRow};

/// Where a lead goes.
#[derive(Debug, Clone)]
pub struct Routing {
    /// The registry entry of the respondent, if found.
    pub respondent: Option<OrganisationRow>,
    /// Its supervising body, if it has one: the handling organisation.
    pub handling: Option<OrganisationRow>,
    /// The division the case belongs to: the registry's, else the pushed one.
    pub region: RegionCode,
}

/// Resolves the respondent and its supervising body.
pub fn route(conn: &mut DbConn, sub: &ValidSubmission) -> AppResult<Routing> {
    let by_code = match &sub.respondent_uscc {
        Some(code) => find_by_uscc(conn, code.as_str())?,
        None => None,
    };
    let respondent = match by_code {
        Some(org) => Some(org),
        None => {
            let mut named = find_by_name_in_region(conn, sub.input.respondent.name.trim(), &sub.respondent_region)?;
            // Two organisations of the same name in one division: let a person decide.
            if named.len() == 1 {
                named.pop()
            } else {
                None
            }
        }
    };
    let handling = match respondent.as_ref().and_then(|r| r.supervisor_id.as_deref()) {
        Some(id) => find(conn, id)?,
        None => None,
    };
    let region = match &respondent {
        Some(r) => r.region()?,
        None => sub.respondent_region.clone(),
    };
    Ok(Routing { respondent, handling, region })
}
