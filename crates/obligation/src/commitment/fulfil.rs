//! `POST /commitments/{id}/fulfilments` (兑现情况, with evidence) and
//! `POST /commitments/{id}/change` (依法变更), each at the version read by the unit.

use super::store::{Commitment, FulfilmentRow};
use super::{check, CommitmentAction, CommitmentStatus};
use crate::contract::register::{amount, text};
use crate::contract::store::LawfulChange;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::{Actor, AppError, AppResult};
use lvyue_db::schema::{commitment_fulfilments, commitments};
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/commitments/{id}/fulfilments`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FulfilmentInput {
    /// The version read.
    pub version: i32,
    /// The commitment is now fulfilled in full.
    #[serde(default)]
    pub in_full: bool,
    /// What was done (1–2,000 characters).
    pub note: String,
    /// The evidence (at most 20).
    #[serde(default)]
    pub evidence: Vec<AttachmentInput>,
}

/// `POST /api/v1/commitments/{id}/change`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentChangeInput {
    /// The version read.
    pub version: i32,
    /// 法定事由 (1–2,000 characters).
    pub basis: String,
    /// 法定权限和程序 followed (1–2,000 characters).
    pub procedure: String,
    /// 补偿 paid those who relied on it, in 分 (0 when none was due).
    pub compensation_fen: i64,
}

/// Records a fulfilment; the commitment is `fulfilled` when it is in full, else
/// `partly_fulfilled`.
pub fn fulfil(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: FulfilmentInput,
    now: NaiveDateTime,
) -> AppResult<Commitment> {
    let note = text("note", &input.note, 2_000)?;
    lvyue_core::attachment::check_all("evidence", &input.evidence, 20)?;
    let evidence = serde_json::to_string(&input.evidence).map_err(|e| AppError::internal(e.to_string()))?;
    let status = if input.in_full { CommitmentStatus::Fulfilled } else { CommitmentStatus::PartlyFulfilled };
    let entry = FulfilmentRow {
        id: lvyue_core::ids::CommitmentFulfilmentId::generate().into_string(),
        commitment_id: id.to_owned(),
        in_full: input.in_full,
        note,
        evidence,
        recorded_by: actor.subject.clone(),
        recorded_at: now,
    };
    step(conn, actor, (id, input.version), CommitmentAction::Fulfil, now, move |conn, row| {
        diesel::insert_into(commitment_fulfilments::table).values(&entry).execute(conn)?;
        row.status = status.code().to_owned();
        Ok(crate::events::COMMITMENT_FULFILLED)
    })
}

/// Records a lawful change of the promise.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: CommitmentChangeInput,
    now: NaiveDateTime,
) -> AppResult<Commitment> {
    let lawful = LawfulChange {
        basis: text("basis", &input.basis, 2_000)?,
        procedure: text("procedure", &input.procedure, 2_000)?,
        compensation_fen: amount("compensation_fen", Some(input.compensation_fen))?.unwrap_or(0),
    };
    let stored = serde_json::to_string(&lawful).map_err(|e| AppError::internal(e.to_string()))?;
    step(conn, actor, (id, input.version), CommitmentAction::Change, now, move |_, row| {
        row.status = CommitmentStatus::ChangedLawfully.code().to_owned();
        row.lawful_change = Some(stored);
        Ok(crate::events::COMMITMENT_CHANGED)
    })
}

/// One step: lock, see, write, check, change (which answers the event), save, announce, audit.
fn step<F>(
    conn: &mut DbConn,
    actor: &Actor,
    (id, version): (&str, i32),
    action: CommitmentAction,
    now: NaiveDateTime,
    change: F,
) -> AppResult<Commitment>
where
    F: FnOnce(&mut DbConn, &mut super::store::CommitmentRow) -> AppResult<&'static str>,
{
    write_tx(conn, |conn| {
        let before = super::read::load(conn, actor, id, true)?;
        crate::access::may_write(conn, actor, &before.org_id)?;
        lvyue_db::versioned::check(version, before.version)?;
        check(before.status()?, action)?;
        let mut after = before.clone();
        let event = change(conn, &mut after)?;
        after.version = before.version + 1;
        after.updated_at = now;
        diesel::update(commitments::table.find(id)).set(&after).execute(conn)?;
        let view = super::read::view_for(conn, actor, &after)?;
        lvyue_outbox::events::append(conn, now, crate::events::commitment(event, &view))?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: event,
                entity_type: "commitment",
                entity_id: id,
                before: None,
                after: Some(serde_json::json!({"status": after.status, "version": after.version})),
            },
        )?;
        Ok(view)
    })
}
