//! Consumers of the event feed inside lvyue: a bounded context that reacts to another's
//! events (the credit record to `complaint.determined`) reads the feed from a position of
//! its own, kept in `job_state`.
//!
//! One batch is one transaction: the consumer's position is locked (PostgreSQL: `FOR UPDATE
//! SKIP LOCKED`, so another replica skips the round), the events after it are handed to the
//! handler, and the handler's writes and the new position commit together. A crash repeats
//! the batch and loses nothing; handlers must still be idempotent on their own (a unique key
//! on what they create), because an operator may rewind a position.

use crate::dead_letter::{self, DeadLetterStatus};
use crate::events::{feed_rows, EventRow};
use crate::scope::Visibility;
use chrono::NaiveDateTime;
use lvyue_core::{AppError, AppResult};
use lvyue_db::{jobs, write_tx, DbConn};

fn parse_position(raw: &str) -> Option<(i64, i64)> {
    let (txid, id) = raw.split_once('|')?;
    Some((txid.parse().ok()?, id.parse().ok()?))
}

/// How many events of the feed consumer `name` has not read yet (the metrics' lag); None when
/// it has never run.
pub fn lag(conn: &mut DbConn, name: &str) -> AppResult<Option<i64>> {
    use diesel::prelude::*;
    use lvyue_db::schema::job_state;
    let raw: Option<String> = job_state::table.find(name).select(job_state::position).first(conn).optional()?;
    match raw {
        None => Ok(None),
        Some(raw) => crate::events::behind(conn, parse_position(&raw)).map(Some),
    }
}

/// Why a handler did not handle an event.
#[derive(Debug)]
pub enum HandleError {
    /// The event is of a type the consumer reads, but its body does not match the contract:
    /// the consumer stops on it and a dead letter is recorded.
    Unreadable(String),
    /// Anything else (the database): the whole batch rolls back and is tried at the next round.
    Failed(AppError),
}

impl From<AppError> for HandleError {
    fn from(e: AppError) -> Self {
        HandleError::Failed(e)
    }
}

impl From<diesel::result::Error> for HandleError {
    fn from(e: diesel::result::Error) -> Self {
        HandleError::Failed(e.into())
    }
}

/// Reads `event`'s body as the contract type `T` its producer wrote.
pub fn read<T: serde::de::DeserializeOwned>(event: &EventRow) -> Result<T, HandleError> {
    serde_json::from_str(&event.data).map_err(|e| HandleError::Unreadable(e.to_string()))
}

/// Hands the next `limit` events after consumer `name`'s position to `handle`, inside one
/// transaction with the new position. Answers how many events were handled (0 when caught
/// up, when another replica holds the consumer, or when it is stopped on a dead letter).
///
/// A handler reads an event's body before it writes anything: an unreadable body stops the
/// consumer just before that event, with a dead letter, and what the batch handled before it
/// commits.
pub fn consume_batch<F>(
    conn: &mut DbConn,
    name: &str,
    now: NaiveDateTime,
    limit: i64,
    mut handle: F,
) -> AppResult<usize>
where
    F: FnMut(&mut DbConn, &EventRow) -> Result<(), HandleError>,
{
    write_tx(conn, |conn| {
        let Some(raw) = jobs::claim(conn, name, now)? else { return Ok(0) };
        let letter = dead_letter::pending(conn, name)?;
        if letter.as_ref().is_some_and(|l| l.status == DeadLetterStatus::Open.code()) {
            return Ok(0);
        }
        let rows = feed_rows(conn, &Visibility::All, parse_position(&raw), limit)?;
        let mut handled: usize = 0;
        for row in &rows {
            match handle(conn, row) {
                Ok(()) => {}
                Err(HandleError::Unreadable(error)) => {
                    dead_letter::record(conn, name, row, &error, now)?;
                    break;
                }
                Err(HandleError::Failed(e)) => return Err(e),
            }
            if let Some(letter) = letter.as_ref().filter(|l| l.event_id == row.event_id) {
                dead_letter::resolve(conn, letter, now)?;
            }
            handled += 1;
        }
        if let Some(last) = handled.checked_sub(1).and_then(|i| rows.get(i)) {
            jobs::save(conn, name, &format!("{}|{}", last.txid, last.id), now)?;
        }
        Ok(handled)
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
