//! The tally of refused rows (data quality, 数据质量): per provider, day and reason, how many
//! rows its imports had refused. Written in the same transaction as the batch it counts, so a
//! crash loses neither; an all-or-nothing import that is refused whole is counted after the
//! rollback. The rows themselves are never kept.

use super::apply::{RowOutcome, RowReport};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::upsert::excluded;
use lvyue_core::AppResult;
use lvyue_db::schema::import_refusals as t;
use lvyue_db::DbConn;
use std::collections::BTreeMap;

/// How many refused rows of `reports` carry each reason (a row counts once per reason).
pub fn count(reports: &[RowReport]) -> BTreeMap<&'static str, i64> {
    let mut by_reason = BTreeMap::new();
    for r in reports.iter().filter(|r| r.outcome == RowOutcome::Refused) {
        let mut codes: Vec<&'static str> = r.errors.iter().map(|e| e.code).collect();
        codes.sort_unstable();
        codes.dedup();
        for c in codes {
            *by_reason.entry(c).or_insert(0) += 1;
        }
    }
    by_reason
}

/// Adds the refusals of `reports` to `provider`'s tally of `day`.
pub fn add(conn: &mut DbConn, provider: &str, day: NaiveDate, reports: &[RowReport]) -> AppResult<()> {
    for (reason, n) in count(reports) {
        let insert = diesel::insert_into(t::table).values((
            t::provider_org_id.eq(provider),
            t::day.eq(day),
            t::reason.eq(reason),
            t::rows_refused.eq(n),
        ));
        let sum = t::rows_refused.eq(t::rows_refused + excluded(t::rows_refused));
        match conn {
            DbConn::Pg(pg) => {
                insert.on_conflict((t::provider_org_id, t::day, t::reason)).do_update().set(sum).execute(pg)?
            }
            DbConn::Sqlite(lite) => {
                insert.on_conflict((t::provider_org_id, t::day, t::reason)).do_update().set(sum).execute(lite)?
            }
        };
    }
    Ok(())
}

/// The tally of `[from, to]`: per provider, per reason.
pub fn of_period(
    conn: &mut DbConn,
    (from, to): (NaiveDate, NaiveDate),
) -> AppResult<BTreeMap<String, BTreeMap<String, i64>>> {
    let rows: Vec<(String, String, i64)> = t::table
        .filter(t::day.between(from, to))
        .select((t::provider_org_id, t::reason, t::rows_refused))
        .load(conn)?;
    let mut out: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (p, reason, n) in rows {
        *out.entry(p).or_default().entry(reason).or_insert(0) += n;
    }
    Ok(out)
}
