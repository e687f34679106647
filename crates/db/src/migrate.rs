//! Embedded migrations for both backends, applied at start.
//!
//! On PostgreSQL several replicas may start at once; an advisory lock makes
//! exactly one of them apply the migrations while the others wait.

use crate::conn::DbConn;
use crate::setup::DbSetupError;
use diesel::RunQueryDsl;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// The advisory-lock key that serialises migrations across replicas ("lvyuemig").
const MIGRATION_LOCK: i64 = 0x6c76_7975_656d_6967;

/// Applies every pending migration; returns the versions applied.
pub fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, DbSetupError> {
    match conn {
        DbConn::Pg(pg) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(pg)?;
            let applied = pg
                .run_pending_migrations(POSTGRES)
                .map(|v| v.iter().map(|m| m.to_string()).collect())
                .map_err(DbSetupError::Migration);
            let unlocked = diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).execute(pg);
            let applied = applied?;
            unlocked?;
            Ok(applied)
        }
        DbConn::Sqlite(lite) => lite
            .run_pending_migrations(SQLITE)
            .map(|v| v.iter().map(|m| m.to_string()).collect())
            .map_err(DbSetupError::Migration),
    }
}

/// Keeps the query planner's statistics fresh where the database does not do it by itself:
/// SQLite's `PRAGMA optimize` (cheap; analyses only tables whose statistics are stale).
/// PostgreSQL's autovacuum analyses on its own.
pub fn refresh_statistics(conn: &mut DbConn) -> Result<(), DbSetupError> {
    match conn {
        DbConn::Sqlite(lite) => {
            diesel::sql_query("PRAGMA optimize").execute(lite)?;
            Ok(())
        }
        DbConn::Pg(_) => Ok(()),
    }
}

/// True when no migration is pending (the readiness check).
pub fn is_up_to_date(conn: &mut DbConn) -> Result<bool, DbSetupError> {
    let pending = match conn {
        DbConn::Pg(pg) => pg.has_pending_migration(POSTGRES),
        DbConn::Sqlite(lite) => lite.has_pending_migration(SQLITE),
    };
    pending.map(|p| !p).map_err(DbSetupError::Migration)
}
