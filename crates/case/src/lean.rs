//! A case by id or by the channel's id, and the case list, on the lean read path
//! (`lvyue_db::lean`): the same queries as [`crate::read`], sent from the async worker. Only for callers whose slice of cases
//! the token decides and who see no personal data in clear (channels, admins, auditors): their
//! read writes nothing. A department or credit office reads through [`crate::read::show`], which
//! looks up its organisation and audits a read of clear contact data.

use crate::access::CaseRule;
use crate::complaint::SummaryRow;
use crate::complaint::{Complaint, ComplaintRow, LinkedCase};
use crate::read::{
    self, linked_cases_query, list_query, loaded, loaded_case_query, ComplaintFilter, ComplaintPage, LinkedRow,
    ListRow, LoadedCase, LoadedTuple,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::Error::NotFound;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use lvyue_core::time::shanghai_date;
use lvyue_core::{Actor, AppResult, Role};
use lvyue_db::schema::{
    complaint_contracts, complaint_ledger_items, complaint_links, complaint_progress, complaints, organisations,
};
use lvyue_outbox::Visibility;
use lvyue_registry::visibility::token_visibility;

/// Which case: by lvyue's id, or by a channel and the channel's own id.
#[derive(Debug, Clone)]
pub enum CaseKey {
    /// `GET /complaints/{id}`.
    Id(String),
    /// `GET /channels/{channel}/complaints/{external_id}`.
    External {
        /// The channel code.
        channel: String,
        /// The channel's id of the lead.
        external_id: String,
    },
}

/// A caller who may read cases on the lean path.
#[derive(Debug, Clone)]
pub struct LeanReader {
    role: Role,
    visibility: Visibility,
}

impl LeanReader {
    /// The caller as a lean reader, or None when its read needs the registry or the audit trail
    /// (or the role reads no cases at all: the pooled path answers that).
    pub fn of(actor: &Actor) -> Option<LeanReader> {
        let visibility = token_visibility(actor)?.ok()?;
        (!read::sees_personal_data(actor.role)).then_some(LeanReader { role: actor.role, visibility })
    }

    /// The case as this caller sees it; `NotFound` when there is none or it is not theirs.
    pub async fn show(&self, conn: &AsyncPgConnection, key: &CaseKey, now: DateTime<Utc>) -> QueryResult<Complaint> {
        let case = load(conn, key).await?.filter(|c| read::visible(&c.row, &self.visibility)).ok_or(NotFound)?;
        let links = match self.role {
            Role::Channel => None,
            _ => Some(linked_cases(conn, &case.row.id, &self.visibility).await?),
        };
        Ok(read::view_with(case, self.role, now, links))
    }

    /// A page of the case list as this caller sees it ([`crate::read::list`]): `before` is the
    /// case id the cursor names. Read on the replica's lean connection.
    pub async fn list(
        &self,
        mut conn: &AsyncPgConnection,
        filter: &ComplaintFilter,
        before: Option<String>,
        limit: i64,
        now: DateTime<Utc>,
    ) -> QueryResult<ComplaintPage> {
        let rows: Vec<ListRow> = list_query!(&self.visibility, filter, before, limit, now).load(&mut conn).await?;
        Ok(read::list_page(rows, limit, self.role, now))
    }
}

async fn load(mut conn: &AsyncPgConnection, key: &CaseKey) -> QueryResult<Option<LoadedCase>> {
    let found: Option<LoadedTuple> = match key {
        CaseKey::Id(id) => loaded_case_query!().filter(complaints::id.eq(id)).first(&mut conn).await.optional()?,
        CaseKey::External { channel, external_id } => loaded_case_query!()
            .filter(complaints::channel.eq(channel))
            .filter(complaints::external_id.eq(external_id))
            .first(&mut conn)
            .await
            .optional()?,
    };
    Ok(loaded(found))
}

async fn linked_cases(mut conn: &AsyncPgConnection, id: &str, visibility: &Visibility) -> QueryResult<Vec<LinkedCase>> {
    let rows: Vec<LinkedRow> = linked_cases_query!(id).load(&mut conn).await?;
    Ok(read::visible_links(rows, visibility))
}

/// The pooled path's answer for a [`LeanReader`]'s key (SQLite, TLS, or the lean path off).
pub fn show_pooled(
    conn: &mut lvyue_db::DbConn,
    actor: &Actor,
    key: &CaseKey,
    now: DateTime<Utc>,
) -> AppResult<Complaint> {
    let visibility = lvyue_registry::visibility::visibility_of(conn, actor)?;
    let case = match key {
        CaseKey::Id(id) => read::load(conn, id)?,
        CaseKey::External { channel, external_id } => read::load_by_external(conn, channel, external_id)?,
    };
    read::show(conn, actor, &visibility, case, now, lvyue_core::time::to_stored(now))
}
