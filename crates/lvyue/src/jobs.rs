//! The scheduled jobs that run inside every server: the overdue sweep, the calendar
//! refresh, the expiry of credit records and the event consumers that turn determinations
//! into credit records and records into measures (and, from the webhooks crate, fan-out and
//! delivery). Each takes its own locks in the database, so any number of replicas may run
//! them side by side.
//!
//! Every job is a plain function of the state that runs one round to the end: the server
//! calls them on a timer ([`spawn`]), tests and operators call them directly
//! ([`run_housekeeping`], [`drain_consumers`]).

use lvyue_web::AppState;
use std::sync::Arc;
use std::time::Duration;

/// Why a round of a job failed (it is tried again at the next round).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// No connection could be had.
    #[error("no database connection: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    /// The job's work failed.
    #[error("{0}")]
    Work(#[from] lvyue_core::AppError),
}

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
fn drain<F>(st: &AppState, size: i64, mut batch: F) -> Result<usize, JobError>
where
    F: FnMut(&mut lvyue_db::DbConn) -> lvyue_core::AppResult<usize>,
{
    let mut total = 0;
    loop {
        let mut conn = st.write_pool.get()?;
        let n = batch(&mut conn)?;
        total += n;
        if n < size as usize {
            return Ok(total);
        }
    }
}

/// Announces every deadline that has passed (`complaint.overdue`, once each).
pub fn overdue_sweep(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 500;
    let now = st.clock.now();
    let stored = lvyue_core::time::to_stored(now);
    drain(st, BATCH, |conn| lvyue_verification::overdue::sweep_batch(conn, now, stored, BATCH))
}

/// Expires the credit records past their maximum publicity period.
pub fn credit_record_expiry(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 500;
    let now = st.clock.now();
    let (today, stored) = (lvyue_core::time::shanghai_date(now), lvyue_core::time::to_stored(now));
    drain(st, BATCH, |conn| lvyue_credit_record::expiry::expire_batch(conn, today, stored, BATCH))
}

/// The sanctions follow the credit records' events (`sanction.follow`).
pub fn sanction_follow(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 200;
    let calendar = st.calendar();
    let ack_working_days = st.settings.time_limits.sanction_ack_working_days;
    drain(st, BATCH, |conn| {
        let ctx = lvyue_sanction::follow::FollowContext { calendar: &calendar, ack_working_days, now: st.now() };
        lvyue_sanction::follow::consume_batch(conn, &ctx, BATCH)
    })
}

/// Determinations become credit records (`credit_record.from_case`).
pub fn credit_record_from_case(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 500;
    let periods = st.settings.publicity;
    drain(st, BATCH, |conn| lvyue_credit_record::from_case::consume_batch(conn, &periods, st.now(), BATCH))
}

/// Contracts closed out become fulfilment information (`credit_record.from_contract`).
pub fn credit_record_from_contract(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 500;
    drain(st, BATCH, |conn| lvyue_credit_record::from_contract::consume_batch(conn, st.now(), BATCH))
}

/// Oversight's facts follow the cases' events (`oversight.case_facts`).
pub fn oversight_case_facts(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 500;
    let calendar = st.calendar();
    drain(st, BATCH, |conn| lvyue_oversight::facts::consume_batch(conn, &calendar, st.now(), BATCH))
}

/// Typical cases follow their records' ends (`oversight.typical_cases`).
pub fn oversight_typical_cases(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 500;
    drain(st, BATCH, |conn| lvyue_oversight::typical::follow::consume_batch(conn, st.now(), BATCH))
}

/// Reloads the working-day calendar another replica or the CLI may have changed.
pub fn calendar_refresh(st: &AppState) -> Result<(), JobError> {
    let mut conn = st.pool.get()?;
    let calendar = lvyue_db::calendar::load(&mut conn)?;
    st.replace_calendar(Arc::new(calendar));
    Ok(())
}

/// One round of housekeeping: the calendar, the overdue sweep and the expiry of records.
/// Answers how many deadlines and records it announced.
pub fn run_housekeeping(st: &AppState) -> Result<usize, JobError> {
    calendar_refresh(st)?;
    Ok(overdue_sweep(st)?
        + credit_record_expiry(st)?
        + obligation_warnings(st)?
        + obligation_escalation(st)?
        + ledger_late(st)?
        + audit_seal(st)?
        + month_partitions(st)?)
}

/// The month partitions of the append-only tables, three months ahead (PostgreSQL).
pub fn month_partitions(st: &AppState) -> Result<usize, JobError> {
    let mut conn = st.write_pool.get()?;
    Ok(lvyue_db::partitions::ensure_ahead(&mut conn)?)
}

/// The obligations' daily scan: warnings raised and escalated, overdue ones marked.
pub fn obligation_warnings(st: &AppState) -> Result<usize, JobError> {
    let calendar = st.calendar();
    let limits = &st.settings.time_limits;
    let now = st.clock.now();
    let ctx = lvyue_obligation::warning::scan::ScanContext {
        calendar: &calendar,
        ahead_working_days: limits.warning_working_days,
        escalate_working_days: limits.warning_escalate_working_days,
        today: lvyue_core::time::shanghai_date(now),
        now: lvyue_core::time::to_stored(now),
    };
    let mut conn = st.write_pool.get()?;
    Ok(lvyue_db::write_tx(&mut conn, |conn| lvyue_obligation::warning::scan::run(conn, &ctx))?)
}

