//! The intake writer: group commit for new cases.
//!
//! Each request checks and routes its lead on a read connection ([`crate::submit::prepare`]),
//! then hands it to this process's one writer thread. The writer takes everything waiting (up
//! to [`MAX_BATCH`]), writes it in one transaction ([`crate::batch::write`]) and only then
//! answers each request with its own outcome. A request is never answered before its case is
//! committed, so nothing acknowledged is lost when the process is killed; a request whose
//! batch had not committed gets no answer, and the channel pushes it again (the push is
//! idempotent). Under load one transaction and one WAL flush carry many leads; alone, a lead
//! waits for nobody.

use crate::batch;
use crate::submit::{NewLead, Submitted};
use lvyue_case::CaseContext;
use lvyue_core::{AppError, AppResult};
use lvyue_web::AppState;
use tokio::sync::{mpsc, oneshot};

/// Leads waiting for the writer at most (beyond, a request waits to be queued).
const QUEUE: usize = 4096;
/// Leads per transaction at most (a case row has 32 columns; PostgreSQL binds ≤ 65,535
/// parameters per statement and SQLite ≤ 32,766).
pub const MAX_BATCH: usize = 200;

struct Pending {
    lead: NewLead,
    done: oneshot::Sender<AppResult<Submitted>>,
}

/// A handle to the writer (cheap to clone; the thread ends when every handle is gone).
#[derive(Clone)]
pub struct IntakeWriter {
    tx: mpsc::Sender<Pending>,
}

impl std::fmt::Debug for IntakeWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IntakeWriter")
    }
}

impl IntakeWriter {
    /// Starts the writer thread; it writes through `state`'s write pool.
    pub fn start(state: AppState) -> std::io::Result<IntakeWriter> {
        let (tx, mut rx) = mpsc::channel::<Pending>(QUEUE);
        std::thread::Builder::new().name("intake-writer".into()).spawn(move || {
            while let Some(first) = rx.blocking_recv() {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(p) => batch.push(p),
                        Err(_) => break,
                    }
                }
                metrics::histogram!("lvyue_intake_batch_leads").record(batch.len() as f64);
                let (leads, waiting): (Vec<NewLead>, Vec<_>) = batch.into_iter().map(|p| (p.lead, p.done)).unzip();
                // A panic answers this batch's requests with 503 (their senders are dropped) and
                // leaves the writer running for the next.
                let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    crate::context::with_context(&state, |ctx| write(&state, ctx, &leads))
                }));
                match written {
                    Ok(answers) => {
                        for (answer, done) in answers.into_iter().zip(waiting) {
                            let _ = done.send(answer);
                        }
                    }
                    Err(_) => tracing::error!(leads = leads.len(), "the intake writer panicked on a batch"),
                }
            }
        })?;
        Ok(IntakeWriter { tx })
    }

    /// Writes `lead` as a new case; answers once it is committed.
    pub async fn write(&self, lead: NewLead) -> AppResult<Submitted> {
        let (done, wait) = oneshot::channel();
        self.tx
            .send(Pending { lead, done })
            .await
            .map_err(|_| AppError::Unavailable("the intake writer has stopped".into()))?;
        wait.await.map_err(|_| AppError::Unavailable("the intake writer has stopped".into()))?
    }
}

/// Writes a batch; when it fails as a whole, writes its leads one by one so each gets its own
/// outcome.
fn write(state: &AppState, ctx: &CaseContext<'_>, leads: &[NewLead]) -> Vec<AppResult<Submitted>> {
    let mut conn = match state.write_pool.get() {
        Ok(conn) => conn,
        Err(e) => {
            let message = format!("no database connection: {e}");
            return leads.iter().map(|_| Err(AppError::Unavailable(message.clone()))).collect();
        }
    };
    if leads.len() > 1 {
        match batch::write(&mut conn, ctx, leads) {
            Ok(answers) => return answers,
            Err(e) => {
                metrics::counter!("lvyue_intake_batches_split_total").increment(1);
                tracing::info!(error = %e, leads = leads.len(), "an intake batch failed; writing its leads one by one");
            }
        }
    }
    leads.iter().map(|lead| batch::write_alone(&mut conn, ctx, lead)).collect()
}
