//! Scheduled jobs' positions, and the lock that keeps one replica at a time on a job.
//!
//! A job runs inside `write_tx`: [`claim`] takes the job's row lock for the transaction
//! (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so another replica skips instead of waiting;
//! SQLite: the single writer already excludes everyone) and returns its saved position;
//! [`save`] stores the new one. Work and position commit together, so a crash repeats
//! nothing and loses nothing.

use crate::conn::DbConn;
use crate::schema::job_state;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::AppError;

/// The job's position if this transaction now holds it; None when another replica does.
/// A job never run before starts at the empty position.
pub fn claim(conn: &mut DbConn, name: &str, now: NaiveDateTime) -> Result<Option<String>, AppError> {
    let insert = diesel::insert_into(job_state::table).values((
        job_state::name.eq(name),
        job_state::position.eq(""),
        job_state::updated_at.eq(now),
    ));
    let select = job_state::table.find(name).select(job_state::position);
    Ok(match conn {
        DbConn::Pg(pg) => {
            insert.on_conflict_do_nothing().execute(pg)?;
            select.for_update().skip_locked().first(pg).optional()?
        }
        DbConn::Sqlite(lite) => {
            insert.on_conflict_do_nothing().execute(lite)?;
            select.first(lite).optional()?
        }
    })
}

/// Stores the job's new position (in the claiming transaction).
pub fn save(conn: &mut DbConn, name: &str, position: &str, now: NaiveDateTime) -> Result<(), AppError> {
    diesel::update(job_state::table.find(name))
        .set((job_state::position.eq(position), job_state::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}
