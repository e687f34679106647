//! The credit office's figures on how cases are handled (办理情况统计), counted from oversight's
//! own facts ([`crate::facts`]): for the cases received in a period (the cohort), grouped by
//! handling body, division, channel, field or month.
//!
//! "On time" compares the day a step happened with the day it was due when it was announced
//! (forwarding, acceptance; a conclusion against its due day as last extended). "Overdue now"
//! counts the cohort's open cases whose current step is past due today; "overdue in period" those
//! whose deadline passed at least once. Working days are the loaded calendar's; days are
//! Asia/Shanghai's.

use chrono::NaiveDate;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text};
use lvyue_core::{AppError, AppResult, RegionCode};
use lvyue_db::schema::oversight_case_facts as facts;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

lvyue_core::code_enum! {
    /// How the figures are grouped.
    pub enum GroupBy {
        /// By handling body.
        HandlingOrg => ("handling_org", "按处理单位", "by handling body"),
        /// By division of the respondent.
        Region => ("region", "按行政区划", "by division"),
        /// By channel.
        Channel => ("channel", "按受理渠道", "by channel"),
        /// By field of the agreement.
        Field => ("field", "按领域", "by field"),
        /// By month of receipt.
        Month => ("month", "按受理月份", "by month of receipt"),
    }
}

lvyue_core::code_enum! {
    /// What the figures are answered as.
    pub enum FigureFormat {
        /// JSON.
        Json => ("json", "JSON", "JSON"),
        /// An Excel workbook (`.xlsx`).
        Xlsx => ("xlsx", "Excel 工作簿", "Excel workbook"),
    }
}

impl GroupBy {
    /// The grouping expression over the facts (the same SQL on both backends).
    fn expression(self) -> &'static str {
        match self {
            GroupBy::HandlingOrg => "COALESCE(handling_org_id, '')",
            GroupBy::Region => "region_code",
            GroupBy::Channel => "channel",
            GroupBy::Field => "field",
            GroupBy::Month => "SUBSTR(CAST(received_on AS TEXT), 1, 7)",
        }
    }
}

/// The figures of one group (or of all).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, ToSchema, PartialEq)]
pub struct CaseFigures {
    /// The group's key: an organisation id, a division code, a channel or field code, `YYYY-MM`;
    /// `total` for the totals.
    pub key: String,
    /// Its name: the organisation's name, the code's label; the key where there is none.
    pub label: String,
    /// Cases received in the period.
    pub received: i64,
    /// Of them, forwarded by the day due (or routed on receipt).
    pub routed_on_time: i64,
    /// Accepted by the handling body by the day due.
    pub accepted_on_time: i64,
    /// Concluded (unfounded, substantiated or disputed).
    pub concluded: i64,
    /// Concluded by the day due (as extended).
    pub concluded_on_time: i64,
    /// Open and past the current step's day, today.
    pub overdue_now: i64,
    /// Past a deadline at least once.
    pub overdue_in_period: i64,
    /// Urged (督办) at least once.
    pub urged: i64,
    /// Given an extension at least once.
    pub extended: i64,
    /// Determined as a breach (认定失信).
    pub determined: i64,
    /// Rectified, or settled in a dispute.
    pub rectified_or_settled: i64,
    /// Reopened at the channel's request at least once.
    pub reopened: i64,
    /// The median of working days from receipt to conclusion, of those concluded.
    pub median_working_days_to_conclusion: Option<f64>,
    /// The mean satisfaction (1–5) of the feedback given.
    pub satisfaction_mean: Option<f64>,
}

/// A page of figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseStatistics {
    /// The division counted (a city includes its counties).
    pub region_code: String,
    /// First day of the period (receipt, Asia/Shanghai).
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// The grouping.
    pub group_by: GroupBy,
    /// One row per group, most received first.
    pub rows: Vec<CaseFigures>,
    /// All groups together.
    pub totals: CaseFigures,
}

/// Names the keys of a grouping: `(key, label)` for those that have one.
pub type Labeller<'a> = dyn Fn(&mut DbConn, &[String]) -> AppResult<Vec<(String, String)>> + 'a;

/// One group's counters at one number of working days to conclusion: the key, the days (None:
/// not concluded), then received, the eleven counters of [`CaseFigures`] in order, the sum and
/// the count of satisfaction ratings.
type Counts = (Option<String>, Option<i32>, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

fn count_when(condition: &str) -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>(&format!("COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"))
}

