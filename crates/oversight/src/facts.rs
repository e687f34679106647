//! Oversight's facts about each case (案件办理事实), built from the case's `complaint.*` events by
//! the consumer `oversight.case_facts` (its own position; [`lvyue_outbox::consumer`]): when the
//! case was received, forwarded, accepted and concluded, by when each step was due, and what
//! happened on the way. The figures count these rows; the case's own tables are never read.
//!
//! Every event is applied to the row as it stands, idempotently where it sets a first time
//! (the first forwarding, acceptance and conclusion count), so a rewound position converges.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_case::events::CaseEvent;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::AppResult;
use lvyue_db::schema::oversight_case_facts as facts;
use lvyue_db::DbConn;
use lvyue_outbox::consumer::{self, HandleError};
use lvyue_outbox::events::EventRow;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "oversight.case_facts";

/// One case's facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = facts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct CaseFactRow {
    pub complaint_id: String,
    pub region_code: String,
    pub channel: String,
    pub field: String,
    pub handling_org_id: Option<String>,
    pub received_on: NaiveDate,
    pub route_due_on: Option<NaiveDate>,
    pub routed_on: Option<NaiveDate>,
    pub accept_due_on: Option<NaiveDate>,
    pub accepted_on: Option<NaiveDate>,
    pub conclude_due_on: Option<NaiveDate>,
    pub concluded_on: Option<NaiveDate>,
    pub working_days_to_conclusion: Option<i32>,
    pub next_due_on: Option<NaiveDate>,
    pub closed: bool,
    pub overdue_events: i32,
    pub urged: i32,
    pub extended: i32,
    pub determined: bool,
    pub rectified_or_settled: bool,
    pub reopened: i32,
    pub satisfaction: Option<i32>,
    pub respondent_uscc: Option<String>,
}

/// The next step and its day, as an event announces them.
fn next_deadline(e: &CaseEvent) -> Option<(String, NaiveDate)> {
    let d = e.details.get("next_deadline")?;
    let step = d.get("step")?.as_str()?.to_owned();
    let due = d.get("due_on")?.as_str()?.parse().ok()?;
    Some((step, due))
}

/// The day (Asia/Shanghai) an event happened.
fn day_of(event: &EventRow) -> NaiveDate {
    lvyue_core::time::stored_to_shanghai(event.occurred_at).date_naive()
}

/// Applies one `complaint.*` event to `row` (the case's facts so far, or new ones).
pub fn apply(row: &mut CaseFactRow, event: &EventRow, e: &CaseEvent, calendar: &WorkingCalendar) {
    let day = day_of(event);
    // Events written before the header carried the division and field: the feed's own scope
    // column has the division; the field stays unknown.
    row.region_code = Some(e.case.region_code.clone())
        .filter(|r| !r.is_empty())
        .or_else(|| event.region_code.clone())
        .unwrap_or_default();
    row.channel.clone_from(&e.case.channel);
    if !e.case.field.is_empty() {
        row.field.clone_from(&e.case.field);
    }
    row.handling_org_id.clone_from(&e.case.handling_org_id);
    if e.case.respondent_uscc.is_some() {
        row.respondent_uscc.clone_from(&e.case.respondent_uscc);
    }
    let next = next_deadline(e);
    let due_for = |step: &str| next.as_ref().filter(|(s, _)| s == step).map(|(_, d)| *d);
    match event.event_type.as_str() {
        "complaint.received" => {
            row.route_due_on = due_for("assign").or(row.route_due_on);
        }
        "complaint.assigned" | "complaint.reassigned" => {
            row.routed_on = row.routed_on.or(Some(day));
            row.accept_due_on = row.accept_due_on.or(due_for("accept"));
        }
        "complaint.accepted" => {
            row.accepted_on = row.accepted_on.or(Some(day));
            row.conclude_due_on = due_for("conclude").or(row.conclude_due_on);
        }
        "complaint.extension_decided" => {
            if e.details.get("decision").and_then(|d| d.as_str()) == Some("approve") {
                row.extended += 1;
            }
            if row.concluded_on.is_none() {
                row.conclude_due_on = due_for("conclude").or(row.conclude_due_on);
            }
        }
        "complaint.concluded_unfounded" | "complaint.concluded_substantiated" | "complaint.concluded_disputed"
            if row.concluded_on.is_none() =>
        {
            row.concluded_on = Some(day);
            let days = calendar.working_days_between(row.received_on, day);
            row.working_days_to_conclusion = Some(i32::try_from(days).unwrap_or(i32::MAX));
        }
        "complaint.determined" => row.determined = true,
        "complaint.rectified" | "complaint.settled" => row.rectified_or_settled = true,
        "complaint.urged" => row.urged += 1,
        "complaint.overdue" => row.overdue_events += 1,
        "complaint.reopened" => row.reopened += 1,
        "complaint.feedback_received" => {
            if let Some(s) = e.details.get("satisfaction").and_then(serde_json::Value::as_i64) {
                row.satisfaction = i32::try_from(s).ok();
            }
        }
        _ => {}
    }
    let ended = matches!(e.case.status.as_str(), "closed" | "determined");
    row.closed = e.case.status == "closed";
    row.next_due_on = if ended { None } else { next.map(|(_, d)| d).or(row.next_due_on) };
}

/// Handles one feed event: a `complaint.*` event updates its case's facts.
pub fn handle(conn: &mut DbConn, event: &EventRow, calendar: &WorkingCalendar) -> Result<(), HandleError> {
    if !event.event_type.starts_with("complaint.") || event.event_type == lvyue_case::events::POSSIBLE_DUPLICATE {
        return Ok(());
    }
    let Some(id) = event.complaint_id.clone() else { return Ok(()) };
    // `complaint.determined` has a body of its own; its header is what the facts need.
    let e: CaseEvent = consumer::read::<CaseEvent>(event)?;
    let found: Option<CaseFactRow> = facts::table
        .find(&id)
        .select(CaseFactRow::as_select())
        .first(conn)
        .optional()
        .map_err(lvyue_core::AppError::from)?;
    let mut row = match found {
        Some(r) => r,
        None => {
            let received_on = e
                .details
                .get("received_at")
                .and_then(|v| v.as_str())
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map_or_else(|| day_of(event), |t| t.date_naive());
            CaseFactRow { complaint_id: id.clone(), received_on, ..CaseFactRow::default() }
        }
    };
    let before = row.clone();
    apply(&mut row, event, &e, calendar);
    if row == before {
        return Ok(());
    }
    let saved = if before.channel.is_empty() {
        diesel::insert_into(facts::table).values(&row).execute(conn)
    } else {
        diesel::update(facts::table.find(&id)).set(&row).execute(conn)
    };
    saved.map_err(lvyue_core::AppError::from)?;
    Ok(())
}

/// Consumes one batch of the feed; answers how many events were read.
pub fn consume_batch(
    conn: &mut DbConn,
    calendar: &WorkingCalendar,
    now: NaiveDateTime,
    limit: i64,
) -> AppResult<usize> {
    consumer::consume_batch(conn, CONSUMER, now, limit, |conn, event| handle(conn, event, calendar))
}
