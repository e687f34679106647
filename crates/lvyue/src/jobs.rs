//! The scheduled jobs that run inside every server: the overdue sweep and the calendar
//! refresh (and, from the webhooks crate, fan-out and delivery). Each job takes its own
//! lock in the database, so any number of replicas may run them side by side.

use lvyue_web::AppState;
use std::sync::Arc;
use std::time::Duration;

/// How often the jobs run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobIntervals {
    /// The overdue sweep and the calendar refresh.
    pub housekeeping: Duration,
}

/// Runs `work` on a blocking thread every `interval`, logging failures (a failed round is
/// simply tried again at the next one: every job is safe to repeat).
pub fn every<F>(name: &'static str, interval: Duration, state: AppState, work: F)
where
    F: Fn(&AppState) -> Result<(), String> + Send + Sync + 'static,
{
    let work = Arc::new(work);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            let st = state.clone();
            let w = Arc::clone(&work);
            match tokio::task::spawn_blocking(move || w(&st)).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(job = name, error = %e, "scheduled job failed; retrying next round"),
                Err(e) => tracing::error!(job = name, error = %e, "scheduled job panicked"),
            }
        }
    });
}

/// Starts the overdue sweep.
pub fn spawn(state: &AppState, intervals: JobIntervals) {
    every("overdue_sweep", intervals.housekeeping, state.clone(), |st| {
        const BATCH: i64 = 500;
        let now = st.clock.now();
        let mut announced = 0;
        loop {
            // A connection per batch: on SQLite the one write connection is shared with
            // the requests, which must not wait for the whole sweep.
            let mut conn = st.write_pool.get().map_err(|e| e.to_string())?;
            let n = lvyue_verification::overdue::sweep_batch(&mut conn, now, lvyue_core::time::to_stored(now), BATCH)
                .map_err(|e| e.to_string())?;
            announced += n;
            if n < BATCH as usize {
                break;
            }
        }
        if announced > 0 {
            tracing::info!(announced, "overdue deadlines announced");
        }
        Ok(())
    });
}

/// Starts the calendar refresh, which every replica runs (jobs on or off): another replica
/// or the CLI may have loaded a year, and this replica's deadlines must follow it.
pub fn spawn_calendar_refresh(state: &AppState, intervals: JobIntervals) {
    every("calendar_refresh", intervals.housekeeping, state.clone(), |st| {
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        let calendar = lvyue_db::calendar::load(&mut conn).map_err(|e| e.to_string())?;
        st.replace_calendar(Arc::new(calendar));
        Ok(())
    });
}
