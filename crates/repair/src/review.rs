//! The determining body decides an objection: upheld (the record stands and is `active`
//! again), corrected (a new version of the record, `active` again) or revoked (the record
//! is revoked and its measures end, as for a repair). Measures suspended while it was
//! reviewed come back into force when the record stands.

use crate::decide::decision_note;
use crate::item::{announce, stepped};
use crate::objection::{self, Objection, ObjectionRow};
use crate::scope::{decides, not_the_decider, RepairScope};
use crate::{events, invalid, restore, steps, Today};
use lvyue_core::credit::PublicityPeriods;
use lvyue_core::repair::ObjectionDecision;
use lvyue_core::{Actor, AppError, AppResult, RecordStatus};
use lvyue_credit_record::correct::{check_input, corrected_row, CorrectionInput};
use lvyue_credit_record::events as record_events;
use lvyue_credit_record::write::{self, Change};
use lvyue_db::{write_tx, DbConn};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /credit-objections/{id}/decision`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionDecisionInput {
    /// The objection's version read; a stale one answers 409.
    pub version: i32,
    /// `uphold`, `correct` or `revoke`.
    pub decision: ObjectionDecision,
    /// The reasons (required, up to 4000 characters).
    pub note: String,
    /// With `correct` (and only then): the correction, based on the record's current version.
    #[serde(default)]
    pub correction: Option<CorrectionInput>,
}

impl ObjectionDecisionInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "decision": "uphold", "note": "经复核，认定事实清楚，维持原记录"})
    }
}

/// Decides objection `id`.
pub fn decide(
    conn: &mut DbConn,
    actor: &Actor,
    scope: &RepairScope,
    id: &str,
    input: ObjectionDecisionInput,
    periods: &PublicityPeriods,
    (today, now): Today,
) -> AppResult<Objection> {
    let note = decision_note(Some(&input.note), true)?.unwrap_or_default();
    let correction_reason = match (&input.correction, input.decision) {
        (Some(c), ObjectionDecision::Correct) => Some(check_input(c, today)?),
        (None, ObjectionDecision::Correct) => {
            return Err(invalid("correction", "required", "更正须给出更正内容", "`correct` needs a `correction`"))
        }
        (Some(_), _) => {
            return Err(invalid(
                "correction",
                "not_allowed",
                "只有更正决定附更正内容",
                "only `correct` takes a `correction`",
            ))
        }
        (None, _) => None,
    };
    write_tx(conn, |conn| {
        // Locks in one order everywhere — the record, then what concerns it — so a decision
        // and a new application or objection on the same record never deadlock.
        let record_id = objection::record_of(conn, id)?;
        let record = write::load_for_update(conn, &record_id)?
            .ok_or_else(|| AppError::internal("an objection without its record"))?;
        let before = objection::load_visible(conn, scope, id, true)?;
        if !decides(scope, before.parties()) {
            return Err(not_the_decider());
        }
        lvyue_db::versioned::check(input.version, before.version)?;
        let to = before.status()?.decide(input.decision)?;
        // The record may have expired while it was reviewed: the decision is still recorded.
        let reviewed = record.status()? == RecordStatus::UnderObjection;
        let stands = match input.decision {
            ObjectionDecision::Uphold => {
                if reviewed {
                    let change = Change {
                        code: "reinstated",
                        event_type: record_events::STATUS_CHANGED,
                        reason: Some(&note),
                        by: actor,
                    };
                    write::transition(conn, &record, RecordStatus::Active, &change, now)?;
                }
                true
            }
            ObjectionDecision::Correct => {
                let correction = input.correction.as_ref().ok_or_else(|| AppError::internal("checked above"))?;
                let mut after = corrected_row(&record, correction, periods)?;
                if reviewed {
                    after.status = RecordStatus::Active.code().to_owned();
                }
                let reason = correction_reason.as_deref().unwrap_or(&note);
                // Decided on an objection, a correction may lower the grade or shorten the window,
                // and the measures the record no longer triggers are lifted (issue 16.5).
                let change = Change {
                    code: "corrected_on_objection",
                    event_type: record_events::CORRECTED,
                    reason: Some(reason),
                    by: actor,
                };
                write::revise(conn, &record, after, &change, now)?;
                true
            }
            ObjectionDecision::Revoke => {
                if record.status()?.may_become(RecordStatus::Revoked) {
                    restore::end_record(conn, &record, RecordStatus::Revoked, id, &note, actor, now)?;
                }
                false
            }
        };
        if stands && reviewed && before.measures_suspended {
            lvyue_sanction::sanction::reinstate_for_record(conn, &record.id, input.decision.code(), actor, now)?;
        }
        let after = ObjectionRow {
            status: to.code().to_owned(),
            decision_note: Some(note.clone()),
            decided_by: Some(actor.subject.clone()),
            decided_at: Some(now),
            ..before.clone()
        };
        let after = objection::save(conn, &before, after, now)?;
        steps::record(
            conn,
            id,
            (input.decision.code(), &after.status),
            actor,
            Some(&note),
            &serde_json::json!([]),
            now,
        )?;
        announce(conn, &after, events::OBJECTION_DECIDED, record.complaint_id.as_deref(), (today, now))?;
        let action = format!("objection.{}", input.decision.code());
        stepped(conn, actor, &action, (Some(&before), &after), (today, now))
    })
}
