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