/// Overdue contracts past their grace period escalate into cases for the credit office.
pub fn obligation_escalation(st: &AppState) -> Result<usize, JobError> {
    let calendar = st.calendar();
    let now = st.clock.now();
    let ctx = lvyue_case::CaseContext {
        now,
        stored_now: lvyue_core::time::to_stored(now),
        calendar: &calendar,
        settings: &st.settings,
    };
    let mut conn = st.write_pool.get()?;
    let grace = st.settings.time_limits.escalate_working_days;
    Ok(lvyue_intake::escalation::escalate_due(&mut conn, &ctx, &calendar, grace)?)
}

/// A case concluded substantiated with a plan enters its respondent's ledger (`ledger.from_cases`).
pub fn ledger_from_cases(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 500;
    drain(st, BATCH, |conn| lvyue_ledger::from_case::consume_batch(conn, st.now(), BATCH))
}

/// The ledger's daily warnings: plan steps and campaign submissions past their day.
pub fn ledger_late(st: &AppState) -> Result<usize, JobError> {
    let now = st.clock.now();
    let today = lvyue_core::time::shanghai_date(now);
    let mut conn = st.write_pool.get()?;
    Ok(lvyue_db::write_tx(&mut conn, |conn| lvyue_ledger::scan::run(conn, today, lvyue_core::time::to_stored(now)))?)
}

/// A determination on a case about a registered contract marks the contract breached
/// (`obligation.breaches`).
pub fn obligation_breaches(st: &AppState) -> Result<usize, JobError> {
    const BATCH: i64 = 500;
    drain(st, BATCH, |conn| lvyue_obligation::contract::breach::consume_batch(conn, st.now(), BATCH))
}

/// Entries sealed into the audit chain per transaction.
const SEAL_BATCH: i64 = 5_000;

/// Seals the audit entries committed since the chain's head (see `lvyue_outbox::audit_chain`).
pub fn audit_seal(st: &AppState) -> Result<usize, JobError> {
    let now = st.now();
    drain(st, SEAL_BATCH, |conn| seal_claimed(conn, now))
}

/// One batch of sealing, one replica at a time (another replica holding the job skips).
fn seal_claimed(conn: &mut lvyue_db::DbConn, now: chrono::NaiveDateTime) -> lvyue_core::AppResult<usize> {
    lvyue_db::write_tx(conn, |conn| {
        if lvyue_db::jobs::claim(conn, lvyue_outbox::audit_chain::JOB, now)?.is_none() {
            return Ok(0);
        }
        lvyue_outbox::audit_chain::seal_batch(conn, now, SEAL_BATCH)
    })
}

/// Seals everything waiting on one connection (the CLI's `audit verify`).
pub fn seal_all(conn: &mut lvyue_db::DbConn, now: chrono::NaiveDateTime) -> lvyue_core::AppResult<usize> {
    let mut total = 0;
    loop {
        let sealed = seal_claimed(conn, now)?;
        total += sealed;
        if sealed < SEAL_BATCH as usize {
            return Ok(total);
        }
    }
}

/// Runs the event consumers until none has anything left in the feed it can see: a record
/// made from a determination is followed by its measures in the same call. Answers how many
/// events they read.
pub fn drain_consumers(st: &AppState) -> Result<usize, JobError> {
    let mut total = 0;
    loop {
        let n = credit_record_from_case(st)?
            + credit_record_from_contract(st)?
            + sanction_follow(st)?
            + oversight_case_facts(st)?
            + oversight_typical_cases(st)?
            + obligation_breaches(st)?
            + ledger_from_cases(st)?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}

/// Runs `work` on a blocking thread every `interval`, logging failures (a failed round is
/// simply tried again at the next one: every job is safe to repeat).
pub fn every<F, T>(name: &'static str, interval: Duration, state: AppState, work: F)
where
    F: Fn(&AppState) -> Result<T, JobError> + Send + Sync + 'static,
    T: Send + 'static,
{
    let work = Arc::new(work);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            let st = state.clone();
            let w = Arc::clone(&work);
            match tokio::task::spawn_blocking(move || w(&st)).await {
                Ok(Ok(_)) => {}
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
        let announced = overdue_sweep(st)?;
        if announced > 0 {
            tracing::info!(announced, "overdue deadlines announced");
        }
        Ok(())
    });
    every("credit_record_expiry", intervals.housekeeping, state.clone(), |st| {
        let expired = credit_record_expiry(st)?;
        if expired > 0 {
            tracing::info!(expired, "credit records past their publicity period expired");
        }
        Ok(())
    });
    every("obligation_warnings", intervals.housekeeping, state.clone(), obligation_warnings);
    every("sanction_follow", intervals.consumers, state.clone(), sanction_follow);
    every("credit_record_from_case", intervals.consumers, state.clone(), credit_record_from_case);
    every("credit_record_from_contract", intervals.consumers, state.clone(), credit_record_from_contract);
    every("oversight_case_facts", intervals.consumers, state.clone(), oversight_case_facts);
    every("oversight_typical_cases", intervals.consumers, state.clone(), oversight_typical_cases);
    every("obligation_breaches", intervals.consumers, state.clone(), obligation_breaches);
    every("ledger_from_cases", intervals.consumers, state.clone(), ledger_from_cases);
}

/// Starts the calendar refresh, which every replica runs (jobs on or off): another replica
/// or the CLI may have loaded a year, and this replica's deadlines must follow it.
pub fn spawn_calendar_refresh(state: &AppState, intervals: JobIntervals) {
    every("calendar_refresh", intervals.housekeeping, state.clone(), calendar_refresh);
}
