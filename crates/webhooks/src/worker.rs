//! The dispatcher's loop inside the server: fan out, claim as many deliveries as there are
//! free sending slots, send each in its own task and record it; sleep only when there was
//! nothing to do.

use crate::dispatch::{self, Job, Outcome};
use crate::{fanout, WebhookSettings};
use lvyue_web::AppState;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Why a round of the dispatcher failed (the next round tries again).
#[derive(Debug, thiserror::Error)]
pub enum DispatchError {
    /// No database connection could be had.
    #[error("no database connection: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    /// Fan-out, claiming or recording failed.
    #[error("{0}")]
    Work(#[from] lvyue_core::AppError),
    /// The HTTP client could not be built.
    #[error("the webhook HTTP client: {0}")]
    Client(#[from] reqwest::Error),
    /// The blocking task did not finish.
    #[error("a dispatcher task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// The sending slots were closed (the server is stopping).
    #[error("the sending slots are closed")]
    Closed(#[from] tokio::sync::AcquireError),
}

/// How long a claimed delivery is reserved for its sender: past the receiver's timeout.
pub fn lease(settings: &WebhookSettings) -> chrono::Duration {
    chrono::Duration::from_std(settings.timeout).unwrap_or_else(|_| chrono::Duration::seconds(15))
        + chrono::Duration::seconds(30)
}

/// The HTTP client deliveries are sent with.
pub fn client(settings: &WebhookSettings) -> Result<reqwest::Client, DispatchError> {
    let builder = reqwest::Client::builder().timeout(settings.timeout).redirect(reqwest::redirect::Policy::none());
    // Refusing private addresses holds at every resolution, not only when the URL was saved.
    let builder = if settings.url_policy.allow_private {
        builder
    } else {
        builder.dns_resolver(std::sync::Arc::new(crate::address::PublicOnly))
    };
    builder.build().map_err(DispatchError::from)
}

/// Starts the dispatcher on the current runtime.
pub fn spawn(state: AppState, settings: WebhookSettings) -> Result<(), DispatchError> {
    let client = client(&settings)?;
    let slots = Arc::new(Semaphore::new(settings.concurrency.max(1)));
    tokio::spawn(async move {
        loop {
            match round(&state, &client, &settings, &slots).await {
                Ok(true) => {}
                Ok(false) => tokio::time::sleep(settings.poll).await,
                Err(e) => {
                    tracing::warn!(error = %e, "webhook dispatch round failed; retrying");
                    tokio::time::sleep(settings.poll).await;
                }
            }
        }
    });
    Ok(())
}

/// One round: fans out new events, then claims as many due deliveries as there are free
/// sending slots and sends each in its own task, which records its outcome and frees its
/// slot. A slow receiver holds only its own slots, never the round. Answers whether it
/// claimed anything.
pub async fn round(
    state: &AppState,
    client: &reqwest::Client,
    settings: &WebhookSettings,
    slots: &Arc<Semaphore>,
) -> Result<bool, DispatchError> {
    // Wait for at least one slot, then take every free one.
    let first = Arc::clone(slots).acquire_owned().await?;
    let mut permits = vec![first];
    while let Ok(p) = Arc::clone(slots).try_acquire_owned() {
        permits.push(p);
    }
    let st = state.clone();
    let s = settings.clone();
    let free = permits.len() as i64;
    let jobs: Vec<Job> = tokio::task::spawn_blocking(move || -> Result<Vec<Job>, DispatchError> {
        let mut conn = st.write_pool.get()?;
        fanout::run(&mut conn, st.now(), s.give_up_after)?;
        drop(conn);
        // The lease starts now, not when the fan-out began.
        let mut conn = st.write_pool.get()?;
        Ok(dispatch::claim(&mut conn, st.now(), lease(&s), free)?)
    })
    .await??;
    let claimed = !jobs.is_empty();
    for (job, permit) in jobs.into_iter().zip(permits) {
        let (state, client, settings) = (state.clone(), client.clone(), settings.clone());
        tokio::spawn(async move {
            let outcome = dispatch::send(&client, &job, settings.url_policy).await;
            if let Err(e) = record(&state, &settings, job, outcome).await {
                // The lease runs out and the delivery is sent again, with the same id.
                tracing::warn!(error = %e, "could not record a webhook attempt");
            }
            drop(permit);
        });
    }
    Ok(claimed)
}

/// Fans out and sends, one delivery after another, until nothing is due: what a round of the
/// dispatcher does, run to the end in the caller's task (an operator's catch-up, the tests).
/// A delivery that fails is due again after its backoff; `max_attempts` bounds the sends.
/// Answers how many attempts were sent.
pub async fn deliver_due(
    state: &AppState,
    client: &reqwest::Client,
    settings: &WebhookSettings,
    max_attempts: usize,
) -> Result<usize, DispatchError> {
    let mut sent = 0;
    while sent < max_attempts {
        let st = state.clone();
        let s = settings.clone();
        let jobs: Vec<Job> = tokio::task::spawn_blocking(move || -> Result<Vec<Job>, DispatchError> {
            let mut conn = st.write_pool.get()?;
            fanout::run(&mut conn, st.now(), s.give_up_after)?;
            Ok(dispatch::claim(&mut conn, st.now(), lease(&s), 1)?)
        })
        .await??;
        let Some(job) = jobs.into_iter().next() else { return Ok(sent) };
        let outcome = dispatch::send(client, &job, settings.url_policy).await;
        record(state, settings, job, outcome).await?;
        sent += 1;
    }
    Ok(sent)
}

/// Records the outcome of a sent job.
pub async fn record(
    state: &AppState,
    settings: &WebhookSettings,
    job: Job,
    outcome: Outcome,
) -> Result<(), DispatchError> {
    let st = state.clone();
    let s = settings.clone();
    tokio::task::spawn_blocking(move || -> Result<(), DispatchError> {
        let mut conn = st.write_pool.get()?;
        Ok(dispatch::record(&mut conn, &job, &outcome, st.now(), &s)?)
    })
    .await?
}