/// The counters of the cohort in one scan, per group and per number of working days to
/// conclusion — a histogram small enough to carry whole (groups × distinct day counts), from
/// which the medians are read without moving a row per case.
fn counts(
    conn: &mut DbConn,
    key: &str,
    region: &RegionCode,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> AppResult<Vec<Counts>> {
    let (lo, hi) = region.scope_range();
    let overdue_now = sql::<BigInt>("COALESCE(SUM(CASE WHEN NOT closed AND next_due_on IS NOT NULL AND next_due_on < ")
        .bind::<Date, _>(today)
        .sql(" THEN 1 ELSE 0 END), 0)");
    let rows: Vec<Counts> = facts::table
        .filter(facts::region_code.between(lo, hi))
        .filter(facts::received_on.between(from, to))
        .group_by(sql::<Nullable<Text>>(&format!("{key}, working_days_to_conclusion")))
        .select((
            sql::<Nullable<Text>>(key),
            sql::<Nullable<Integer>>("working_days_to_conclusion"),
            sql::<BigInt>("COUNT(*)"),
            count_when("routed_on IS NOT NULL AND (route_due_on IS NULL OR routed_on <= route_due_on)"),
            count_when("accepted_on IS NOT NULL AND (accept_due_on IS NULL OR accepted_on <= accept_due_on)"),
            count_when("concluded_on IS NOT NULL"),
            count_when("concluded_on IS NOT NULL AND (conclude_due_on IS NULL OR concluded_on <= conclude_due_on)"),
            overdue_now,
            count_when("overdue_events > 0"),
            count_when("urged > 0"),
            count_when("extended > 0"),
            count_when("determined"),
            count_when("rectified_or_settled"),
            count_when("reopened > 0"),
            sql::<BigInt>("COALESCE(SUM(satisfaction), 0)"),
            sql::<BigInt>("COUNT(satisfaction)"),
        ))
        .load(conn)?;
    Ok(rows)
}

/// One group's figures being summed: the counters, the satisfaction sum and count, and the
/// histogram of working days to conclusion.
#[derive(Default)]
struct Tally {
    counters: [i64; 12],
    satisfaction: (i64, i64),
    days: std::collections::BTreeMap<i32, i64>,
}

impl Tally {
    fn add(&mut self, c: &Counts) {
        let values = [c.2, c.3, c.4, c.5, c.6, c.7, c.8, c.9, c.10, c.11, c.12, c.13];
        for (sum, v) in self.counters.iter_mut().zip(values) {
            *sum += v;
        }
        self.satisfaction.0 += c.14;
        self.satisfaction.1 += c.15;
        if let Some(d) = c.1 {
            *self.days.entry(d).or_insert(0) += c.2;
        }
    }

    fn median(&self) -> Option<f64> {
        let n: i64 = self.days.values().sum();
        if n == 0 {
            return None;
        }
        // The values at the middle positions (0-based), read off the histogram in order.
        let at = |pos: i64| {
            let mut seen = 0;
            self.days.iter().find_map(|(d, c)| {
                seen += c;
                (seen > pos).then_some(f64::from(*d))
            })
        };
        Some(if n % 2 == 1 { at(n / 2)? } else { (at(n / 2 - 1)? + at(n / 2)?) / 2.0 })
    }

    fn figures(&self, key: String) -> CaseFigures {
        let c = &self.counters;
        let (sum, rated) = self.satisfaction;
        let mean = (rated > 0).then(|| ((sum as f64 / rated as f64) * 100.0).round() / 100.0);
        CaseFigures {
            label: key.clone(),
            key,
            received: c[0],
            routed_on_time: c[1],
            accepted_on_time: c[2],
            concluded: c[3],
            concluded_on_time: c[4],
            overdue_now: c[5],
            overdue_in_period: c[6],
            urged: c[7],
            extended: c[8],
            determined: c[9],
            rectified_or_settled: c[10],
            reopened: c[11],
            median_working_days_to_conclusion: self.median(),
            satisfaction_mean: mean,
        }
    }
}

/// The median of `values`.
pub(crate) fn median(mut values: Vec<i32>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        f64::from(values[n / 2])
    } else {
        (f64::from(values[n / 2 - 1]) + f64::from(values[n / 2])) / 2.0
    })
}

/// The figures of the cases received in `region` from `from` to `to`, grouped by `group_by`;
/// `label` names a key (an organisation's name, a code's label).
pub fn cases(
    conn: &mut DbConn,
    region: &RegionCode,
    (from, to): (NaiveDate, NaiveDate),
    group_by: GroupBy,
    today: NaiveDate,
    label: &Labeller<'_>,
) -> AppResult<CaseStatistics> {
    if to < from {
        return Err(AppError::invalid("to", "before_from", "结束日期早于开始日期", "to is before from"));
    }
    let mut groups: std::collections::BTreeMap<String, Tally> = std::collections::BTreeMap::new();
    let mut all = Tally::default();
    for c in counts(conn, group_by.expression(), region, (from, to), today)? {
        groups.entry(c.0.clone().unwrap_or_default()).or_default().add(&c);
        all.add(&c);
    }
    let keys: Vec<String> = groups.keys().cloned().collect();
    let labels: std::collections::HashMap<String, String> = label(conn, &keys)?.into_iter().collect();
    let mut rows: Vec<CaseFigures> = groups
        .iter()
        .map(|(k, t)| {
            let mut f = t.figures(k.clone());
            if let Some(name) = labels.get(k) {
                f.label.clone_from(name);
            }
            f
        })
        .collect();
    rows.sort_by(|a, b| b.received.cmp(&a.received).then(a.key.cmp(&b.key)));
    let totals = CaseFigures { label: "合计".to_owned(), ..all.figures("total".to_owned()) };
    Ok(CaseStatistics { region_code: region.as_str().to_owned(), from, to, group_by, rows, totals })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histograms_median_is_the_median_of_the_values() {
        for values in [vec![3], vec![1, 2], vec![5, 1, 9, 9], vec![2, 2, 2, 7, 30], vec![]] {
            let mut t = Tally::default();
            for v in &values {
                *t.days.entry(*v).or_insert(0) += 1;
            }
            assert_eq!(t.median(), median(values.clone()), "{values:?}");
        }
    }
}
