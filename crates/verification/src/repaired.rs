//! A determined case closes with resolution `repaired` when the credit record its
//! determination caused is repaired (信用修复): called by the repair crate inside the repair's
//! own transaction, so the case, the record and the measures change together. The step goes
//! on the case's timeline and `complaint.repaired` reaches the channel that sent the lead.

use chrono::NaiveDateTime;
use lvyue_case::read;
use lvyue_case::steps::{self, NewStep};
use lvyue_case::write::{self, CaseChange, Next, ProgressChange};
use lvyue_core::workflow::{self, Transition};
use lvyue_core::{Actor, AppError, AppResult, CaseStatus};
use lvyue_db::DbConn;
use lvyue_outbox::audit::{self, AuditEntry};

/// The event the channel hears.
pub const REPAIRED: &str = lvyue_case::events::REPAIRED;

/// The action recorded on the timeline.
pub const ACTION: &str = "repair";

/// Closes case `complaint_id` as repaired, in the caller's transaction; `details` (the
/// record and the application) go on the step and the event. A case that is not
/// `determined` (it was reopened, say) is left as it is: answers false.
pub fn close_case(
    conn: &mut DbConn,
    complaint_id: &str,
    actor: &Actor,
    note: Option<&str>,
    details: serde_json::Value,
    now: NaiveDateTime,
) -> AppResult<bool> {
    // The record is locked already (the caller's lock order: record, then case); locking
    // the case too means a channel's feedback or a reopening waits instead of failing this.
    if read::lock(conn, &[complaint_id])?.is_empty() {
        return Ok(false);
    }
    let Some(case) = read::load(conn, complaint_id)? else {
        return Ok(false);
    };
    let before = case.row;
    let from = CaseStatus::from_stored(&before.status)?;
    let Some(Transition::To { status, resolution }) = workflow::on_record_repaired(from) else {
        tracing::warn!(case = %complaint_id, status = %before.status, "a repaired record's case is not determined; left as it is");
        return Ok(false);
    };
    let change =
        CaseChange { status: Some(status), resolution: Some(resolution), handling_org_id: None, next: Next::Clear };
    write::advance(conn, &before, &change, now)?;
    let progress = ProgressChange { closed_at: Some(Some(now)), ..ProgressChange::default() };
    write::progress(conn, complaint_id, case.progress.is_some(), &progress)?;
    let after = read::load(conn, complaint_id)?.ok_or(AppError::NotFound)?.row;
    steps::record(
        conn,
        now,
        NewStep {
            complaint_id,
            action: ACTION,
            from_status: Some(before.status.as_str()),
            to_status: after.status.as_str(),
            actor,
            automatic: false,
            note,
            attachments: serde_json::json!([]),
            data: details.clone(),
        },
    )?;
    let mut data = details;
    if let serde_json::Value::Object(d) = &mut data {
        d.insert("action".into(), ACTION.into());
        d.insert("from_status".into(), before.status.clone().into());
        d.insert("resolution".into(), after.resolution.clone().into());
        d.insert("note".into(), note.into());
    }
    lvyue_outbox::events::append(conn, now, lvyue_case::events::about(&after, REPAIRED, data))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: "complaint.repair",
            entity_type: "complaint",
            entity_id: complaint_id,
            before: Some(before.audit_snapshot()),
            after: Some(after.audit_snapshot()),
        },
    )?;
    Ok(true)
}
