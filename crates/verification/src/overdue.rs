//! The overdue sweep: announces `complaint.overdue` once for each deadline that passed.
//!
//! Deadlines are only ever set to today or later, so a deadline that passed is found by
//! walking `next_due_on` (then id) upwards from the last one announced, up to yesterday.
//! The position is saved with the events in one transaction under the job's lock: replicas
//! never announce a deadline twice and a crash loses none.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use lvyue_core::time::shanghai_date;
use lvyue_core::AppResult;
use lvyue_db::schema::complaints;
use lvyue_db::{jobs, write_tx, DbConn};
use lvyue_intake::complaint::ComplaintRow;
use lvyue_outbox::events::NewEvent;

/// The job's name in `job_state`.
pub const JOB: &str = "overdue_sweep";

fn parse_position(raw: &str) -> Option<(NaiveDate, String)> {
    let (day, id) = raw.split_once('|')?;
    Some((day.parse().ok()?, id.to_owned()))
}

/// One batch: announces up to `batch` passed deadlines. Answers how many (0 when caught
/// up, or when another replica holds the job).
pub fn sweep_batch(conn: &mut DbConn, now: DateTime<Utc>, stored_now: NaiveDateTime, batch: i64) -> AppResult<usize> {
    let today = shanghai_date(now);
    write_tx(conn, |conn| {
        let Some(raw) = jobs::claim(conn, JOB, stored_now)? else { return Ok(0) };
        let mut query =
            complaints::table.filter(complaints::next_due_on.lt(today)).select(ComplaintRow::as_select()).into_boxed();
        if let Some((day, id)) = parse_position(&raw) {
            query = query
                .filter(complaints::next_due_on.gt(day).or(complaints::next_due_on.eq(day).and(complaints::id.gt(id))));
        }
        let rows: Vec<ComplaintRow> =
            query.order_by((complaints::next_due_on.asc(), complaints::id.asc())).limit(batch).load(conn)?;
        let Some(last) = rows.last() else { return Ok(0) };
        let position = format!("{}|{}", last.next_due_on.unwrap_or(today), last.id);
        let events: Vec<NewEvent> = rows
            .iter()
            .map(|row| {
                let days = row.next_due_on.map(|d| (today - d).num_days());
                lvyue_intake::events::about(
                    row,
                    crate::events::OVERDUE,
                    serde_json::json!({
                        "step": row.next_step,
                        "due_on": row.next_due_on,
                        "days_overdue": days,
                    }),
                )
            })
            .collect();
        lvyue_outbox::events::append_many(conn, stored_now, events)?;
        jobs::save(conn, JOB, &position, stored_now)?;
        Ok(rows.len())
    })
}

/// Sweeps until caught up; answers how many deadlines were announced.
pub fn sweep(conn: &mut DbConn, now: DateTime<Utc>, stored_now: NaiveDateTime) -> AppResult<usize> {
    const BATCH: i64 = 500;
    let mut total = 0;
    loop {
        let n = sweep_batch(conn, now, stored_now, BATCH)?;
        total += n;
        if n < BATCH as usize {
            return Ok(total);
        }
    }
}
