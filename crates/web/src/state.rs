//! The state every handler shares: the pool, the clock, the calendar and the domain settings.

use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::settings::DomainSettings;
use lvyue_core::Clock;
use lvyue_db::DbPool;
use std::sync::{Arc, RwLock};

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The pool for reads.
    pub pool: DbPool,
    /// The pool for writes (the same pool on PostgreSQL; one connection on SQLite).
    pub write_pool: DbPool,
    /// The pool for reads that may lag the primary by the replication delay — lists, figures,
    /// exports, the public pages and the feed: the streaming replica `LVYUE_DATABASE_READ_URL`
    /// names, or the read pool when there is none.
    pub replica_pool: DbPool,
    /// The lean read path to the primary (`lvyue_db::lean`): PostgreSQL without TLS only.
    pub lean: Option<Arc<lvyue_db::LeanReads>>,
    /// The lean read path to the replica, or to the primary when there is none.
    pub lean_replica: Option<Arc<lvyue_db::LeanReads>>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// The working-day calendar, read from the database at start.
    pub calendar: Arc<RwLock<Arc<WorkingCalendar>>>,
    /// Domain settings.
    pub settings: Arc<DomainSettings>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The largest import upload, in bytes (`LVYUE_MAX_IMPORT_BYTES`).
    pub max_import_bytes: usize,
    /// How long a client may take to send a request body (`LVYUE_CLIENT_TIMEOUT_SECS`).
    pub client_timeout: std::time::Duration,
}

impl AppState {
    /// Now, as stored (UTC, microseconds).
    pub fn now(&self) -> chrono::NaiveDateTime {
        lvyue_core::time::to_stored(self.clock.now())
    }

    /// The calendar in force (an `Arc` clone, cheap per request; replaced whole when it changes).
    pub fn calendar(&self) -> Arc<WorkingCalendar> {
        match self.calendar.read() {
            Ok(c) => Arc::clone(&c),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Puts a newly loaded calendar in force for this process.
    pub fn replace_calendar(&self, calendar: Arc<WorkingCalendar>) {
        match self.calendar.write() {
            Ok(mut c) => *c = calendar,
            Err(poisoned) => *poisoned.into_inner() = calendar,
        }
    }
}
