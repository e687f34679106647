//! Running database work off the async threads.

use crate::problem::ApiError;
use crate::state::AppState;
use actix_web::web;
use lvyue_core::{AppError, AppResult};
use lvyue_db::DbConn;

/// Runs read work `f` with a pooled connection on the blocking pool.
/// A pool timeout answers 503; a panic inside answers 500.
pub async fn run<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    on_pool(state.pool.clone(), f).await
}

/// Runs work that writes (a POST) with a connection of the write pool.
pub async fn run_write<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    on_pool(state.write_pool.clone(), f).await
}

async fn on_pool<T, F>(pool: lvyue_db::DbPool, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    let outcome = web::block(move || {
        let mut conn = pool.get().map_err(|e| AppError::Unavailable(e.to_string()))?;
        f(&mut conn)
    })
    .await
    .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?;
    outcome.map_err(ApiError::from)
}
