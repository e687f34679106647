//! The lean read path (精简读取通道): the hottest reads — a case by id or by the channel's id,
//! the case list, the sanction check, the feed — run on the async worker that took the request, over
//! diesel-async's PostgreSQL connection, instead of hopping to a blocking thread for a pooled
//! libpq connection and back. The same diesel queries serve both paths; only how they are sent
//! differs.
//!
//! Each server worker thread keeps one connection of its own, opened on first use on that
//! worker (so the task driving its socket runs beside the requests using it), shared by every
//! request on the worker: concurrent requests are *pipelined* on it (diesel-async sends each
//! statement at once; PostgreSQL answers them in order), and each statement is prepared once
//! per connection. A connection that fails a statement is dropped, the next request opens
//! another, and the failed read is answered by the pool (`lvyue_web::db::run_lean`).
//!
//! Only where no TLS is needed (`sslmode=disable`, which lvyue adds for a server on this host;
//! see [`crate::url`]): the driver here speaks plain TCP or a unix socket. With TLS the same
//! reads go through the blocking pool, as everything does on SQLite.

use crate::url::DatabaseUrl;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use thread_local::ThreadLocal;

/// A connection of the lean path, shared by the requests of one worker.
pub type LeanConn = Arc<AsyncPgConnection>;

/// The lean path's connections to one database (the primary, or the streaming replica).
pub struct LeanReads {
    url: String,
    /// The most a lean read may take before it is answered 503 (the pool checkout timeout:
    /// the same patience as a request waiting for a pooled connection).
    pub timeout: Duration,
    per_worker: ThreadLocal<Mutex<Option<LeanConn>>>,
}

impl std::fmt::Debug for LeanReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeanReads").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

/// Why a lean connection could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("the lean read connection could not be opened: {0}")]
pub struct LeanConnectError(#[from] diesel::ConnectionError);

impl LeanReads {
    /// The lean path for `url`, when it can serve it: PostgreSQL reached without TLS. None for
    /// SQLite and for a URL that asks for TLS (or names a libpq option the async driver does not
    /// know); their reads use the blocking pool.
    pub fn for_url(url: &DatabaseUrl, timeout: Duration) -> Option<LeanReads> {
        let DatabaseUrl::Postgres(url) = url else { return None };
        if !url.contains("sslmode=disable") {
            return None;
        }
        if let Err(e) = url.parse::<tokio_postgres::Config>() {
            tracing::info!(error = %e, "the lean read path is off: the async driver cannot read this URL");
            return None;
        }
        Some(LeanReads { url: url.clone(), timeout, per_worker: ThreadLocal::new() })
    }

    /// This worker's connection, opened now if it has none (or lost it).
    pub async fn connection(&self) -> Result<LeanConn, LeanConnectError> {
        let slot = self.per_worker.get_or_default();
        if let Some(conn) = lock(slot).as_ref() {
            return Ok(Arc::clone(conn));
        }
        let opened = Arc::new(AsyncPgConnection::establish(&self.url).await?);
        metrics::counter!("lvyue_lean_connections_opened_total").increment(1);
        // Two requests of this worker may have opened one each meanwhile: the first kept wins.
        Ok(Arc::clone(lock(slot).get_or_insert(opened)))
    }

    /// Drops `conn` from its worker (after a failed statement): the next request opens another.
    /// The requests still using it finish or fail with it.
    pub fn discard(&self, conn: &LeanConn) {
        let slot = self.per_worker.get_or_default();
        let mut held = lock(slot);
        if held.as_ref().is_some_and(|h| Arc::ptr_eq(h, conn)) {
            *held = None;
        }
    }
}

fn lock(slot: &Mutex<Option<LeanConn>>) -> std::sync::MutexGuard<'_, Option<LeanConn>> {
    slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lean(url: &str) -> Option<LeanReads> {
        LeanReads::for_url(&DatabaseUrl::parse(url).unwrap(), Duration::from_secs(1))
    }

    #[test]
    fn only_postgres_without_tls_takes_the_lean_path() {
        assert!(lean("postgres://postgres@127.0.0.1:5432/x").is_some(), "loopback: sslmode=disable is added");
        assert!(lean("postgres:///x?host=/run/postgresql").is_some(), "a unix socket");
        assert!(lean("postgres://u@db.example/x?sslmode=verify-full").is_none(), "TLS asked for");
        assert!(lean("postgres://u@db.example/x").is_none(), "a remote host keeps libpq's TLS default");
        assert!(lean("sqlite://data/x.db").is_none());
    }
}
