//! Case-number sequences, safe with several replicas and cheap on the intake path.
//!
//! Call `next_values` inside the write transaction that uses the numbers.
//!
//! - PostgreSQL: one native sequence per scope (`case_seq_<scope>`), created on
//!   first use. `nextval` is not transactional and takes no row lock, so
//!   concurrent intakes on any number of replicas never wait on each other;
//!   a rolled-back intake leaves a gap, never a duplicate.
//! - SQLite: an upsert on `case_number_counters` inside the caller's
//!   `BEGIN IMMEDIATE` transaction — one writer at a time, so the numbers are
//!   gapless and roll back with the case.

use crate::conn::DbConn;
use crate::schema::case_number_counters::dsl as c;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use lvyue_core::AppError;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

#[derive(QueryableByName)]
struct Next {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

/// A scope name as it may appear in a sequence name: `[a-z0-9_]`.
fn sequence_name(scope: &str) -> Result<String, AppError> {
    let safe: String =
        scope.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch.to_ascii_lowercase() } else { '_' }).collect();
    if safe.is_empty() || safe.len() > 50 {
        return Err(AppError::internal(format!("bad counter scope {scope:?}")));
    }
    Ok(format!("case_seq_{safe}"))
}

/// Sequences this process has seen exist (sequences are never dropped).
fn known() -> &'static Mutex<HashSet<String>> {
    static KNOWN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    KNOWN.get_or_init(|| Mutex::new(HashSet::new()))
}

fn is_known(name: &str) -> bool {
    known().lock().map(|k| k.contains(name)).unwrap_or(false)
}

fn remember(name: String) {
    if let Ok(mut k) = known().lock() {
        k.insert(name);
    }
}

/// Makes sure the counter `scope` exists, outside any business transaction
/// (called at start for this year and the next, so intake never creates one under load).
pub fn ensure_scope(conn: &mut DbConn, scope: &str) -> Result<(), AppError> {
    if let DbConn::Pg(pg) = conn {
        let name = sequence_name(scope)?;
        diesel::sql_query(format!("CREATE SEQUENCE IF NOT EXISTS {name}")).execute(pg)?;
        remember(name);
    }
    Ok(())
}

/// Advances the counter named `scope` (e.g. `BB-2026`) by `n` in one statement and returns the
/// `n` new values, ascending (a batch of intakes draws its case numbers at once).
pub fn next_values(conn: &mut DbConn, scope: &str, n: usize) -> Result<Vec<i64>, AppError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let count = i64::try_from(n).map_err(|_| AppError::internal("too many counter values"))?;
    match conn {
        DbConn::Pg(pg) => {
            let name = sequence_name(scope)?;
            let next = |pg: &mut diesel::PgConnection| {
                diesel::sql_query("SELECT nextval($1::regclass) AS value FROM generate_series(1, $2)")
                    .bind::<Text, _>(&name)
                    .bind::<BigInt, _>(count)
                    .load::<Next>(pg)
                    .map(|rows| {
                        let mut values: Vec<i64> = rows.into_iter().map(|n| n.value).collect();
                        values.sort_unstable();
                        values
                    })
            };
            if is_known(&name) {
                return Ok(next(pg)?);
            }
            // Not seen yet: probe inside a savepoint so a miss does not abort the caller's
            // transaction, create it if missing, and remember it.
            match pg.transaction(|pg| next(pg)) {
                Ok(v) => {
                    // Seen by nextval, so committed: safe to skip the probe from now on.
                    remember(name);
                    Ok(v)
                }
                // Missing: create it within the caller's transaction. Not remembered, because
                // that transaction may still roll back and take the sequence with it.
                Err(_) => pg
                    .transaction(|pg| {
                        diesel::sql_query(format!("CREATE SEQUENCE IF NOT EXISTS {name}")).execute(pg)?;
                        next(pg)
                    })
                    .map_err(|e| AppError::Unavailable(format!("case-number sequence {name}: {e}"))),
            }
        }
        DbConn::Sqlite(lite) => {
            let upsert = diesel::insert_into(c::case_number_counters)
                .values((c::scope.eq(scope), c::last_value.eq(count)))
                .on_conflict(c::scope)
                .do_update()
                .set(c::last_value.eq(c::last_value + count))
                .returning(c::last_value);
            let last: i64 = upsert.get_result(lite)?;
            Ok((last - count + 1..=last).collect())
        }
    }
}
