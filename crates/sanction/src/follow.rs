//! Measures follow records. A consumer of the credit record's events (its own position in
//! `job_state`, see `lvyue_outbox::consumer`): a record in force puts the catalogue's
//! matching measures in force against its subject — and, where a measure binds the region,
//! against the government of the subject's county or city — and a record that is repaired,
//! expires or is revoked ends its measures at once, with the reason.
//!
//! Idempotent: a measure is unique per (record, measure, target), and ending ends only what
//! is still in force, so an event handled twice changes nothing. The event names the record;
//! what is done follows the record as it is when the event is handled, so a consumer that
//! lags behind a repair or an objection converges on the same measures. A record with an
//! early remedy (主动纠正) does not get the measures the catalogue marks waivable.

use crate::catalogue::{self, Measure};
use crate::sanction::{self, SanctionRow};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::sanction::Binds;
use lvyue_core::{Actor, AppResult, Grade, OrgKind, RecordKind, RecordStatus};
use lvyue_db::schema::{credit_objections, credit_records, organisations};
use lvyue_db::DbConn;
use lvyue_outbox::consumer;
use lvyue_outbox::events::EventRow;
use serde::Deserialize;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "sanction.follow";

#[derive(Debug, Deserialize)]
struct Subject {
    uscc: Option<String>,
    name: String,
    org_id: Option<String>,
    region_code: String,
}

#[derive(Debug, Deserialize)]
struct Publicity {
    expires_on: NaiveDate,
}

#[derive(Debug, Deserialize)]
struct Record {
    id: String,
    kind: RecordKind,
    grade: Grade,
    subject: Subject,
    publicity: Publicity,
}

#[derive(Debug, Deserialize)]
struct RecordEvent {
    record: Record,
    change: String,
}

/// What following needs besides the event.
#[derive(Debug, Clone, Copy)]
pub struct FollowContext<'a> {
    /// For the acknowledgement deadline.
    pub calendar: &'a WorkingCalendar,
    /// Working days the implementing department has to acknowledge.
    pub ack_working_days: u32,
    /// Now, as stored.
    pub now: NaiveDateTime,
}

/// The government of division `region`: its top organ, the one whose parent (if any) sits in
/// another division.
fn region_government(conn: &mut DbConn, region: &str) -> AppResult<Option<(String, String)>> {
    let orgs: Vec<(String, String, String, Option<String>)> = organisations::table
        .filter(organisations::region_code.eq(region))
        .filter(organisations::kind.eq(OrgKind::Organ.code()))
        .order_by(organisations::uscc)
        .select((organisations::id, organisations::uscc, organisations::name, organisations::parent_id))
        .load(conn)?;
    let ids: Vec<&str> = orgs.iter().map(|o| o.0.as_str()).collect();
    Ok(orgs
        .iter()
        .find(|(_, _, _, parent)| parent.as_deref().is_none_or(|p| !ids.contains(&p)))
        .map(|(_, uscc, name, _)| (uscc.clone(), name.clone())))
}

/// Record `id`'s status now and whether an early remedy was recorded with it.
fn current(conn: &mut DbConn, id: &str) -> AppResult<Option<(RecordStatus, bool)>> {
    // FOR SHARE on PostgreSQL: a repair or an objection changing the record right now
    // commits first, and this reads what it left.
    let query = credit_records::table.find(id).select((credit_records::status, credit_records::early_remedy));
    let row: Option<(String, Option<String>)> = match conn {
        DbConn::Pg(pg) => query.for_share().first(pg).optional()?,
        DbConn::Sqlite(lite) => query.first(lite).optional()?,
    };
    Ok(row.and_then(|(status, remedy)| RecordStatus::from_code(&status).map(|s| (s, remedy.is_some()))))
}

