//! A determined case closes with resolution `repaired` when the credit record its
//! determination caused is repaired (信用修复): called by the repair crate inside the repair's
//! own transaction, so the case, the record and the measures change together. The step goes
//! on the case's timeline and `complaint.repaired` reaches the channel that sent the lead.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::workflow::{self, Transition};
use lvyue_core::{Actor, AppError, AppResult, CaseStatus};
use lvyue_db::schema::{complaint_progress, complaints};
use lvyue_db::DbConn;
use lvyue_intake::read;
use lvyue_intake::steps::{self, NewStep};
use lvyue_outbox::audit::{self, AuditEntry};

/// The event the channel hears.
pub const REPAIRED: &str = "complaint.repaired";

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
    let from = CaseStatus::from_code(&before.status)
        .ok_or_else(|| AppError::internal(format!("stored status {:?}", before.status)))?;
    let Some(Transition::To { status, resolution }) = workflow::on_record_repaired(from) else {
        tracing::warn!(case = %complaint_id, status = %before.status, "a repaired record's case is not determined; left as it is");
        return Ok(false);
    };
    let updated = diesel::update(
        complaints::table.filter(complaints::id.eq(complaint_id)).filter(complaints::version.eq(before.version)),
    )
    .set((
        complaints::status.eq(status.code()),
        complaints::resolution.eq(resolution.map(|r| r.code())),
        complaints::next_step.eq(None::<String>),
        complaints::next_due_on.eq(None::<chrono::NaiveDate>),
        complaints::version.eq(before.version + 1),
        complaints::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(AppError::stale_version(before.version + 1));
    }
    lvyue_intake::watch::clear(conn, complaint_id)?;
    if case.progress.is_none() {
        diesel::insert_into(complaint_progress::table)
            .values(complaint_progress::complaint_id.eq(complaint_id))
            .execute(conn)?;
    }
    diesel::update(complaint_progress::table.find(complaint_id))
        .set(complaint_progress::closed_at.eq(Some(now)))
        .execute(conn)?;
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
    lvyue_outbox::events::append(conn, now, lvyue_intake::events::about(&after, REPAIRED, data))?;
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
