//! What ends a record early, in the caller's transaction: an approved repair (信用修复)
//! or a revoking objection decision. The record moves (no longer published, shared or
//! used: the public credit platform hears `credit_record.repaired` or `.revoked`), every
//! measure it caused ends at once (the implementing departments hear `sanction.ended`), and
//! for a repair the case it came from closes `repaired` (its channel hears
//! `complaint.repaired`). The sanction follower, handling the record's event later, finds
//! nothing left to end.

use chrono::NaiveDateTime;
use lvyue_core::{Actor, AppResult, RecordStatus};
use lvyue_credit_record::events;
use lvyue_credit_record::record::CreditRecordRow;
use lvyue_credit_record::write::{self, Change};
use lvyue_db::DbConn;

/// Ends `record` as `to` (`repaired` or `revoked`) for `item_id` (the application or the
/// objection), with `reason`; answers the record after.
pub fn end_record(
    conn: &mut DbConn,
    record: &CreditRecordRow,
    to: RecordStatus,
    item_id: &str,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<CreditRecordRow> {
    let (code, event_type) = match to {
        RecordStatus::Repaired => ("repaired", events::REPAIRED),
        _ => ("revoked", events::REVOKED),
    };
    let change = Change { code, event_type, reason: Some(reason), by: actor };
    let after = write::transition(conn, record, to, &change, now)?;
    lvyue_sanction::sanction::end_for_record(conn, &record.id, code, actor, now)?;
    if to == RecordStatus::Repaired {
        if let Some(case) = &record.complaint_id {
            let details = serde_json::json!({ "record_id": record.id, "repair_application_id": item_id });
            lvyue_verification::repaired::close_case(conn, case, actor, Some(reason), details, now)?;
        }
    }
    Ok(after)
}
