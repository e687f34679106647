//! The deciding body's decision on a repair application (谁认定、谁修复): approve (the
//! record is repaired, in one transaction with everything that follows from it), reject
//! with reasons, or ask for more material, which pauses the clock.

use crate::application::{self, ApplicationRow, RepairApplication};
use crate::apply::not_in_force;
use crate::item::{announce, stepped};
use crate::scope::{decides, not_the_decider, RepairScope};
use crate::{events, invalid, restore, steps, Today};
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::repair::{RepairDecision, RepairStatus};
use lvyue_core::{Actor, AppError, AppResult, RecordStatus};
use lvyue_db::{write_tx, DbConn};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /repair-applications/{id}/decision`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// `approve`, `reject` or `request_more`.
    pub decision: RepairDecision,
    /// The reasons (required to reject, and to say what more is needed); up to 4000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

impl DecisionInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "decision": "approve", "note": "已足额付款，准予信用修复"})
    }
}

/// A decision's note, trimmed: required unless approving, at most 4000 characters.
pub(crate) fn decision_note(note: Option<&str>, required: bool) -> AppResult<Option<String>> {
    let note = note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    if required && note.is_none() {
        return Err(invalid("note", "required", "须说明理由", "give the reasons in `note`"));
    }
    if note.as_deref().is_some_and(|n| n.chars().count() > 4000) {
        return Err(invalid("note", "too_long", "最多 4000 个字符", "at most 4000 characters"));
    }
    Ok(note)
}

/// Decides application `id`.
pub fn decide(
    conn: &mut DbConn,
    actor: &Actor,
    scope: &RepairScope,
    id: &str,
    input: DecisionInput,
    calendar: &WorkingCalendar,
    (today, now): Today,
) -> AppResult<RepairApplication> {
    let note = decision_note(input.note.as_deref(), input.decision != RepairDecision::Approve)?;
    write_tx(conn, |conn| {
        // Locks in one order everywhere — the record, then what concerns it — so a decision
        // and a new application or objection on the same record never deadlock.
        let record_id = application::record_of(conn, id)?;
        let record = lvyue_credit_record::write::load_for_update(conn, &record_id)?
            .ok_or_else(|| AppError::internal("an application without its record"))?;
        let before = application::load_visible(conn, scope, id, true)?;
        if !decides(scope, before.parties()) {
            return Err(not_the_decider());
        }
        lvyue_db::versioned::check(input.version, before.version)?;
        let to = before.status()?.decide(input.decision)?;
        let mut after = ApplicationRow {
            status: to.code().to_owned(),
            due_on: None,
            paused_working_days: None,
            decision_note: note.clone(),
            ..before.clone()
        };
        let event_type = match input.decision {
            RepairDecision::Approve => {
                if record.status()? != RecordStatus::Active {
                    return Err(not_in_force(&record));
                }
                let reason = note.clone().unwrap_or_else(|| "准予信用修复 / credit repair approved".to_owned());
                restore::end_record(conn, &record, RecordStatus::Repaired, &before.id, &reason, actor, now)?;
                events::APPROVED
            }
            RepairDecision::Reject => events::REJECTED,
            RepairDecision::RequestMore => {
                let left = before.due_on.map_or(1, |due| calendar.working_days_between(today, due).max(1));
                after.paused_working_days = Some(i32::try_from(left).unwrap_or(i32::MAX));
                events::MORE_REQUESTED
            }
        };
        if to != RepairStatus::MoreRequested {
            after.decided_by = Some(actor.subject.clone());
            after.decided_at = Some(now);
        }
        let after = application::save(conn, &before, after, now)?;
        steps::record(
            conn,
            id,
            (input.decision.code(), &after.status),
            actor,
            note.as_deref(),
            &serde_json::json!([]),
            now,
        )?;
        announce(conn, &after, event_type, record.complaint_id.as_deref(), (today, now))?;
        let action = format!("repair.{}", input.decision.code());
        stepped(conn, actor, &action, (Some(&before), &after), (today, now))
    })
}
