//! Measures follow records. A consumer of the credit record's events (its own position in
//! `job_state`, see `lvyue_outbox::consumer`): a record in force puts the catalogue's
//! matching measures in force against its subject — and, where a measure binds the region,
//! against the government of the subject's county or city — and a record that is repaired,
//! expires or is revoked ends its measures at once, with the reason.
//!
//! The event only names the record: what is done follows the record as it is when the event
//! is handled (read `FOR SHARE`), and the measures are reconciled with it — those its kind
//! and grade trigger are put in force (or reopened), those a provider's update or a
//! correction decided on an objection no longer triggers end with reason `not_triggered` (a
//! direct correction never lifts one), and a planned end that a corrected window moved is rescheduled. So an event handled twice changes nothing, and a consumer that lags behind a
//! repair, an objection or a correction converges on the same measures. A record with an
//! early remedy (主动纠正) does not get the measures the catalogue marks waivable.

use crate::catalogue::{self, Measure};
use crate::sanction::{self, Move, NewSanction, SanctionRow};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::sanction::{Binds, ImplementerKind};
use lvyue_core::{Actor, AppError, AppResult, Grade, OrgKind, RecordKind, RecordStatus, RegionCode};
use lvyue_credit_record::events::RecordEvent;
use lvyue_db::schema::{credit_objections, credit_records, organisations};
use lvyue_db::DbConn;
use lvyue_outbox::consumer::{self, HandleError};
use lvyue_outbox::events::EventRow;
use std::collections::HashMap;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "sanction.follow";

/// The end reason of a measure that its record, once corrected, no longer triggers.
pub const NOT_TRIGGERED: &str = "not_triggered";

