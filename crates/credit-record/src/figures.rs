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

/// The quality of one provider's findings in a period (数据质量).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderQuality {
    /// Records received (created) in the period.
    pub records: i64,
    /// Days from decision to receipt, one per record.
    pub days_to_receipt: Vec<i64>,
    /// Of them, those whose subject the registry does not hold.
    pub unresolved_subjects: i64,
    /// Corrections in the period to its records (`corrected`, `corrected_on_objection`, and
    /// the provider's own `updated` re-sends).
    pub corrections: i64,
    /// Rows its imports had refused in the period, per reason.
    pub refused: std::collections::BTreeMap<String, i64>,
}

/// Per provider — the organisation that provided the record, or for a case's record the body
/// that determined it — the quality of the records of `region` received in `period`
/// (Asia/Shanghai days), and the rows its imports had refused then (refusals are kept per
/// provider, whatever the division; the caller narrows them).
pub fn quality_by_provider(
    conn: &mut DbConn,
    region: &RegionCode,
    period: (NaiveDate, NaiveDate),
) -> AppResult<HashMap<String, ProviderQuality>> {
    use lvyue_db::schema::credit_record_versions as v;
    let (lo, hi) = region.scope_range();
    let (start, end) = lvyue_core::time::stored_bounds(period.0, period.1);
    type Received = (Option<String>, Option<String>, Option<String>, NaiveDate, chrono::NaiveDateTime);
    let rows: Vec<Received> = credit_records::table
        .filter(credit_records::region_code.between(lo.clone(), hi.clone()))
        .filter(credit_records::created_at.ge(start).and(credit_records::created_at.lt(end)))
        .select((
            credit_records::provider_org_id,
            credit_records::determining_org_id,
            credit_records::subject_org_id,
            credit_records::decided_on,
            credit_records::created_at,
        ))
        .load(conn)?;
    let mut out: HashMap<String, ProviderQuality> = HashMap::new();
    for (provider, determining, subject, decided_on, created_at) in &rows {
        let Some(p) = provider.clone().or_else(|| determining.clone()) else { continue };
        let q = out.entry(p).or_default();
        q.records += 1;
        let received = lvyue_core::time::stored_to_shanghai(*created_at).date_naive();
        q.days_to_receipt.push((received - *decided_on).num_days().max(0));
        q.unresolved_subjects += i64::from(subject.is_none());
    }
    let corrected: Vec<(Option<String>, Option<String>)> = v::table
        .inner_join(credit_records::table)
        .filter(credit_records::region_code.between(lo, hi))
        .filter(v::change.eq_any(["corrected", "corrected_on_objection", "updated"]))
        .filter(v::changed_at.ge(start).and(v::changed_at.lt(end)))
        .select((credit_records::provider_org_id, credit_records::determining_org_id))
        .load(conn)?;
    for (provider, determining) in corrected {
        if let Some(p) = provider.or(determining) {
            out.entry(p).or_default().corrections += 1;
        }
    }
    for (p, reasons) in crate::import::tally::of_period(conn, period)? {
        out.entry(p).or_default().refused = reasons;
    }
    Ok(out)
}
