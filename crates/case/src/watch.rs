//! The deadlines the overdue sweep waits for (`deadline_watch`): one row per case with an
//! open deadline, written in the same transaction that sets or clears the case's
//! `next_due_on`, and taken away when the sweep announces it. A deadline that is already
//! past when it is set (a lead received weeks ago) is announced all the same, once.

use chrono::NaiveDate;
use diesel::prelude::*;
use lvyue_core::AppError;
use lvyue_db::schema::deadline_watch;
use lvyue_db::DbConn;

/// Watches case `complaint_id`'s deadline for `step` on `due_on`, replacing any earlier one.
pub fn set(conn: &mut DbConn, complaint_id: &str, step: &str, due_on: NaiveDate) -> Result<(), AppError> {
    let row = (
        deadline_watch::complaint_id.eq(complaint_id),
        deadline_watch::step.eq(step),
        deadline_watch::due_on.eq(due_on),
    );
    let insert = diesel::insert_into(deadline_watch::table).values(row);
    let update = (deadline_watch::step.eq(step), deadline_watch::due_on.eq(due_on));
    match conn {
        DbConn::Pg(pg) => insert.on_conflict(deadline_watch::complaint_id).do_update().set(update).execute(pg)?,
        DbConn::Sqlite(lite) => {
            insert.on_conflict(deadline_watch::complaint_id).do_update().set(update).execute(lite)?
        }
    };
    Ok(())
}

/// Watches the first deadlines of new cases `(complaint_id, step, due_on)`, in one statement.
pub fn start_many(conn: &mut DbConn, new: &[(&str, &str, NaiveDate)]) -> Result<(), AppError> {
    if new.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = new
        .iter()
        .map(|(id, step, due)| {
            (deadline_watch::complaint_id.eq(*id), deadline_watch::step.eq(*step), deadline_watch::due_on.eq(*due))
        })
        .collect();
    lvyue_db::execute_per_backend!(conn, diesel::insert_into(deadline_watch::table).values(&rows))?;
    Ok(())
}

/// Stops watching case `complaint_id` (its deadline was cleared).
pub fn clear(conn: &mut DbConn, complaint_id: &str) -> Result<(), AppError> {
    diesel::delete(deadline_watch::table.find(complaint_id)).execute(conn)?;
    Ok(())
}

/// A watched deadline that has passed.
#[derive(Debug, Clone, Queryable)]
pub struct PassedDeadline {
    /// The case.
    pub complaint_id: String,
    /// The step it waits for.
    pub step: String,
    /// The last day of the step.
    pub due_on: NaiveDate,
}

/// Up to `limit` deadlines that ended before `today`, oldest first, locked for this
/// transaction (PostgreSQL skips rows another replica holds; SQLite has one writer).
pub fn passed(conn: &mut DbConn, today: NaiveDate, limit: i64) -> Result<Vec<PassedDeadline>, AppError> {
    let query = deadline_watch::table
        .filter(deadline_watch::due_on.lt(today))
        .order_by((deadline_watch::due_on.asc(), deadline_watch::complaint_id.asc()))
        .select((deadline_watch::complaint_id, deadline_watch::step, deadline_watch::due_on))
        .limit(limit);
    Ok(lvyue_db::locked!(conn, skip_locked, query, |q, c| q.load(c))?)
}

/// Takes announced deadlines away.
pub fn remove(conn: &mut DbConn, complaint_ids: &[String]) -> Result<(), AppError> {
    diesel::delete(deadline_watch::table.filter(deadline_watch::complaint_id.eq_any(complaint_ids))).execute(conn)?;
    Ok(())
}