/// What following reads of a record: as it is now, not as an event saw it.
#[derive(Debug, Queryable)]
struct CurrentRecord {
    kind: String,
    grade: String,
    subject_org_id: Option<String>,
    subject_uscc: Option<String>,
    subject_name: String,
    region_code: String,
    expires_on: NaiveDate,
    status: String,
    early_remedy: Option<String>,
    category: Option<String>,
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
pub(crate) fn region_government(conn: &mut DbConn, region: &str) -> AppResult<Option<(String, String)>> {
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

/// Record `id` as it is now. `FOR SHARE` on PostgreSQL: a repair, an objection or a
/// correction changing the record right now commits first, and this reads what it left.
fn current(conn: &mut DbConn, id: &str) -> AppResult<Option<CurrentRecord>> {
    let query = credit_records::table.find(id).select((
        credit_records::kind,
        credit_records::grade,
        credit_records::subject_org_id,
        credit_records::subject_uscc,
        credit_records::subject_name,
        credit_records::region_code,
        credit_records::expires_on,
        credit_records::status,
        credit_records::early_remedy,
        credit_records::category,
    ));
    Ok(lvyue_db::locked!(conn, for_share, query, |q, c| q.first(c).optional())?)
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
/// A body that does not match the record's contract stops the consumer on it (a dead letter).
pub fn handle(
    conn: &mut DbConn,
    event: &EventRow,
    catalogue: &[Measure],
    ctx: &FollowContext<'_>,
) -> Result<(), HandleError> {
    if !lvyue_credit_record::events::ALL.contains(&event.event_type.as_str()) {
        return Ok(());
    }
    let RecordEvent { record, change, .. } = consumer::read::<RecordEvent>(event)?;
    let actor = Actor::system("sanction.follow");
    let Some(now) = current(conn, &record.id)? else {
        return Ok(());
    };
    // Fulfilment information (履约践诺信息) brings no measure (issue 16.7).
    if RecordKind::from_code(&now.kind).is_some_and(|k| !k.is_breach()) {
        return Ok(());
    }
    let (Some(status), Some(kind), Some(grade)) =
        (RecordStatus::from_code(&now.status), RecordKind::from_code(&now.kind), Grade::from_code(&now.grade))
    else {
        return Err(HandleError::Unreadable(format!("credit record {} has unknown codes", record.id)));
    };
    if !status.in_force() {
        sanction::end_for_record(conn, &record.id, &change, &actor, ctx.now)?;
        return Ok(());
    }
    // A correction or a provider's update may change the grade the check shows. Only a
    // provider's update or an objection's correction may lift a measure: a direct correction
    // never does (issue 16.5).
    let restate = match change.as_str() {
        "corrected" => Restate::Correction,
        "updated" | "corrected_on_objection" => Restate::MayLift,
        _ => Restate::No,
    };
    Ok(reconcile(conn, &record.id, &now, (kind, grade, restate), catalogue, ctx, &actor)?)
}

/// What a change of the record itself asks of its measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Restate {
    /// Nothing changed in the record (it was created, or its status moved).
    No,
    /// Its determining body corrected it: new measures it triggers come into force and the
    /// restrictions show the corrected record, but none is lifted.
    Correction,
    /// Its provider updated it, or an objection corrected it: the measures it no longer
    /// triggers end as `not_triggered`.
    MayLift,
}

/// One measure the record should have in force.
struct Wanted<'m> {
    measure: &'m Measure,
    target_uscc: String,
    target_name: String,
}

/// The kind of organisation record `now` names, when it is in the registry.
fn subject_kind(conn: &mut DbConn, now: &CurrentRecord) -> AppResult<Option<OrgKind>> {
    Ok(match &now.subject_org_id {
        Some(id) => organisations::table
            .find(id)
            .select(organisations::kind)
            .first::<String>(conn)
            .optional()?
            .and_then(|k| OrgKind::from_code(&k)),
        None => None,
    })
}

/// The measures record `now` triggers, with whom each binds.
fn wanted<'m>(
    conn: &mut DbConn,
    now: &CurrentRecord,
    (kind, grade, subject_kind): (RecordKind, Grade, Option<OrgKind>),
    catalogue: &'m [Measure],
) -> AppResult<Vec<Wanted<'m>>> {
    // A finding against a body the registry does not hold binds nothing until the credit
    // office links it to its subject (issue 16.9): no measure could name whom it binds.
    let (Some(_), Some(subject_uscc)) = (&now.subject_org_id, now.subject_uscc.clone()) else {
        return Ok(Vec::new());
    };
    let early_remedy = now.early_remedy.is_some();
    let mut government: Option<Option<(String, String)>> = None;
    let mut out = Vec::new();
    // An early remedy (主动纠正) waives the measures the catalogue marks waivable.
    for measure in catalogue
        .iter()
        .filter(|m| m.active && m.matches_record((kind, grade, subject_kind), now.category.as_deref(), early_remedy))
    {
        let (target_uscc, target_name) = match measure.binds {
            Binds::Subject => (subject_uscc.clone(), now.subject_name.clone()),
            Binds::Region => {
                if government.is_none() {
                    government = Some(region_government(conn, &now.region_code)?);
                }
                match government.clone().flatten() {
                    Some(g) => g,
                    None => {
                        tracing::warn!(region = %now.region_code, measure = %measure.code, "no government of this division in the registry; a regional measure was not put in force");
                        continue;
                    }
                }
            }
        };
        out.push(Wanted { measure, target_uscc, target_name });
    }
    Ok(out)
}

