//! The dispatcher's loop inside the server: fan out, claim, send concurrently, record;
//! sleep only when there was nothing to do.

use crate::dispatch::{self, Job, Outcome};
use crate::{fanout, WebhookSettings};
use lvyue_web::AppState;

/// How long a claimed delivery is reserved for its sender: past the receiver's timeout.
pub fn lease(settings: &WebhookSettings) -> chrono::Duration {
    chrono::Duration::from_std(settings.timeout).unwrap_or_else(|_| chrono::Duration::seconds(15))
        + chrono::Duration::seconds(30)
}

/// The HTTP client deliveries are sent with.
pub fn client(settings: &WebhookSettings) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(settings.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())
}

/// Starts the dispatcher on the current runtime.
pub fn spawn(state: AppState, settings: WebhookSettings) -> Result<(), String> {
    let client = client(&settings)?;
    tokio::spawn(async move {
        loop {
            match round(&state, &client, &settings).await {
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

/// One round; answers whether it sent anything.
pub async fn round(state: &AppState, client: &reqwest::Client, settings: &WebhookSettings) -> Result<bool, String> {
    let st = state.clone();
    let s = settings.clone();
    let jobs: Vec<Job> = tokio::task::spawn_blocking(move || {
        let mut conn = st.write_pool.get().map_err(|e| e.to_string())?;
        let now = st.now();
        fanout::run(&mut conn, now, s.give_up_after).map_err(|e| e.to_string())?;
        dispatch::claim(&mut conn, now, lease(&s), s.concurrency as i64).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())??;
    if jobs.is_empty() {
        return Ok(false);
    }
    let outcomes: Vec<Outcome> = futures_util::future::join_all(jobs.iter().map(|j| dispatch::send(client, j))).await;
    record_all(state, settings, jobs, outcomes).await?;
    Ok(true)
}

/// Records the outcomes of sent jobs.
pub async fn record_all(
    state: &AppState,
    settings: &WebhookSettings,
    jobs: Vec<Job>,
    outcomes: Vec<Outcome>,
) -> Result<(), String> {
    let st = state.clone();
    let s = settings.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = st.write_pool.get().map_err(|e| e.to_string())?;
        let now = st.now();
        for (job, outcome) in jobs.iter().zip(&outcomes) {
            dispatch::record(&mut conn, job, outcome, now, &s).map_err(|e| e.to_string())?;
        }
        Ok::<(), String>(())
    })
    .await
    .map_err(|e| e.to_string())?
}
