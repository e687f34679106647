//! What can go wrong while the database is opened and brought up to date.

use std::path::PathBuf;

/// A database that cannot be opened, migrated or prepared.
#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    /// The SQLite file's folder could not be created.
    #[error("cannot create {path}: {source}")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The first connection failed.
    #[error("cannot connect to {url}: {source}")]
    Connect {
        /// The URL, its password redacted.
        url: String,
        /// Why.
        source: diesel::ConnectionError,
    },
    /// The pool could not be built.
    #[error("cannot build the pool for {url}: {source}")]
    Pool {
        /// The URL, its password redacted.
        url: String,
        /// Why.
        source: diesel::r2d2::PoolError,
    },
    /// A statement failed.
    #[error("database: {0}")]
    Query(#[from] diesel::result::Error),
    /// A migration failed.
    #[error("migrations: {0}")]
    Migration(Box<dyn std::error::Error + Send + Sync>),
}
