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
use diesel::sql_types::{BigInt, Date, Double, Integer, Nullable, Text};
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

type Counts = (Option<String>, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, Option<f64>);

fn count_when(condition: &str) -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>(&format!("COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"))
}

/// The counts per value of `key` (one SQL statement, both backends).
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
        .group_by(sql::<Nullable<Text>>(key))
        .select((
            sql::<Nullable<Text>>(key),
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
            sql::<Nullable<Double>>("AVG(CAST(satisfaction AS DOUBLE PRECISION))"),
        ))
        .load(conn)?;
    Ok(rows)
}

/// The working days to conclusion of each concluded case, per value of `key`.
fn durations(
    conn: &mut DbConn,
    key: &str,
    region: &RegionCode,
    (from, to): (NaiveDate, NaiveDate),
) -> AppResult<Vec<(Option<String>, i32)>> {
    let (lo, hi) = region.scope_range();
    Ok(facts::table
        .filter(facts::region_code.between(lo, hi))
        .filter(facts::received_on.between(from, to))
        .filter(facts::working_days_to_conclusion.is_not_null())
        .select((sql::<Nullable<Text>>(key), sql::<Integer>("working_days_to_conclusion")))
        .load(conn)?)
}

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

fn figures(key: String, c: &Counts, days: Vec<i32>) -> CaseFigures {
    CaseFigures {
        label: key.clone(),
        key,
        received: c.1,
        routed_on_time: c.2,
        accepted_on_time: c.3,
        concluded: c.4,
        concluded_on_time: c.5,
        overdue_now: c.6,
        overdue_in_period: c.7,
        urged: c.8,
        extended: c.9,
        determined: c.10,
        rectified_or_settled: c.11,
        reopened: c.12,
        median_working_days_to_conclusion: median(days),
        satisfaction_mean: c.13.map(|m| (m * 100.0).round() / 100.0),
    }
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
    let key = group_by.expression();
    let grouped = counts(conn, key, region, (from, to), today)?;
    // One group of everything: PostgreSQL refuses a constant in GROUP BY, so the key is an
    // expression that is the same for every row.
    let all = counts(conn, "SUBSTR(region_code, 1, 0)", region, (from, to), today)?;
    let spans = durations(conn, key, region, (from, to))?;
    let keys: Vec<String> = grouped.iter().map(|c| c.0.clone().unwrap_or_default()).collect();
    let labels = label(conn, &keys)?;
    let mut rows: Vec<CaseFigures> = grouped
        .iter()
        .map(|c| {
            let k = c.0.clone().unwrap_or_default();
            let days = spans.iter().filter(|(g, _)| g.as_deref().unwrap_or_default() == k).map(|(_, d)| *d).collect();
            let mut f = figures(k.clone(), c, days);
            if let Some((_, name)) = labels.iter().find(|(key, _)| *key == k) {
                f.label.clone_from(name);
            }
            f
        })
        .collect();
    rows.sort_by(|a, b| b.received.cmp(&a.received).then(a.key.cmp(&b.key)));
    let totals = match all.first() {
        Some(c) => CaseFigures {
            label: "合计".to_owned(),
            ..figures("total".to_owned(), c, spans.iter().map(|(_, d)| *d).collect())
        },
        None => CaseFigures { key: "total".to_owned(), label: "合计".to_owned(), ..CaseFigures::default() },
    };
    Ok(CaseStatistics { region_code: region.as_str().to_owned(), from, to, group_by, rows, totals })
}
