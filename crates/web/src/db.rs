//! Running database work off the async threads.

use crate::problem::ApiError;
use crate::state::AppState;
use actix_web::web;
use lvyue_core::{AppError, AppResult};
use lvyue_db::{DbConn, LeanConn, LeanReads};
use std::future::Future;
use std::sync::Arc;

/// Runs read work `f` with a pooled connection on the blocking pool.
/// A pool timeout answers 503; a panic inside answers 500.
pub async fn run<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    on_pool(state.pool.clone(), "read", f).await
}

/// Runs a read that may lag the primary by the replication delay — a list, figures, an export,
/// a public page, the feed — on the replica (`LVYUE_DATABASE_READ_URL`), or the read pool when
/// there is none. Never for a read that must see the caller's own write, and never for the
/// sanction check: a record repaired a moment ago must not be reported restricted.
pub async fn run_on_replica<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    on_pool(state.replica_pool.clone(), "replica", f).await
}

/// Runs a hot read on the lean path (`lvyue_db::lean`: on this async worker, pipelined on its
/// own PostgreSQL connection) when the server has one, else `pooled` — the same query — on the
/// read pool. Reads that must see the caller's own write and the sanction check use this.
/// A lean read that fails (a connection lost to a restart or a network fault) drops its
/// connection — the next request opens another — and is answered by `pooled`, so the caller
/// sees what the pooled path would have said; one that takes longer than the pool's checkout
/// timeout answers 503.
pub async fn run_lean<T, L, Fut, F>(state: &AppState, lean: L, pooled: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    L: FnOnce(LeanConn) -> Fut,
    Fut: Future<Output = diesel::QueryResult<T>>,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    lean_or_pool(state.lean.as_deref(), lean, state.pool.clone(), "read", pooled).await
}

/// [`run_lean`] for a read that may lag the primary (the feed, the case list): the replica's lean path, or
/// `pooled` on the replica pool ([`run_on_replica`]).
pub async fn run_lean_on_replica<T, L, Fut, F>(state: &AppState, lean: L, pooled: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    L: FnOnce(LeanConn) -> Fut,
    Fut: Future<Output = diesel::QueryResult<T>>,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    lean_or_pool(state.lean_replica.as_deref(), lean, state.replica_pool.clone(), "replica", pooled).await
}

/// `lean` on `reads` when there is a lean path and it answers; else `pooled` on `pool`.
async fn lean_or_pool<T, L, Fut, F>(
    reads: Option<&LeanReads>,
    lean: L,
    pool: lvyue_db::DbPool,
    name: &'static str,
    pooled: F,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    L: FnOnce(LeanConn) -> Fut,
    Fut: Future<Output = diesel::QueryResult<T>>,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    if let Some(reads) = reads {
        if let Some(value) = on_lean(reads, name, lean).await? {
            return Ok(value);
        }
    }
    on_pool(pool, name, pooled).await
}

/// The lean read's answer; None when it failed and the pooled path should answer instead.
async fn on_lean<T, L, Fut>(reads: &LeanReads, name: &'static str, lean: L) -> Result<Option<T>, ApiError>
where
    L: FnOnce(LeanConn) -> Fut,
    Fut: Future<Output = diesel::QueryResult<T>>,
{
    let failed = |error: &dyn std::fmt::Display| {
        metrics::counter!("lvyue_lean_failures_total", "pool" => name).increment(1);
        tracing::warn!(%error, pool = name, "a lean read failed; the pooled path answers it");
    };
    let conn = match reads.connection().await {
        Ok(conn) => conn,
        Err(e) => {
            failed(&e);
            return Ok(None);
        }
    };
    metrics::counter!("lvyue_lean_reads_total", "pool" => name).increment(1);
    match tokio::time::timeout(reads.timeout, lean(Arc::clone(&conn))).await {
        Ok(Ok(value)) => Ok(Some(value)),
        Ok(Err(diesel::result::Error::NotFound)) => Err(ApiError::from(AppError::NotFound)),
        Ok(Err(e)) => {
            failed(&e);
            reads.discard(&conn);
            Ok(None)
        }
        Err(_) => {
            failed(&"no answer within the checkout timeout");
            reads.discard(&conn);
            Err(ApiError::from(AppError::Unavailable("the database did not answer in time".into())))
        }
    }
}

/// How many figure computations (a city's year of cases, a period's data quality…) one server
/// runs at once. Each scans hundreds of thousands of rows; more at once only queue on the same
/// cores and take the connections the clerks' short requests need. The rest wait their turn.
pub const FIGURES_AT_ONCE: usize = 2;

/// Runs a figures computation on the replica (see [`run_on_replica`]), at most
/// [`FIGURES_AT_ONCE`] at a time in this process.
pub async fn run_figures<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    static GATE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(FIGURES_AT_ONCE);
    let _turn = GATE.acquire().await.map_err(|_| AppError::Unavailable("figures gate closed".into()))?;
    run_on_replica(state, f).await
}

/// Runs work that writes (a POST) with a connection of the write pool.
pub async fn run_write<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    on_pool(state.write_pool.clone(), "write", f).await
}

/// Requests waiting for a connection of each pool (on SQLite the write pool is the one writer:
/// this is its queue), and how long they waited: the metrics say when a pool runs dry.
async fn on_pool<T, F>(pool: lvyue_db::DbPool, name: &'static str, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    let waiting = metrics::gauge!("lvyue_db_pool_waiting", "pool" => name);
    waiting.increment(1.0);
    let outcome = web::block(move || {
        let started = std::time::Instant::now();
        let conn = pool.get();
        waiting.decrement(1.0);
        metrics::histogram!("lvyue_db_pool_checkout_seconds", "pool" => name).record(started.elapsed().as_secs_f64());
        let mut conn = conn.map_err(|e| {
            metrics::counter!("lvyue_db_pool_timeouts_total", "pool" => name).increment(1);
            AppError::Unavailable(e.to_string())
        })?;
        f(&mut conn)
    })
    .await
    .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?;
    outcome.map_err(ApiError::from)
}
