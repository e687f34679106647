//! The overdue sweep: announces `complaint.overdue` once for each deadline that passed.
//!
//! Every open deadline has a row in `deadline_watch`, written with the case. The sweep takes
//! the rows whose day has passed, announces them and deletes them in one transaction, so a
//! crash repeats nothing and loses nothing; on PostgreSQL replicas skip each other's locked
//! rows and share the work. A deadline set already in the past is announced at the next
//! sweep, and a new deadline (an extension) is announced again when it passes.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use lvyue_case::complaint::ComplaintRow;
use lvyue_case::watch;
use lvyue_core::time::shanghai_date;
use lvyue_core::AppResult;
use lvyue_db::schema::complaints;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::events::NewEvent;
use std::collections::HashMap;

/// One batch: announces up to `batch` passed deadlines. Answers how many were taken (0 when
/// caught up, or when other replicas hold the rest).
pub fn sweep_batch(conn: &mut DbConn, now: DateTime<Utc>, stored_now: NaiveDateTime, batch: i64) -> AppResult<usize> {
    let today = shanghai_date(now);
    write_tx(conn, |conn| {
        let passed = watch::passed(conn, today, batch)?;
        if passed.is_empty() {
            return Ok(0);
        }
        let ids: Vec<String> = passed.iter().map(|p| p.complaint_id.clone()).collect();
        let rows: HashMap<String, ComplaintRow> = complaints::table
            .filter(complaints::id.eq_any(&ids))
            .select(ComplaintRow::as_select())
            .load::<ComplaintRow>(conn)?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
        let events: Vec<NewEvent> = passed
            .iter()
            .filter_map(|p| {
                let row = rows.get(&p.complaint_id)?;
                Some(lvyue_case::events::about(
                    row,
                    lvyue_case::events::OVERDUE,
                    serde_json::json!({
                        "step": p.step,
                        "due_on": p.due_on,
                        "days_overdue": (today - p.due_on).num_days(),
                    }),
                ))
            })
            .collect();
        lvyue_outbox::events::append_many(conn, stored_now, events)?;
        watch::remove(conn, &ids)?;
        Ok(passed.len())
    })
}
