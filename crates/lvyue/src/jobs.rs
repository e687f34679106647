//! The scheduled jobs that run inside every server: the overdue sweep, the calendar
//! refresh, the expiry of credit records and the event consumer that turns determinations
//! into credit records (and, from the webhooks crate, fan-out and delivery). Each takes its
//! own locks in the database, so any number of replicas may run them side by side.

use lvyue_web::AppState;
use std::sync::Arc;
use std::time::Duration;

/// How often the jobs run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobIntervals {
    /// The overdue sweep, the calendar refresh and the expiry of credit records.
    pub housekeeping: Duration,
    /// The event consumers (a determination becomes a credit record).
    pub consumers: Duration,
}

/// Runs `batch` with a fresh write connection until it answers fewer than `size` items (a
/// connection per batch: on SQLite the one write connection is shared with the requests).
fn drain<F>(st: &AppState, size: i64, mut batch: F) -> Result<usize, String>
where
    F: FnMut(&mut lvyue_db::DbConn) -> lvyue_core::AppResult<usize>,
{
    let mut total = 0;
    loop {
        let mut conn = st.write_pool.get().map_err(|e| e.to_string())?;
        let n = batch(&mut conn).map_err(|e| e.to_string())?;
        total += n;
        if n < size as usize {
            return Ok(total);
        }
    }
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

/// Starts the jobs that write: the overdue sweep, the expiry of credit records and the
/// event consumers.
pub fn spawn(state: &AppState, intervals: JobIntervals) {
    every("overdue_sweep", intervals.housekeeping, state.clone(), |st| {
        const BATCH: i64 = 500;
        let now = st.clock.now();
        let stored = lvyue_core::time::to_stored(now);
        let announced = drain(st, BATCH, |conn| lvyue_verification::overdue::sweep_batch(conn, now, stored, BATCH))?;
        if announced > 0 {
            tracing::info!(announced, "overdue deadlines announced");
        }
        Ok(())
    });
    every("credit_record_expiry", intervals.housekeeping, state.clone(), |st| {
        const BATCH: i64 = 500;
        let now = st.clock.now();
        let (today, stored) = (lvyue_core::time::shanghai_date(now), lvyue_core::time::to_stored(now));
        let expired = drain(st, BATCH, |conn| lvyue_credit_record::expiry::expire_batch(conn, today, stored, BATCH))?;
        if expired > 0 {
            tracing::info!(expired, "credit records past their publicity period expired");
        }
        Ok(())
    });
    every("sanction_follow", intervals.consumers, state.clone(), |st| {
        const BATCH: i64 = 200;
        let calendar = st.calendar();
        let ack_working_days = st.settings.time_limits.sanction_ack_working_days;
        drain(st, BATCH, |conn| {
            let ctx = lvyue_sanction::follow::FollowContext { calendar: &calendar, ack_working_days, now: st.now() };
            lvyue_sanction::follow::consume_batch(conn, &ctx, BATCH)
        })?;
        Ok(())
    });
    every("credit_record_from_case", intervals.consumers, state.clone(), |st| {
        const BATCH: i64 = 500;
        let periods = st.settings.publicity;
        drain(st, BATCH, |conn| lvyue_credit_record::from_case::consume_batch(conn, &periods, st.now(), BATCH))?;
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
