//! The consumer `oversight.typical_cases`: a record that is repaired, revoked, expired or
//! removed from the list withdraws its typical cases by itself (a public example of a breach
//! that no longer stands would mislead). It hears the credit record's events; idempotent, as
//! a withdrawn case is left alone.

use super::WithdrawalReason;
use chrono::NaiveDateTime;
use lvyue_core::AppResult;
use lvyue_credit_record::events::{self as record_events, RecordEvent};
use lvyue_db::DbConn;
use lvyue_outbox::consumer::{self, HandleError};
use lvyue_outbox::events::EventRow;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "oversight.typical_cases";

/// Why a record's event withdraws its typical cases, if it does.
fn reason_of(event_type: &str) -> Option<WithdrawalReason> {
    match event_type {
        record_events::REPAIRED => Some(WithdrawalReason::RecordRepaired),
        record_events::REVOKED => Some(WithdrawalReason::RecordRevoked),
        record_events::EXPIRED => Some(WithdrawalReason::RecordExpired),
        record_events::REMOVED => Some(WithdrawalReason::RecordRemoved),
        _ => None,
    }
}

/// Handles one feed event.
pub fn handle(conn: &mut DbConn, event: &EventRow, now: NaiveDateTime) -> Result<(), HandleError> {
    let Some(reason) = reason_of(&event.event_type) else { return Ok(()) };
    let e: RecordEvent = consumer::read::<RecordEvent>(event)?;
    super::step::withdraw_for_record(conn, &e.record.id, reason, now)?;
    Ok(())
}

/// Consumes one batch of the feed; answers how many events were read.
pub fn consume_batch(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> AppResult<usize> {
    consumer::consume_batch(conn, CONSUMER, now, limit, |conn, event| handle(conn, event, now))
}