/// Brings record `id`'s measures in line with the record as it is now.
fn reconcile(
    conn: &mut DbConn,
    id: &str,
    now: &CurrentRecord,
    (kind, grade, restate): (RecordKind, Grade, Restate),
    catalogue: &[Measure],
    ctx: &FollowContext<'_>,
    actor: &Actor,
) -> AppResult<()> {
    if now.subject_org_id.is_none() {
        tracing::info!(record = %id, "a finding whose subject the registry does not hold binds no measure until it is linked");
    }
    let subject_kind = subject_kind(conn, now)?;
    let wanted = wanted(conn, now, (kind, grade, subject_kind), catalogue)?;
    // Only a provider's update of the record ends a measure as no longer triggered, and only
    // when the record no longer matches the measure's rule: not a deactivated catalogue
    // entry, nor a government missing from the registry.
    let early_remedy = now.early_remedy.is_some();
    let still_matches = |code: &str| {
        catalogue
            .iter()
            .find(|m| m.code == code)
            .is_none_or(|m| m.matches_record((kind, grade, subject_kind), now.category.as_deref(), early_remedy))
    };
    let existing = sanction::load_for_record(conn, id)?;
    let initial_status = if suspended_by_objection(conn, id)? { sanction::SUSPENDED } else { sanction::IN_FORCE };
    let today = lvyue_core::time::stored_to_shanghai(ctx.now).date_naive();
    let ack_due_on = ctx.calendar.add_working_days(today, ctx.ack_working_days);
    let live = |r: &SanctionRow| r.status == sanction::IN_FORCE || r.status == sanction::SUSPENDED;
    // A measure imposed case by case keeps its own end; only the record's end ends it.
    for before in existing.iter().filter(|r| live(r) && r.imposition.is_none()) {
        if restate == Restate::MayLift && !still_matches(&before.measure_code) {
            sanction::move_one(conn, before, Move::End, NOT_TRIGGERED, actor, ctx.now)?;
        } else if before.planned_end_on != now.expires_on {
            sanction::reschedule(conn, before, now.expires_on, actor, ctx.now)?;
        } else if restate != Restate::No {
            crate::restriction::sync(conn, before)?;
        }
    }
    let region = RegionCode::parse(&now.region_code)
        .map_err(|e| AppError::internal(format!("stored region of record {id}: {}", e.message.en)))?;
    let mut implementers: HashMap<(ImplementerKind, Binds, String), (RegionCode, Option<String>)> = HashMap::new();
    for w in &wanted {
        let found = existing.iter().find(|r| r.measure_code == w.measure.code && r.target_uscc == w.target_uscc);
        match found {
            Some(r) if live(r) => {}
            Some(r) if r.end_reason.as_deref() == Some(NOT_TRIGGERED) => {
                sanction::reopen(conn, r, initial_status, (now.expires_on, ack_due_on), actor, ctx.now)?;
            }
            Some(_) => {}
            None => {
                let key = (w.measure.implementer_kind, w.measure.binds, w.target_uscc.clone());
                let (governing, implementer_org_id) = match implementers.get(&key) {
                    Some(known) => known.clone(),
                    None => {
                        let governing = crate::access::governing_region(w.measure.binds, &region);
                        let body = crate::access::implementing_body(
                            conn,
                            w.measure.implementer_kind,
                            &governing,
                            &w.target_uscc,
                        )?;
                        implementers.entry(key).or_insert((governing, body)).clone()
                    }
                };
                let row = NewSanction {
                    measure_code: w.measure.code.clone(),
                    record_id: id.to_owned(),
                    binds: w.measure.binds.code().to_owned(),
                    target_uscc: w.target_uscc.clone(),
                    target_name: w.target_name.clone(),
                    region_code: now.region_code.clone(),
                    implementer_kind: w.measure.implementer_kind.code().to_owned(),
                    benefits: serde_json::to_string(&w.measure.benefits).unwrap_or_else(|_| "[]".to_owned()),
                    basis: w.measure.basis.clone(),
                    starts_on: today,
                    implementer_region: governing.as_str().to_owned(),
                    implementer_org_id,
                }
                .into_row(initial_status, (now.expires_on, ack_due_on), ctx.now);
                sanction::put_in_force(conn, row, ctx.now)?;
            }
        }
    }
    Ok(())
}

/// Consumes one batch of the feed; answers how many events were read.
pub fn consume_batch(conn: &mut DbConn, ctx: &FollowContext<'_>, limit: i64) -> AppResult<usize> {
    let catalogue = catalogue::list(conn)?;
    consumer::consume_batch(conn, CONSUMER, ctx.now, limit, |conn, event| handle(conn, event, &catalogue, ctx))
}
