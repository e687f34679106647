//! Routing (属地管理、谁主管谁负责): the respondent is looked up in the registry —
//! by its code, else by its exact name within its division — and its
//! supervising body becomes the handling organisation.

use crate::submission::ValidSubmission;
use diesel::prelude::*;
use lvyue_core::{AppResult, RegionCode};
use lvyue_db::schema::organisations;
use lvyue_db::DbConn;
use lvyue_registry::organisation::{find, find_by_name_in_region, OrgRef, OrganisationRow};

/// Where a lead goes.
#[derive(Debug, Clone)]
pub struct Routing {
    /// The registry entry of the respondent, if found.
    pub respondent: Option<OrganisationRow>,
    /// Its supervising body, if it has one: the handling organisation.
    pub handling: Option<OrgRef>,
    /// The division the case belongs to: the registry's, else the pushed one.
    pub region: RegionCode,
}

type OrgTriple = (String, String, String);

/// The respondent with its supervisor, by code, in one query.
fn by_code(conn: &mut DbConn, uscc: &str) -> AppResult<Option<(OrganisationRow, Option<OrgRef>)>> {
    let supervisors = diesel::alias!(organisations as supervisors);
    let found: Option<(OrganisationRow, Option<OrgTriple>)> = organisations::table
        .left_join(supervisors.on(organisations::supervisor_id.eq(supervisors.field(organisations::id).nullable())))
        .filter(organisations::uscc.eq(uscc))
        .select((
            OrganisationRow::as_select(),
            supervisors.fields((organisations::id, organisations::uscc, organisations::name)).nullable(),
        ))
        .first(conn)
        .optional()?;
    Ok(found.map(|(row, sup)| (row, sup.map(|(id, uscc, name)| OrgRef { id, uscc, name }))))
}

/// Resolves the respondent and its supervising body.
pub fn route(conn: &mut DbConn, sub: &ValidSubmission) -> AppResult<Routing> {
    let by_code = match &sub.respondent_uscc {
        Some(code) => by_code(conn, code.as_str())?,
        None => None,
    };
    let (respondent, handling) = match by_code {
        Some((row, supervisor)) => (Some(row), supervisor),
        None => {
            let mut named = find_by_name_in_region(conn, sub.input.respondent.name.trim(), &sub.respondent_region)?;
            // Two organisations of the same name in one division: let a person decide.
            let respondent = if named.len() == 1 { named.pop() } else { None };
            let handling = match respondent.as_ref().and_then(|r| r.supervisor_id.as_deref()) {
                Some(id) => find(conn, id)?.map(|s| s.to_ref()),
                None => None,
            };
            (respondent, handling)
        }
    };
    let region = match &respondent {
        Some(r) => r.region()?,
        None => sub.respondent_region.clone(),
    };
    Ok(Routing { respondent, handling, region })
}
