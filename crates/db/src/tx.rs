//! Write transactions: `BEGIN IMMEDIATE` on SQLite (no lock upgrade deadlocks), the default on PostgreSQL.

use crate::conn::DbConn;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::Connection;
use lvyue_core::AppError;
use std::sync::{Mutex, OnceLock};

/// The process-wide SQLite writer queue.
fn sqlite_writer() -> &'static Mutex<()> {
    static WRITER: OnceLock<Mutex<()>> = OnceLock::new();
    WRITER.get_or_init(|| Mutex::new(()))
}

/// Runs `f` in a write transaction and commits it when `f` succeeds.
///
/// SQLite takes the write lock up front (`BEGIN IMMEDIATE`) so two writers
/// queue on the busy timeout instead of failing when a read lock cannot be
/// upgraded. PostgreSQL uses READ COMMITTED; callers guard concurrent updates
/// with versions and unique constraints.
pub fn write_tx<T, F>(conn: &mut DbConn, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<T, AppError>,
{
    match conn {
        DbConn::Pg(_) => conn.transaction(f),
        DbConn::Sqlite(inner) => {
            if !matches!(AnsiTransactionManager::transaction_manager_status_mut(inner).transaction_depth(), Ok(None)) {
                // Already inside a write transaction: run as part of it.
                return f(conn);
            }
            // SQLite has one writer at a time. Queue this process's writers on a mutex rather
            // than on SQLite's busy handler, which sleeps and retries: under load that turned
            // milliseconds of waiting into a p99 near a second.
            let _writer = sqlite_writer().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            let result = f(conn);
            let DbConn::Sqlite(inner) = conn else {
                return Err(AppError::internal("connection changed backend inside a transaction"));
            };
            match result {
                Ok(value) => match AnsiTransactionManager::commit_transaction(inner) {
                    Ok(()) => Ok(value),
                    Err(commit_err) => {
                        // A failed COMMIT leaves the transaction open; end it before returning.
                        let _ = AnsiTransactionManager::rollback_transaction(inner);
                        Err(commit_err.into())
                    }
                },
                Err(e) => {
                    AnsiTransactionManager::rollback_transaction(inner)?;
                    Err(e)
                }
            }
        }
    }
}