/// True when record `id` is under an objection that suspends its measures.
fn suspended_by_objection(conn: &mut DbConn, id: &str) -> AppResult<bool> {
    let n: i64 = credit_objections::table
        .filter(credit_objections::record_id.eq(id))
        .filter(credit_objections::status.eq(lvyue_core::repair::ObjectionStatus::Pending.code()))
        .filter(credit_objections::measures_suspended.eq(true))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Handles one feed event.
pub fn handle(conn: &mut DbConn, event: &EventRow, catalogue: &[Measure], ctx: &FollowContext<'_>) -> AppResult<()> {
    if !event.event_type.starts_with("credit_record.") {
        return Ok(());
    }
    let Ok(RecordEvent { record, change }) = serde_json::from_str::<RecordEvent>(&event.data) else {
        tracing::error!(event = %event.event_id, "credit record event unreadable; its measures were not followed");
        return Ok(());
    };
    let actor = Actor::system("sanction.follow");
    // The record as it is now, not as the event saw it: a consumer that lags behind a repair
    // or an objection must not put back in force what those already ended or suspended.
    let Some((status, early_remedy)) = current(conn, &record.id)? else {
        return Ok(());
    };
    if !status.in_force() {
        sanction::end_for_record(conn, &record.id, &change, &actor, ctx.now)?;
        return Ok(());
    }
    let initial_status =
        if suspended_by_objection(conn, &record.id)? { sanction::SUSPENDED } else { sanction::IN_FORCE };
    let Some(subject_uscc) = record.subject.uscc.clone() else {
        tracing::warn!(record = %record.id, "a record without a credit code binds no measure");
        return Ok(());
    };
    let subject_kind: Option<OrgKind> = match &record.subject.org_id {
        Some(id) => organisations::table
            .find(id)
            .select(organisations::kind)
            .first::<String>(conn)
            .optional()?
            .and_then(|k| OrgKind::from_code(&k)),
        None => None,
    };
    let today = lvyue_core::time::stored_to_shanghai(ctx.now).date_naive();
    let mut government: Option<Option<(String, String)>> = None;
    // An early remedy (主动纠正) waives the measures the catalogue marks waivable.
    let triggered = catalogue
        .iter()
        .filter(|m| m.triggered_by(record.kind, record.grade, subject_kind))
        .filter(|m| !(early_remedy && m.waivable_on_early_remedy));
    for measure in triggered {
        let (target_uscc, target_name) = match measure.binds {
            Binds::Subject => (subject_uscc.clone(), record.subject.name.clone()),
            Binds::Region => {
                if government.is_none() {
                    government = Some(region_government(conn, &record.subject.region_code)?);
                }
                match government.clone().flatten() {
                    Some(g) => g,
                    None => {
                        tracing::warn!(region = %record.subject.region_code, measure = %measure.code, "no government of this division in the registry; a regional measure was not put in force");
                        continue;
                    }
                }
            }
        };
        let row = SanctionRow {
            id: lvyue_core::ids::SanctionId::generate().into_string(),
            measure_code: measure.code.clone(),
            record_id: record.id.clone(),
            binds: measure.binds.code().to_owned(),
            target_uscc,
            target_name,
            region_code: record.subject.region_code.clone(),
            implementer_kind: measure.implementer_kind.code().to_owned(),
            benefits: serde_json::to_string(&measure.benefits).unwrap_or_else(|_| "[]".to_owned()),
            basis: measure.basis.clone(),
            starts_on: today,
            planned_end_on: record.publicity.expires_on,
            ack_due_on: ctx.calendar.add_working_days(today, ctx.ack_working_days),
            status: initial_status.to_owned(),
            acknowledged_at: None,
            acknowledged_by: None,
            implemented_on: None,
            document_number: None,
            implementation_note: None,
            ended_at: None,
            end_reason: None,
            version: 1,
            created_at: ctx.now,
            updated_at: ctx.now,
        };
        sanction::put_in_force(conn, row, ctx.now)?;
    }
    Ok(())
}

/// Consumes one batch of the feed; answers how many events were read.
pub fn consume_batch(conn: &mut DbConn, ctx: &FollowContext<'_>, limit: i64) -> AppResult<usize> {
    let catalogue = catalogue::list(conn)?;
    consumer::consume_batch(conn, CONSUMER, ctx.now, limit, |conn, event| handle(conn, event, &catalogue, ctx))
}
