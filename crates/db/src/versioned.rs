//! Versioned updates (乐观锁): every resource a client changes carries a `version`; a change
//! names the version it was made against, and the row moves only if no one moved it first.
//!
//! The check and the bump are one statement — `UPDATE … SET …, version = next WHERE id = ?
//! AND version = current` — so two writers on two replicas cannot both pass the check.

use crate::DbConn;
use lvyue_core::{AppError, AppResult};

/// Refuses a change made against `expected` when the row is at `current` (409 `stale_version`,
/// naming the current version so the client can reload).
pub fn check(expected: i32, current: i32) -> AppResult<()> {
    if expected == current {
        Ok(())
    } else {
        Err(AppError::stale_version(current))
    }
}

/// Runs `update`, the guarded statement: it must filter on `version = current` and set
/// `version = next`, which it is handed. Answers `next`; when no row matched, another writer
/// moved the row first and the change is refused (409 `stale_version`).
pub fn bump<F>(conn: &mut DbConn, current: i32, update: F) -> AppResult<i32>
where
    F: FnOnce(&mut DbConn, i32) -> diesel::QueryResult<usize>,
{
    let next = current + 1;
    match update(conn, next)? {
        0 => Err(AppError::stale_version(next)),
        _ => Ok(next),
    }
}
