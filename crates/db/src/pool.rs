//! The r2d2 pool, with SQLite tuned for a server (WAL, busy timeout, foreign keys).

use crate::conn::DbConn;
use crate::setup::DbSetupError;
use crate::url::DatabaseUrl;
use diesel::r2d2::{CustomizeConnection, ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use std::time::Duration;

/// The pool of connections.
pub type DbPool = Pool<DbManager>;
/// One connection taken from the pool.
pub type PooledConn = PooledConnection<DbManager>;

/// Opens connections to the backend the URL names. diesel's `MultiConnection` tries every
/// backend in turn and, when all fail, says only "Invalid connection url": during an outage the
/// log would hide that PostgreSQL refused the connection. This one reports the real cause.
#[derive(Debug, Clone)]
pub struct DbManager {
    url: String,
}

impl DbManager {
    /// A manager for `url` (`postgres://…`, or `sqlite://…`).
    pub fn new(url: String) -> Self {
        DbManager { url }
    }
}

impl ManageConnection for DbManager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        let conn = if self.url.starts_with("postgres://") || self.url.starts_with("postgresql://") {
            PgConnection::establish(&self.url).map(DbConn::Pg)
        } else {
            SqliteConnection::establish(&self.url).map(DbConn::Sqlite)
        };
        conn.map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// Pool sizing.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Most connections open at once.
    pub max_size: u32,
    /// How long a request waits for a free connection before it is answered 503.
    pub connection_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions { max_size: 16, connection_timeout: Duration::from_secs(5) }
    }
}

/// Sets SQLite up per connection; PostgreSQL needs nothing.
#[derive(Debug, Clone, Copy)]
struct ConnectionSetup;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for ConnectionSetup {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        match conn {
            DbConn::Sqlite(_) => {
                for pragma in [
                    "PRAGMA busy_timeout = 10000",
                    "PRAGMA journal_mode = WAL",
                    "PRAGMA synchronous = NORMAL",
                    "PRAGMA foreign_keys = ON",
                    // A larger private page cache (16 MiB): the writer connection keeps its
                    // index pages warm across transactions (see `build_pools`).
                    "PRAGMA cache_size = -16384",
                    "PRAGMA temp_store = MEMORY",
                ] {
                    diesel::sql_query(pragma).execute(conn).map_err(diesel::r2d2::Error::QueryError)?;
                }
                Ok(())
            }
            DbConn::Pg(_) => Ok(()),
        }
    }
}

/// Sets a PostgreSQL session not to wait for its WAL flushes (`synchronous_commit = off`):
/// only for a private pool of its own (see [`build_unflushed_pool`]), never a shared one.
#[derive(Debug, Clone, Copy)]
struct NoFlushWait;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for NoFlushWait {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        diesel::sql_query("SET synchronous_commit TO OFF").execute(conn).map_err(diesel::r2d2::Error::QueryError)?;
        Ok(())
    }
}

/// The pools a server uses: one for reads, one for writes.
#[derive(Clone)]
pub struct Pools {
    /// Reads (and the occasional audit write of a read).
    pub read: DbPool,
    /// Writes. On PostgreSQL the same pool as `read`. On SQLite a single connection:
    /// SQLite has one writer at a time anyway, and a connection's page cache is discarded
    /// whenever another connection commits, so a pool of writers re-read every index page
    /// in every transaction (measured: ~68 preads per intake). One writer keeps it warm.
    pub write: DbPool,
}

/// Opens the read and write pools.
pub fn build_pools(url: &DatabaseUrl, options: &PoolOptions) -> Result<Pools, DbSetupError> {
    let read = build_pool(url, options)?;
    let write = match url {
        DatabaseUrl::Sqlite(_) => build_pool(url, &PoolOptions { max_size: 1, ..options.clone() })?,
        DatabaseUrl::Postgres(_) => read.clone(),
    };
    Ok(Pools { read, write })
}

/// On PostgreSQL, a private pool of one connection whose session does not wait for WAL
/// flushes, for a writer that trades the last ~600 ms of its rows on a crash of PostgreSQL
/// itself for one round trip per batch (the sanction check log). Its connections never serve
/// anything else. None on SQLite, whose single writer connection is shared by every write.
pub fn build_unflushed_pool(url: &DatabaseUrl, options: &PoolOptions) -> Result<Option<DbPool>, DbSetupError> {
    match url {
        DatabaseUrl::Sqlite(_) => Ok(None),
        DatabaseUrl::Postgres(_) => {
            build_with(url, &PoolOptions { max_size: 1, ..options.clone() }, Box::new(NoFlushWait)).map(Some)
        }
    }
}

/// Opens one pool. For SQLite the parent folder is created; the file is created on first use.
pub fn build_pool(url: &DatabaseUrl, options: &PoolOptions) -> Result<DbPool, DbSetupError> {
    build_with(url, options, Box::new(ConnectionSetup))
}

fn build_with(
    url: &DatabaseUrl,
    options: &PoolOptions,
    setup: Box<dyn CustomizeConnection<DbConn, diesel::r2d2::Error>>,
) -> Result<DbPool, DbSetupError> {
    let conn_str = match url {
        DatabaseUrl::Sqlite(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|source| DbSetupError::CreateDir { path: parent.to_owned(), source })?;
            }
            format!("sqlite://{}", path.display())
        }
        DatabaseUrl::Postgres(u) => u.clone(),
    };
    // Fail fast with a clear message rather than a pool timeout.
    let manager = DbManager::new(conn_str);
    manager.connect().map_err(|e| match e {
        diesel::r2d2::Error::ConnectionError(source) => DbSetupError::Connect { url: url.redacted(), source },
        diesel::r2d2::Error::QueryError(q) => {
            DbSetupError::Connect { url: url.redacted(), source: diesel::ConnectionError::BadConnection(q.to_string()) }
        }
    })?;
    Pool::builder()
        .max_size(options.max_size)
        .connection_timeout(options.connection_timeout)
        .connection_customizer(setup)
        // r2d2 would run `SELECT 1` on every checkout: a round trip per request. A broken
        // connection is still noticed (diesel marks it) and dropped when it is returned.
        .test_on_check_out(false)
        .build(manager)
        .map_err(|source| DbSetupError::Pool { url: url.redacted(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 17.7: an unreachable PostgreSQL is named as such, not as "Invalid connection url"
    /// (what diesel's MultiConnection says once every backend has failed).
    #[test]
    fn an_unreachable_server_is_reported_as_what_it_is() {
        let url = DatabaseUrl::parse("postgres://postgres@127.0.0.1:1/nowhere").unwrap();
        let options = PoolOptions { max_size: 1, connection_timeout: Duration::from_millis(100) };
        let text = build_pool(&url, &options).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(!text.contains("Invalid connection url"), "{text}");
        assert!(text.to_ascii_lowercase().contains("refused"), "{text}");
    }
}
