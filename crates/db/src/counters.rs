//! Gap-tolerant, replica-safe counters (case numbers).
//!
//! A counter is advanced in its own short transaction, before the business
//! transaction that uses the number, so the row lock is held for one
//! statement and concurrent intakes are not serialised on it. On PostgreSQL
//! that transaction commits asynchronously: the business transaction's own
//! synchronous commit flushes the WAL past it, so a number that was used is
//! never lost, and one that was not used is only a gap.

use crate::conn::DbConn;
use crate::schema::case_number_counters::dsl as c;
use crate::tx::write_tx;
use diesel::prelude::*;
use lvyue_core::AppError;

/// Advances the counter named `scope` and returns its new value (1 for a new scope).
pub fn next_value(conn: &mut DbConn, scope: &str) -> Result<i64, AppError> {
    write_tx(conn, |conn| {
        if let DbConn::Pg(pg) = conn {
            diesel::sql_query("SET LOCAL synchronous_commit = off").execute(pg)?;
        }
        let updated: Option<i64> = diesel::update(c::case_number_counters.filter(c::scope.eq(scope)))
            .set(c::last_value.eq(c::last_value + 1))
            .returning(c::last_value)
            .get_result(conn)
            .optional()?;
        if let Some(v) = updated {
            return Ok(v);
        }
        // First use of this scope. A concurrent first use may insert the same row;
        // DO NOTHING then re-run the update, which waits on that row.
        let insert = diesel::insert_into(c::case_number_counters)
            .values((c::scope.eq(scope), c::last_value.eq(1i64)))
            .on_conflict_do_nothing();
        let inserted = crate::on_each_backend!(conn, |c| insert.execute(c))?;
        if inserted == 1 {
            return Ok(1);
        }
        let v = diesel::update(c::case_number_counters.filter(c::scope.eq(scope)))
            .set(c::last_value.eq(c::last_value + 1))
            .returning(c::last_value)
            .get_result(conn)?;
        Ok(v)
    })
}
