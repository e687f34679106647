//! The connection enum over both backends.

use diesel::{PgConnection, SqliteConnection};

/// A connection to either database (diesel `MultiConnection`).
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL: production.
    Pg(PgConnection),
    /// Embedded SQLite: the zero-setup default.
    Sqlite(SqliteConnection),
}

/// Which backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL.
    Postgres,
    /// SQLite.
    Sqlite,
}

impl DbConn {
    /// The backend behind this connection.
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Pg(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Executes `statement` on `conn`, rendered by each backend's own dialect: a multi-row INSERT
/// (diesel's `MultiBackend` has no batch form). Answers the statement's result.
#[macro_export]
macro_rules! execute_per_backend {
    ($conn:expr, $statement:expr) => {
        match $conn {
            $crate::DbConn::Pg(backend) => diesel::RunQueryDsl::execute($statement, backend),
            $crate::DbConn::Sqlite(backend) => diesel::RunQueryDsl::execute($statement, backend),
        }
    };
}
