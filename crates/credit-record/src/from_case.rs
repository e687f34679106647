//! A determined case becomes a `breach_determination` record (认定 → 政务信用记录).
//!
//! The credit record consumes `complaint.determined` from the event feed with a position of
//! its own ([`lvyue_outbox::consumer`]): the record and the new position commit together, and
//! the record is unique per determination, so an event handled twice — a rewound position,
//! a crash between the two — still yields exactly one record.

use crate::record::CreditRecordRow;
use crate::write::{self, Change};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::credit::PublicityPeriods;
use lvyue_core::ids::CreditRecordId;
use lvyue_core::{Actor, AppError, AppResult, Grade, RecordKind, RecordStatus, RecordVisibility};
use lvyue_db::schema::{complaints, credit_records, organisations};
use lvyue_db::DbConn;
use lvyue_outbox::consumer;
use lvyue_outbox::events::EventRow;
use serde::Deserialize;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "credit_record.from_case";

/// The event this consumer reads (the verification crate's `complaint.determined`).
pub const DETERMINED: &str = "complaint.determined";

#[derive(Debug, Deserialize)]
struct OrgPart {
    id: Option<String>,
    name: String,
}

#[derive(Debug, Deserialize)]
struct SubjectPart {
    org_id: Option<String>,
    name: String,
    uscc: Option<String>,
}

/// The determination as `complaint.determined` carries it.
#[derive(Debug, Deserialize)]
struct Determination {
    id: String,
    complaint_id: String,
    determining_org: OrgPart,
    subject: SubjectPart,
    category: String,
    facts: String,
    amount_fen: Option<i64>,
    grade: String,
    determined_at: DateTime<FixedOffset>,
}

#[derive(Debug, Deserialize)]
struct DeterminedData {
    determination: Determination,
}

/// Handles one feed event: a `complaint.determined` creates its record unless it exists.
pub fn handle(conn: &mut DbConn, event: &EventRow, periods: &PublicityPeriods, now: NaiveDateTime) -> AppResult<()> {
    if event.event_type != DETERMINED {
        return Ok(());
    }
    let data: DeterminedData = serde_json::from_str(&event.data)
        .map_err(|e| AppError::internal(format!("event {}: unreadable determination: {e}", event.event_id)))?;
    let d = data.determination;
    let exists: i64 =
        credit_records::table.filter(credit_records::determination_id.eq(&d.id)).count().get_result(conn)?;
    if exists > 0 {
        return Ok(());
    }
    let grade = Grade::from_code(&d.grade).ok_or_else(|| AppError::internal(format!("grade {:?}", d.grade)))?;
    // The subject's division; a subject outside the registry falls back to the case's.
    let region: Option<String> = match &d.subject.org_id {
        Some(id) => organisations::table.find(id).select(organisations::region_code).first(conn).optional()?,
        None => None,
    };
    let region = match region {
        Some(r) => r,
        None => complaints::table.find(&d.complaint_id).select(complaints::region_code).first(conn)?,
    };
    let decided_on = d.determined_at.date_naive();
    let window = periods.window(grade, decided_on);
    let row = CreditRecordRow {
        id: CreditRecordId::generate().into_string(),
        kind: RecordKind::BreachDetermination.code().to_owned(),
        subject_org_id: d.subject.org_id,
        subject_uscc: d.subject.uscc,
        subject_name: d.subject.name,
        region_code: region,
        complaint_id: Some(d.complaint_id),
        determination_id: Some(d.id),
        provider_org_id: None,
        provider_ref: None,
        determining_org_id: d.determining_org.id,
        determining_body: d.determining_org.name,
        category: Some(d.category),
        facts: d.facts,
        amount_fen: d.amount_fen,
        grade: grade.code().to_owned(),
        decided_on,
        repairable_from: window.repairable_from,
        expires_on: window.expires_on,
        status: RecordStatus::Active.code().to_owned(),
        visibility: RecordVisibility::default_for(grade).code().to_owned(),
        version: 1,
        content_hash: None,
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
