//! lvyue-db: one codebase on SQLite and PostgreSQL.
//!
//! `DbConn` is a diesel `MultiConnection`; queries written once run on both.
//! Where the backends differ (transaction start, the outbox's commit horizon,
//! sequences, migration locks) the code matches on `DbConn` explicitly, and
//! nowhere else.

pub mod calendar;
pub mod conn;
pub mod counters;
pub mod jobs;
pub mod lean;
pub mod lock;
pub mod migrate;
pub mod page;
pub mod partitions;
pub mod pool;
pub mod schema;
pub mod setup;
pub mod tx;
pub mod url;
pub mod versioned;

pub use conn::{Backend, DbConn};
pub use lean::{LeanConn, LeanReads};
pub use pool::{DbPool, PoolOptions, PooledConn, Pools};
pub use setup::DbSetupError;
pub use tx::write_tx;
pub use url::DatabaseUrl;

/// The backend of [`DbConn`] (diesel's generated multi-backend), for naming boxed queries.
pub type DbBackend = <DbConn as diesel::connection::Connection>::Backend;
