//! The check log's writer: group commit. The check itself only reads; its log rows go to one
//! writer thread, which takes everything waiting, writes it in one statement (one turn of
//! the single writer on SQLite) and only then lets the waiting checks answer. Nothing is
//! answered that is not committed to the log, and under load one transaction carries many
//! checks instead of one each. (On PostgreSQL that commit does not wait for the WAL flush:
//! see [`commit_log`].)

use crate::check::{append_log, CheckLogInsert, LOG_CHUNK};
use lvyue_core::{AppError, AppResult};
use lvyue_db::{write_tx, DbPool};
use tokio::sync::{mpsc, oneshot};

/// Writes the log rows. On PostgreSQL the writer has a private pool of one connection whose
/// session does not wait for WAL flushes (`lvyue_db::pool::build_unflushed_pool`), so a batch
/// is one autocommitted INSERT — one round trip — that commits without waiting for its flush:
/// the rows are committed and visible at once and survive a crash of lvyue; a crash of
/// PostgreSQL itself within about three `wal_writer_delay`s (600 ms by default) could lose the
/// newest of them. That trade is made for the log of the hottest call only — every record,
/// measure and case change waits for its flush. On SQLite the batch is one turn of the single
/// writer.
fn commit_log(conn: &mut lvyue_db::DbConn, rows: &[CheckLogInsert]) -> AppResult<()> {
    match conn {
        lvyue_db::DbConn::Pg(_) if rows.len() <= LOG_CHUNK => append_log(conn, rows),
        _ => write_tx(conn, |c| append_log(c, rows)),
    }
}

/// Why a batch of the log could not be written; every check waiting on the batch is told.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct LogWriteError(String);

impl From<diesel::r2d2::PoolError> for LogWriteError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        LogWriteError(format!("no database connection: {e}"))
    }
}

impl From<AppError> for LogWriteError {
    fn from(e: AppError) -> Self {
        LogWriteError(e.to_string())
    }
}

/// One attempt at writing a batch.
fn write_once(pool: &DbPool, rows: &[CheckLogInsert]) -> Result<(), LogWriteError> {
    let mut conn = pool.get()?;
    Ok(commit_log(&mut conn, rows)?)
}

/// Writes a batch, trying once more on a fresh connection (after a restart of PostgreSQL the
/// pooled one is broken, and is dropped when it is given back).
fn write(pool: &DbPool, rows: &[CheckLogInsert]) -> Result<(), LogWriteError> {
    write_once(pool, rows).or_else(|first| {
        tracing::warn!(error = %first, "the check log write failed; trying once more");
        write_once(pool, rows)
    })
}

/// Checks waiting for the writer at most (beyond, a check waits to be queued).
const QUEUE: usize = 4096;
/// Rows per transaction at most.
const MAX_ROWS: usize = 5000;

struct Pending {
    rows: Vec<CheckLogInsert>,
    done: oneshot::Sender<Result<(), LogWriteError>>,
}

/// A handle to the writer (cheap to clone; the thread ends when every handle is gone).
#[derive(Debug, Clone)]
pub struct CheckLogWriter {
    tx: mpsc::Sender<Pending>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pending({} rows)", self.rows.len())
    }
}

impl CheckLogWriter {
    /// Starts the writer thread over `pool` (on PostgreSQL its own unflushed pool, on SQLite
    /// the write pool).
    pub fn start(pool: DbPool) -> std::io::Result<CheckLogWriter> {
        let (tx, mut rx) = mpsc::channel::<Pending>(QUEUE);
        std::thread::Builder::new().name("check-log".into()).spawn(move || {
            while let Some(first) = rx.blocking_recv() {
                let mut batch = vec![first];
                let mut rows = batch[0].rows.len();
                while rows < MAX_ROWS {
                    match rx.try_recv() {
                        Ok(p) => {
                            rows += p.rows.len();
                            batch.push(p);
                        }
                        Err(_) => break,
                    }
                }
                let all: Vec<CheckLogInsert> = batch.iter().flat_map(|p| p.rows.iter().cloned()).collect();
                metrics::histogram!("lvyue_sanction_check_log_batch_rows").record(all.len() as f64);
                metrics::counter!("lvyue_sanction_checks_total").increment(all.len() as u64);
                let outcome = write(&pool, &all);
                if let Err(e) = &outcome {
                    tracing::error!(error = %e, checks = all.len(), "the sanction check log could not be written");
                }
                for p in batch {
                    let _ = p.done.send(outcome.clone());
                }
            }
        })?;
        Ok(CheckLogWriter { tx })
    }

    /// Logs `rows`; answers once they are committed (503 when they could not be).
    pub async fn write(&self, rows: Vec<CheckLogInsert>) -> AppResult<()> {
        let (done, wait) = oneshot::channel();
        self.tx
            .send(Pending { rows, done })
            .await
            .map_err(|_| AppError::Unavailable("the check log writer has stopped".into()))?;
        match wait.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(AppError::Unavailable(format!("the check log could not be written: {e}"))),
            Err(_) => Err(AppError::Unavailable("the check log writer has stopped".into())),
        }
    }
}
