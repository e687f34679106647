//! Consumers of the event feed inside lvyue: a bounded context that reacts to another's
//! events (the credit record to `complaint.determined`) reads the feed from a position of
//! its own, kept in `job_state`.
//!
//! One batch is one transaction: the consumer's position is locked (PostgreSQL: `FOR UPDATE
//! SKIP LOCKED`, so another replica skips the round), the events after it are handed to the
//! handler, and the handler's writes and the new position commit together. A crash repeats
//! the batch and loses nothing; handlers must still be idempotent on their own (a unique key
//! on what they create), because an operator may rewind a position.

use crate::events::{feed_rows, EventRow};
use crate::scope::Visibility;
use chrono::NaiveDateTime;
use lvyue_core::AppResult;
use lvyue_db::{jobs, write_tx, DbConn};

fn parse_position(raw: &str) -> Option<(i64, i64)> {
    let (txid, id) = raw.split_once('|')?;
    Some((txid.parse().ok()?, id.parse().ok()?))
}

/// Hands the next `limit` events after consumer `name`'s position to `handle`, inside one
/// transaction with the new position. Answers how many events were read (0 when caught
/// up, or when another replica holds the consumer).
pub fn consume_batch<F>(
    conn: &mut DbConn,
    name: &str,
    now: NaiveDateTime,
    limit: i64,
    mut handle: F,
) -> AppResult<usize>
where
    F: FnMut(&mut DbConn, &EventRow) -> AppResult<()>,
{
    write_tx(conn, |conn| {
        let Some(raw) = jobs::claim(conn, name, now)? else { return Ok(0) };
        let rows = feed_rows(conn, &Visibility::All, parse_position(&raw), limit)?;
        let Some(last) = rows.last() else { return Ok(0) };
        let position = format!("{}|{}", last.txid, last.id);
        for row in &rows {
            handle(conn, row)?;
        }
        jobs::save(conn, name, &position, now)?;
        Ok(rows.len())
    })
}

/// Sets consumer `name`'s position back to the start of the feed (an operator's rewind;
/// tests use it to show that handlers are idempotent).
pub fn rewind(conn: &mut DbConn, name: &str, now: NaiveDateTime) -> AppResult<()> {
    write_tx(conn, |conn| {
        if jobs::claim(conn, name, now)?.is_some() {
            jobs::save(conn, name, "", now)?;
        }
        Ok(())
    })
}
