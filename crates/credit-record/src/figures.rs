//! The credit record's public reads for oversight (监督考核): the breaches of a division and
//! period, and how many breaches each subject has had — what the typical-case candidates are
//! ranked by. Oversight reads the records through these, never the table.

use chrono::NaiveDate;
use diesel::prelude::*;
use lvyue_core::{AppResult, RecordKind, RecordStatus, RegionCode};
use lvyue_db::schema::credit_records;
use lvyue_db::DbConn;
use std::collections::HashMap;

/// The most breaches one read answers (a city's year is far fewer).
pub const MAX_BREACHES: i64 = 20_000;

/// The breach kinds (失信信息), by code.
fn breach_kinds() -> Vec<&'static str> {
    RecordKind::ALL.iter().filter(|k| k.is_breach()).map(|k| k.code()).collect()
}

/// The breach records of `region` (a city includes its counties) decided in `[from, to]` and in
/// force (`active`), newest decision first.
pub fn breaches_in_force(
    conn: &mut DbConn,
    region: &RegionCode,
    (from, to): (NaiveDate, NaiveDate),
) -> AppResult<Vec<crate::record::CreditRecordRow>> {
    let (lo, hi) = region.scope_range();
    Ok(credit_records::table
        .filter(credit_records::region_code.between(lo, hi))
        .filter(credit_records::kind.eq_any(breach_kinds()))
        .filter(credit_records::status.eq(RecordStatus::Active.code()))
        .filter(credit_records::decided_on.between(from, to))
        .order_by((credit_records::decided_on.desc(), credit_records::id.desc()))
        .limit(MAX_BREACHES)
        .select(crate::record::CreditRecordRow::as_select())
        .load(conn)?)
}

/// How many breach records (of any status but `revoked`: a revoked one was wrong) each of
/// `usccs` has, decided in `[since, to]`.
pub fn breaches_per_subject(
    conn: &mut DbConn,
    usccs: &[String],
    (since, to): (NaiveDate, NaiveDate),
) -> AppResult<HashMap<String, i64>> {
    let mut counts = HashMap::new();
    for chunk in usccs.chunks(500) {
        let rows: Vec<(Option<String>, i64)> = credit_records::table
            .filter(credit_records::subject_uscc.eq_any(chunk))
            .filter(credit_records::kind.eq_any(breach_kinds()))
            .filter(credit_records::status.ne(RecordStatus::Revoked.code()))
            .filter(credit_records::decided_on.between(since, to))
            .group_by(credit_records::subject_uscc)
            .select((credit_records::subject_uscc, diesel::dsl::count_star()))
            .load(conn)?;
        counts.extend(rows.into_iter().filter_map(|(u, n)| u.map(|u| (u, n))));
    }
    Ok(counts)
}
