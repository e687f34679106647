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

/// Writes the log rows. On PostgreSQL the writer holds one connection of the write pool for
/// itself with `synchronous_commit = off` for that session only, so a batch is one
/// autocommitted INSERT — one round trip — that does not wait for its WAL flush: the rows are
/// committed and visible at once and survive a crash of lvyue; a crash of PostgreSQL itself
/// within about three `wal_writer_delay`s (600 ms by default) could lose the newest of them.
/// That trade is made for the log of the hottest call only — every record, measure and case
/// change waits for its flush. On SQLite the batch is one turn of the single writer.
fn commit_log(conn: &mut lvyue_db::DbConn, rows: &[CheckLogInsert]) -> AppResult<()> {
    match conn {
        lvyue_db::DbConn::Pg(_) if rows.len() <= LOG_CHUNK => append_log(conn, rows),
        _ => write_tx(conn, |c| append_log(c, rows)),
    }
}

/// The writer's connection: on PostgreSQL taken once and kept (its session set not to wait
/// for WAL flushes), on SQLite taken per batch (it is the one writer everyone shares).
struct WriterConn {
    pool: DbPool,
    held: Option<lvyue_db::PooledConn>,
}

impl WriterConn {
    fn write(&mut self, rows: &[CheckLogInsert]) -> Result<(), String> {
        use diesel::RunQueryDsl;
        let conn = match self.held.take() {
            Some(c) => c,
            None => {
                let mut c = self.pool.get().map_err(|e| e.to_string())?;
                if let lvyue_db::DbConn::Pg(pg) = &mut *c {
                    diesel::sql_query("SET synchronous_commit TO OFF").execute(pg).map_err(|e| e.to_string())?;
                }
                c
            }
        };
        let mut conn = conn;
        let outcome = commit_log(&mut conn, rows).map_err(|e| e.to_string());
        match (&*conn, &outcome) {
            (lvyue_db::DbConn::Pg(_), Ok(())) => self.held = Some(conn),
            _ => Self::release(conn),
        }
        outcome
    }

    /// Gives a connection back to the pool as the pool hands them out.
    fn release(mut conn: lvyue_db::PooledConn) {
        use diesel::RunQueryDsl;
        if let lvyue_db::DbConn::Pg(pg) = &mut *conn {
            let _ = diesel::sql_query("RESET synchronous_commit").execute(pg);
        }
    }
}

impl Drop for WriterConn {
    fn drop(&mut self) {
        if let Some(c) = self.held.take() {
            Self::release(c);
        }
    }
}

/// Checks waiting for the writer at most (beyond, a check waits to be queued).
const QUEUE: usize = 4096;
/// Rows per transaction at most.
const MAX_ROWS: usize = 5000;

struct Pending {
    rows: Vec<CheckLogInsert>,
    done: oneshot::Sender<Result<(), String>>,
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
    /// Starts the writer thread over `pool` (the write pool).
    pub fn start(pool: DbPool) -> std::io::Result<CheckLogWriter> {
        let (tx, mut rx) = mpsc::channel::<Pending>(QUEUE);
        std::thread::Builder::new().name("check-log".into()).spawn(move || {
            let mut writer = WriterConn { pool, held: None };
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
                let outcome = writer.write(&all);
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
