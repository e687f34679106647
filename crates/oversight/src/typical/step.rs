//! Publishing and withdrawing a typical case: by its credit office at the version read, or —
//! withdrawing — by itself when its record ends. A published one that is withdrawn is announced
//! (`typical_case.withdrawn`), so the credit website takes it down.

use super::store::{TypicalCase, TypicalCaseRow};
use super::{TypicalCaseAction, TypicalCaseStatus, WithdrawalReason};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, RecordStatus};
use lvyue_credit_record::scope::RecordScope;
use lvyue_db::schema::typical_cases;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/typical-cases/{id}/withdraw`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawInput {
    /// The version read.
    pub version: i32,
    /// Why (1–2,000 characters).
    pub note: String,
}

fn locked(conn: &mut DbConn, id: &str) -> AppResult<TypicalCaseRow> {
    lvyue_db::locked!(conn, for_update, typical_cases::table.find(id).select(TypicalCaseRow::as_select()), |q, c| q
        .first(c)
        .optional())?
    .ok_or(AppError::NotFound)
}

/// Saves `after`, announces it when `event` says so, and records who did it.
fn save(
    conn: &mut DbConn,
    actor: &Actor,
    after: &TypicalCaseRow,
    action: &'static str,
    event: Option<lvyue_outbox::events::NewEvent>,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(typical_cases::table.find(&after.id)).set(after).execute(conn)?;
    if let Some(e) = event {
        lvyue_outbox::events::append(conn, now, e)?;
    }
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action,
            entity_type: "typical_case",
            entity_id: &after.id,
            before: None,
            after: Some(serde_json::json!({
                "status": after.status, "withdrawal_reason": after.withdrawal_reason, "withdrawal_note": after.withdrawal_note,
            })),
        },
    )
}

/// Publishes draft `id` at the version read; its record must still be in force.
pub fn publish(conn: &mut DbConn, actor: &Actor, id: &str, version: i32, now: NaiveDateTime) -> AppResult<TypicalCase> {
    actor.require(crate::scheme::OWNERS)?;
    write_tx(conn, |conn| {
        let before = locked(conn, id)?;
        super::read::may_see(conn, actor, &before)?;
        lvyue_db::versioned::check(version, before.version)?;
        let to = super::check(before.status()?, TypicalCaseAction::Publish)?;
        let record = lvyue_credit_record::read::find(conn, &RecordScope::All, &before.record_id)?;
        if record.map(|r| r.status()).transpose()? != Some(RecordStatus::Active) {
            return Err(AppError::conflict(
                "record_not_in_force",
                Message::new("该信用记录已不在有效期内，不能发布", "its record is no longer in force"),
            ));
        }
        let after = TypicalCaseRow {
            status: to.code().to_owned(),
            version: before.version + 1,
            published_at: Some(now),
            ..before
        };
        let public = after.public()?.ok_or_else(|| AppError::internal("published without a public view"))?;
        let event = crate::events::typical_case_published(&public);
        save(conn, actor, &after, "typical_case.publish", Some(event), now)?;
        super::read::view_for(conn, actor, &after)
    })
}

/// `before` withdrawn for `reason`; the event when it was public.
fn withdrawn(
    before: TypicalCaseRow,
    reason: WithdrawalReason,
    note: Option<String>,
    now: NaiveDateTime,
) -> (TypicalCaseRow, Option<lvyue_outbox::events::NewEvent>) {
    let was_public = before.status == TypicalCaseStatus::Published.code();
    let after = TypicalCaseRow {
        status: TypicalCaseStatus::Withdrawn.code().to_owned(),
        version: before.version + 1,
        withdrawal_reason: Some(reason.code().to_owned()),
        withdrawal_note: note,
        withdrawn_at: Some(now),
        ..before
    };
    let event = was_public.then(|| crate::events::typical_case_withdrawn(&after.id, &after.region_code, reason));
    (after, event)
}

/// Withdraws `id` (a draft or a published one) at the version read, by its credit office.
pub fn withdraw(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: WithdrawInput,
    now: NaiveDateTime,
) -> AppResult<TypicalCase> {
    actor.require(crate::scheme::OWNERS)?;
    let note = input.note.trim().to_owned();
    if note.is_empty() || note.chars().count() > 2_000 {
        return Err(AppError::invalid("note", "invalid_length", "须为 1–2000 个字符", "must be 1–2000 characters"));
    }
    write_tx(conn, |conn| {
        let before = locked(conn, id)?;
        super::read::may_see(conn, actor, &before)?;
        lvyue_db::versioned::check(input.version, before.version)?;
        super::check(before.status()?, TypicalCaseAction::Withdraw)?;
        let (after, event) = withdrawn(before, WithdrawalReason::ByOffice, Some(note), now);
        save(conn, actor, &after, "typical_case.withdraw", event, now)?;
        super::read::view_for(conn, actor, &after)
    })
}

/// Withdraws every typical case of `record_id` that is not withdrawn yet, for `reason` (its
/// record ended), in the caller's transaction. Answers how many.
pub fn withdraw_for_record(
    conn: &mut DbConn,
    record_id: &str,
    reason: WithdrawalReason,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let ids: Vec<String> = typical_cases::table
        .filter(typical_cases::record_id.eq(record_id))
        .filter(typical_cases::status.ne(TypicalCaseStatus::Withdrawn.code()))
        .select(typical_cases::id)
        .load(conn)?;
    let actor = Actor::system(super::follow::CONSUMER);
    for id in &ids {
        let before = locked(conn, id)?;
        if before.status()? == TypicalCaseStatus::Withdrawn {
            continue;
        }
        let (after, event) = withdrawn(before, reason, None, now);
        save(conn, &actor, &after, "typical_case.withdraw", event, now)?;
    }
    Ok(ids.len())
}
