//! A commitment as stored (row, fulfilment entries) and as shown.

use super::{allowed, CommitmentAction, CommitmentKind, CommitmentSource, CommitmentStatus};
use crate::contract::store::LawfulChange;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::{AppError, AppResult};
use lvyue_db::schema::{commitment_fulfilments, commitments};
use lvyue_db::DbConn;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = commitments, treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct CommitmentRow {
    pub id: String,
    pub org_id: String,
    pub region_code: String,
    pub reference: String,
    pub official_name: Option<String>,
    pub kind: String,
    pub source_kind: String,
    pub source_title: String,
    pub source_number: Option<String>,
    pub content: String,
    pub beneficiaries: Option<String>,
    pub promised_on: NaiveDate,
    pub due_on: NaiveDate,
    pub status: String,
    pub lawful_change: Option<String>,
    pub version: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = commitment_fulfilments)]
pub(crate) struct FulfilmentRow {
    pub id: String,
    pub commitment_id: String,
    pub in_full: bool,
    pub note: String,
    pub evidence: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// One fulfilment entry (兑现情况).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Fulfilment {
    /// Opaque id.
    pub id: String,
    /// The commitment is fulfilled in full by it.
    pub in_full: bool,
    /// What was done.
    pub note: String,
    /// The evidence.
    pub evidence: Vec<AttachmentInput>,
    /// When.
    pub recorded_at: DateTime<FixedOffset>,
}

/// A commitment as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Commitment {
    /// Opaque id.
    pub id: String,
    /// The committing organisation.
    pub org_id: String,
    /// Its division.
    pub region_code: String,
    /// The unit's own reference (imports are idempotent on it).
    pub reference: String,
    /// For a duty pledge: the official who made it.
    pub official_name: Option<String>,
    /// The kind.
    pub kind: CommitmentKind,
    /// Where it comes from.
    pub source_kind: CommitmentSource,
    /// The source's title.
    pub source_title: String,
    /// The source's document number.
    pub source_number: Option<String>,
    /// 承诺内容.
    pub content: String,
    /// 承诺对象 (who benefits).
    pub beneficiaries: Option<String>,
    /// 承诺日期.
    pub promised_on: NaiveDate,
    /// 兑现期限.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub status: CommitmentStatus,
    /// The lawful change, once made.
    pub lawful_change: Option<LawfulChange>,
    /// Fulfilment entries, oldest first.
    pub fulfilments: Vec<Fulfilment>,
    /// What the caller may do now.
    pub allowed_actions: Vec<CommitmentAction>,
    /// Pass back to change it.
    pub version: i32,
    /// Registered.
    pub created_at: DateTime<FixedOffset>,
    /// Last changed.
    pub updated_at: DateTime<FixedOffset>,
}

impl CommitmentRow {
    pub fn status(&self) -> AppResult<CommitmentStatus> {
        CommitmentStatus::from_stored(&self.status)
    }

    /// The view with its fulfilments; `writes`: the caller may change it.
    pub fn view(&self, fulfilments: &[FulfilmentRow], writes: bool) -> AppResult<Commitment> {
        let bad = |what: &str, e: serde_json::Error| {
            AppError::internal(format!("stored {what} of commitment {}: {e}", self.id))
        };
        let status = self.status()?;
        Ok(Commitment {
            id: self.id.clone(),
            org_id: self.org_id.clone(),
            region_code: self.region_code.clone(),
            reference: self.reference.clone(),
            official_name: self.official_name.clone(),
            kind: CommitmentKind::from_stored(&self.kind)?,
            source_kind: CommitmentSource::from_stored(&self.source_kind)?,
            source_title: self.source_title.clone(),
            source_number: self.source_number.clone(),
            content: self.content.clone(),
            beneficiaries: self.beneficiaries.clone(),
            promised_on: self.promised_on,
            due_on: self.due_on,
            status,
            lawful_change: self
                .lawful_change
                .as_deref()
                .map(|c| serde_json::from_str(c).map_err(|e| bad("change", e)))
                .transpose()?,
            fulfilments: fulfilments
                .iter()
                .map(|f| {
                    Ok(Fulfilment {
                        id: f.id.clone(),
                        in_full: f.in_full,
                        note: f.note.clone(),
                        evidence: serde_json::from_str(&f.evidence).map_err(|e| bad("evidence", e))?,
                        recorded_at: lvyue_core::time::stored_to_shanghai(f.recorded_at),
                    })
                })
                .collect::<AppResult<_>>()?,
            allowed_actions: if writes { allowed(status).to_vec() } else { Vec::new() },
            version: self.version,
            created_at: lvyue_core::time::stored_to_shanghai(self.created_at),
            updated_at: lvyue_core::time::stored_to_shanghai(self.updated_at),
        })
    }
}

/// Commitment `id`'s fulfilments, oldest first.
pub(crate) fn fulfilments_of(conn: &mut DbConn, id: &str) -> AppResult<Vec<FulfilmentRow>> {
    let mut all = fulfilments_of_many(conn, &[id.to_string()])?;
    Ok(all.remove(id).unwrap_or_default())
}

/// The fulfilments of several commitments in one query, keyed by commitment, oldest first.
pub(crate) fn fulfilments_of_many(
    conn: &mut DbConn,
    ids: &[String],
) -> AppResult<std::collections::HashMap<String, Vec<FulfilmentRow>>> {
    let mut out: std::collections::HashMap<String, Vec<FulfilmentRow>> = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<FulfilmentRow> = commitment_fulfilments::table
        .filter(commitment_fulfilments::commitment_id.eq_any(ids))
        .order_by((commitment_fulfilments::recorded_at.asc(), commitment_fulfilments::id.asc()))
        .select(FulfilmentRow::as_select())
        .load(conn)?;
    for f in rows {
        out.entry(f.commitment_id.clone()).or_default().push(f);
    }
    Ok(out)
}
