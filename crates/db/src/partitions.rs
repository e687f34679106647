//! Monthly partitions of the append-only tables that grow with traffic (PostgreSQL): the audit
//! trail and the sanction check log. (Not the event outbox: the feed reads it in commit order,
//! which no month key can prune — see migration 000029.) Each month's partition is made ahead of
//! time — three months ahead, at every start and by the daily housekeeping — so a row never
//! lands in the DEFAULT partition in normal running. Retention (archiving and dropping old
//! months) is an operator's step: docs/operations.md, "Retention".

use crate::conn::DbConn;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use lvyue_core::AppError;

/// The partitioned tables.
pub const PARTITIONED: &[&str] = &["audit_log", "sanction_checks"];
/// How many months ahead each table has its partitions.
pub const MONTHS_AHEAD: i32 = 3;

#[derive(QueryableByName)]
struct Made {
    #[diesel(sql_type = Integer)]
    made: i32,
}

/// Makes the missing month partitions from this month to [`MONTHS_AHEAD`] ahead; answers how
/// many it made. Nothing to do on SQLite. Safe with several servers at once.
pub fn ensure_ahead(conn: &mut DbConn) -> Result<usize, AppError> {
    let DbConn::Pg(pg) = conn else { return Ok(0) };
    let mut total = 0;
    for table in PARTITIONED {
        let made: Made =
            diesel::sql_query("SELECT lvyue_ensure_month_partitions($1, date_trunc('month', now())::date, $2) AS made")
                .bind::<Text, _>(*table)
                .bind::<Integer, _>(MONTHS_AHEAD)
                .get_result(pg)?;
        total += usize::try_from(made.made).unwrap_or(0);
    }
    Ok(total)
}
