//! A determined case becomes a `breach_determination` record (认定 → 政务信用记录).
//!
//! The credit record consumes `complaint.determined` from the event feed with a position of
//! its own ([`lvyue_outbox::consumer`]): the record and the new position commit together, and
//! the record is unique per determination, so an event handled twice — a rewound position,
//! a crash between the two — still yields exactly one record.

use crate::record::CreditRecordRow;
use crate::write::{self, Change};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_case::events::ComplaintDetermined;
use lvyue_core::credit::PublicityPeriods;
use lvyue_core::ids::CreditRecordId;
use lvyue_core::{Actor, AppResult, RecordKind, RecordStatus, RecordVisibility};
use lvyue_db::schema::{credit_records, organisations};
use lvyue_db::DbConn;
use lvyue_outbox::consumer::{self, HandleError};
use lvyue_outbox::events::EventRow;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "credit_record.from_case";

/// The event this consumer reads (the case's `complaint.determined`).
pub const DETERMINED: &str = lvyue_case::events::DETERMINED;

/// Handles one feed event: a `complaint.determined` creates its record unless it exists.
/// A body that does not match the contract stops the consumer on it (a dead letter).
pub fn handle(
    conn: &mut DbConn,
    event: &EventRow,
    periods: &PublicityPeriods,
    now: NaiveDateTime,
) -> Result<(), HandleError> {
    let today = lvyue_core::time::stored_to_shanghai(now).date_naive();
    if event.event_type != DETERMINED {
        return Ok(());
    }
    let d = consumer::read::<ComplaintDetermined>(event)?.determination;
    let exists: i64 =
        credit_records::table.filter(credit_records::determination_id.eq(&d.id)).count().get_result(conn)?;
    if exists > 0 {
        return Ok(());
    }
    let grade = d.grade;
    // The subject as the registry knows it (its credit code even when the channel sent only
    // a name); a subject outside the registry keeps the case's division.
    let registered: Option<(String, String, String)> = match &d.subject.org_id {
        Some(id) => organisations::table
            .find(id)
            .select((organisations::uscc, organisations::name, organisations::region_code))
            .first(conn)
            .optional()?,
        None => None,
    };
    let (subject_uscc, subject_name, region) = match registered {
        Some((uscc, name, region)) => (Some(uscc), name, region),
        None => {
            let Some(region) = lvyue_case::read::region_of(conn, &d.complaint_id)? else {
                return Err(HandleError::Unreadable(format!("case {} does not exist", d.complaint_id)));
            };
            (d.subject.uscc, d.subject.name, region)
        }
    };
    let decided_on = d.determined_at.date_naive();
    let window = periods.window(RecordKind::BreachDetermination, grade, decided_on);
    let row = CreditRecordRow {
        id: CreditRecordId::generate().into_string(),
        kind: RecordKind::BreachDetermination.code().to_owned(),
        subject_org_id: d.subject.org_id,
        subject_uscc,
        subject_name,
        region_code: region,
        complaint_id: Some(d.complaint_id),
        determination_id: Some(d.id),
        provider_org_id: None,
        provider_ref: None,
        determining_org_id: Some(d.determining_org.id),
        determining_body: d.determining_org.name,
        category: Some(d.category.code().to_owned()),
        facts: d.facts,
        amount_fen: d.amount_fen,
        grade: grade.code().to_owned(),
        decided_on,
        repairable_from: window.repairable_from,
        expires_on: window.expires_on,
        status: RecordStatus::initial(window.expires_on, today).code().to_owned(),
        visibility: RecordVisibility::default_for(grade).code().to_owned(),
        version: 1,
        content_hash: None,
        early_remedy: d.early_remedy.and_then(|r| serde_json::to_string(&r).ok()),
        created_at: now,
        updated_at: now,
    };
    let actor = Actor::system("credit_record.from_case");
    let change = Change { code: "created", event_type: crate::events::CREATED, reason: None, by: &actor };
    write::create(conn, row, &change, now)?;
    Ok(())
}

/// Consumes one batch of the feed; answers how many events were read.
pub fn consume_batch(
    conn: &mut DbConn,
    periods: &PublicityPeriods,
    now: NaiveDateTime,
    limit: i64,
) -> AppResult<usize> {
    consumer::consume_batch(conn, CONSUMER, now, limit, |conn, event| handle(conn, event, periods, now))
}
