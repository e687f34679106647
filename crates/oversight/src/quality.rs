//! Data quality (数据质量, 000 §三(二)): per provider — the organisation that provided the
//! findings, or for a case's record the body that determined it — the rows its imports had
//! refused by reason, the days from decision to receipt, the records whose subject the
//! registry does not hold, the corrections, and how objections against its records were
//! decided. Read through the credit record's and the repair context's public functions.

use chrono::NaiveDate;
use lvyue_core::{AppResult, RegionCode};
use lvyue_db::DbConn;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;

/// One provider's figures (or all of them).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ProviderFigures {
    /// The organisation's id; `total` for the totals.
    pub key: String,
    /// Its name.
    pub label: String,
    /// Records received in the period.
    pub records: i64,
    /// Import rows refused in the period.
    pub rows_refused: i64,
    /// …per reason (the row error's code).
    pub refused_by_reason: BTreeMap<String, i64>,
    /// The median of days from decision to receipt.
    pub median_days_decision_to_receipt: Option<f64>,
    /// The longest.
    pub max_days_decision_to_receipt: Option<i64>,
    /// Records whose subject the registry does not hold (they bind no measure yet).
    pub unresolved_subjects: i64,
    /// Corrections and re-sent updates of its records in the period.
    pub corrections: i64,
    /// Objections decided in the period that upheld its record.
    pub objections_upheld: i64,
    /// …that corrected it.
    pub objections_corrected: i64,
    /// …that revoked it.
    pub objections_revoked: i64,
}

/// The data quality of a division and period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DataQuality {
    /// The division.
    pub region_code: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// One row per provider, by name.
    pub rows: Vec<ProviderFigures>,
    /// All of them.
    pub totals: ProviderFigures,
}

fn finish(mut f: ProviderFigures, days: Vec<i64>) -> ProviderFigures {
    f.rows_refused = f.refused_by_reason.values().sum();
    f.max_days_decision_to_receipt = days.iter().copied().max();
    f.median_days_decision_to_receipt =
        crate::figures::median(days.into_iter().map(|d| i32::try_from(d).unwrap_or(i32::MAX)).collect());
    f
}

/// The figures of `region` in `period`.
pub fn of(conn: &mut DbConn, region: &RegionCode, period: (NaiveDate, NaiveDate)) -> AppResult<DataQuality> {
    let records = lvyue_credit_record::figures::quality_by_provider(conn, region, period)?;
    let objections = lvyue_repair::figures::objections_by_decider(conn, region, period)?;
    let ids: Vec<String> =
        records.keys().chain(objections.keys()).cloned().collect::<BTreeSet<_>>().into_iter().collect();
    let orgs = lvyue_registry::organisation::find_many(conn, &ids)?;
    let mut rows = Vec::new();
    let (mut total, mut all_days) =
        (ProviderFigures { key: "total".into(), label: "合计".into(), ..Default::default() }, Vec::new());
    for org in orgs {
        // Refusals are kept per provider whatever the division: a provider of another division
        // shows only when its records or objections are of this one, or it is of this one.
        let own = RegionCode::parse(&org.region_code).is_ok_and(|r| region.contains(&r));
        let q = records.get(&org.id).cloned().unwrap_or_default();
        let o = objections.get(&org.id).copied().unwrap_or_default();
        if !own && q.records == 0 && o == Default::default() {
            continue;
        }
        let f = ProviderFigures {
            key: org.id.clone(),
            label: org.name.clone(),
            records: q.records,
            refused_by_reason: q.refused.clone(),
            unresolved_subjects: q.unresolved_subjects,
            corrections: q.corrections,
            objections_upheld: o.upheld,
            objections_corrected: o.corrected,
            objections_revoked: o.revoked,
            ..Default::default()
        };
        total.records += f.records;
        total.unresolved_subjects += f.unresolved_subjects;
        total.corrections += f.corrections;
        total.objections_upheld += f.objections_upheld;
        total.objections_corrected += f.objections_corrected;
        total.objections_revoked += f.objections_revoked;
        for (reason, n) in &f.refused_by_reason {
            *total.refused_by_reason.entry(reason.clone()).or_insert(0) += n;
        }
        all_days.extend(q.days_to_receipt.iter().copied());
        rows.push(finish(f, q.days_to_receipt));
    }
    rows.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.key.cmp(&b.key)));
    Ok(DataQuality {
        region_code: region.as_str().to_owned(),
        from: period.0,
        to: period.1,
        rows,
        totals: finish(total, all_days),
    })
}
