//! Assessment schemes (考核方案): data a credit office owns — the units assessed (the handling
//! departments of its city, or its counties), the metrics taken from the case figures with a
//! weight, whether higher or lower is better, and an optional threshold a unit must meet to
//! score on that metric. Versioned (a stale version is 409) and audited.

use crate::figures::CaseFigures;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, RegionCode, Role};
use lvyue_db::schema::assessment_schemes as schemes;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who owns schemes and assessments: a credit office (its region's), an admin.
pub const OWNERS: &[Role] = &[Role::CreditOffice, Role::Admin];

lvyue_core::code_enum! {
    /// The units a scheme assesses.
    pub enum AssessedUnit {
        /// The departments that handle cases (处理单位).
        HandlingOrg => ("handling_org", "处理单位", "handling departments"),
        /// The divisions (县区).
        Region => ("region", "县区", "divisions"),
    }
}

lvyue_core::code_enum! {
    /// A metric taken from the case figures (处置效率、认定效率、满意度).
    pub enum AssessmentMetric {
        /// Forwarded on time, of those received.
        RoutedOnTimeRate => ("routed_on_time_rate", "按时转交率", "forwarded on time, of those received"),
        /// Accepted on time, of those received.
        AcceptedOnTimeRate => ("accepted_on_time_rate", "按时接收率", "accepted on time, of those received"),
        /// Concluded on time, of those received.
        ConcludedOnTimeRate => ("concluded_on_time_rate", "按时办结率", "concluded on time, of those received"),
        /// Ever overdue, of those received.
        OverdueRate => ("overdue_rate", "逾期率", "ever overdue, of those received"),
        /// Urged, of those received.
        UrgedRate => ("urged_rate", "被督办率", "urged, of those received"),
        /// Reopened, of those received.
        ReopenedRate => ("reopened_rate", "重启办理率", "reopened, of those received"),
        /// Median working days from receipt to conclusion.
        MedianWorkingDaysToConclusion => ("median_working_days_to_conclusion", "办结用时中位数", "median working days to conclusion"),
        /// Mean satisfaction (1–5).
        SatisfactionMean => ("satisfaction_mean", "平均满意度", "mean satisfaction"),
    }
}

lvyue_core::code_enum! {
    /// Which way a metric is better.
    pub enum Direction {
        /// Higher is better.
        Higher => ("higher", "越高越好", "higher is better"),
        /// Lower is better.
        Lower => ("lower", "越低越好", "lower is better"),
    }
}

impl AssessmentMetric {
    /// The metric's value for one unit's figures (None where it has no cases to measure).
    pub fn value(self, f: &CaseFigures) -> Option<f64> {
        let rate = |n: i64| (f.received > 0).then(|| (n as f64 / f.received as f64 * 10_000.0).round() / 10_000.0);
        match self {
            AssessmentMetric::RoutedOnTimeRate => rate(f.routed_on_time),
            AssessmentMetric::AcceptedOnTimeRate => rate(f.accepted_on_time),
            AssessmentMetric::ConcludedOnTimeRate => rate(f.concluded_on_time),
            AssessmentMetric::OverdueRate => rate(f.overdue_in_period),
            AssessmentMetric::UrgedRate => rate(f.urged),
            AssessmentMetric::ReopenedRate => rate(f.reopened),
            AssessmentMetric::MedianWorkingDaysToConclusion => f.median_working_days_to_conclusion,
            AssessmentMetric::SatisfactionMean => f.satisfaction_mean,
        }
    }
}

/// One metric of a scheme.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SchemeMetric {
    /// The metric.
    pub metric: AssessmentMetric,
    /// Its weight (> 0); the score is the weighted mean of the metrics' marks (0–100).
    pub weight: f64,
    /// Which way is better.
    pub direction: Direction,
    /// A unit whose value is worse than this scores 0 on the metric (optional).
    #[serde(default)]
    pub threshold: Option<f64>,
}

/// `PUT /api/v1/assessment-schemes/{code}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemeInput {
    /// The version read, to replace an existing scheme (absent to create one).
    #[serde(default)]
    pub version: Option<i32>,
    /// 名称 (1–200 characters).
    pub name: String,
    /// The division whose units it assesses (a credit office's own or within it).
    pub region_code: String,
    /// The units assessed.
    pub unit: AssessedUnit,
    /// 1–20 metrics.
    pub metrics: Vec<SchemeMetric>,
}

impl SchemeInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "name": "2026年度为企优环境处置效率考核",
            "region_code": "340300",
            "unit": "handling_org",
            "metrics": [
                {"metric": "concluded_on_time_rate", "weight": 50, "direction": "higher", "threshold": 0.6},
                {"metric": "median_working_days_to_conclusion", "weight": 30, "direction": "lower"},
                {"metric": "accepted_on_time_rate", "weight": 20, "direction": "higher"}
            ]
        })
    }
}

/// A scheme as stored and shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Scheme {
    /// Its code.
    pub code: String,
    /// 名称.
    pub name: String,
    /// The division whose units it assesses.
    pub region_code: String,
    /// The units assessed.
    pub unit: AssessedUnit,
    /// The metrics.
    pub metrics: Vec<SchemeMetric>,
    /// Pass back to replace it.
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = schemes)]
struct SchemeRow {
    code: String,
    region_code: String,
    name: String,
    unit: String,
    metrics: String,
    version: i32,
    updated_at: NaiveDateTime,
}

impl SchemeRow {
    fn view(&self) -> AppResult<Scheme> {
        Ok(Scheme {
            code: self.code.clone(),
            name: self.name.clone(),
            region_code: self.region_code.clone(),
            unit: AssessedUnit::from_stored(&self.unit)?,
            metrics: serde_json::from_str(&self.metrics)
                .map_err(|e| AppError::internal(format!("stored scheme {}: {e}", self.code)))?,
            version: self.version,
        })
    }
}

/// Scheme `code` as `actor` may read it (404 outside a credit office's division).
pub fn find_visible(conn: &mut DbConn, actor: &Actor, code: &str) -> AppResult<Scheme> {
    let scheme = find(conn, code)?.ok_or(AppError::NotFound)?;
    crate::access::may_read(conn, actor, &scheme.region_code)?;
    Ok(scheme)
}

/// Scheme `code`, if any.
pub fn find(conn: &mut DbConn, code: &str) -> AppResult<Option<Scheme>> {
    schemes::table.find(code).select(SchemeRow::as_select()).first(conn).optional()?.map(|r| r.view()).transpose()
}

fn check(code: &str, input: &SchemeInput) -> AppResult<RegionCode> {
    let valid_code = !code.is_empty()
        && code.len() <= 64
        && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !valid_code {
        return Err(AppError::invalid(
            "code",
            "invalid_code",
            "方案代码为 1–64 位小写字母、数字、- 或 _",
            "a scheme code is 1–64 of a-z, 0-9, - and _",
        ));
    }
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid("name", "invalid_length", "须为 1–200 个字符", "must be 1–200 characters"));
    }
    if input.metrics.is_empty() || input.metrics.len() > 20 {
        return Err(AppError::invalid("metrics", "invalid_length", "须有 1–20 项指标", "1–20 metrics"));
    }
    for (i, m) in input.metrics.iter().enumerate() {
        if !(m.weight.is_finite() && m.weight > 0.0 && m.weight <= 1000.0) {
            return Err(AppError::invalid(
                &format!("metrics[{i}].weight"),
                "invalid_weight",
                "权重须大于 0（最大 1000）",
                "a weight is above 0 (at most 1000)",
            ));
        }
        if m.threshold.is_some_and(|t| !t.is_finite()) {
            return Err(AppError::invalid(
                &format!("metrics[{i}].threshold"),
                "invalid_threshold",
                "阈值须为数值",
                "a threshold is a number",
            ));
        }
    }
    let mut seen: Vec<AssessmentMetric> = input.metrics.iter().map(|m| m.metric).collect();
    seen.sort_by_key(|m| m.code());
    seen.dedup();
    if seen.len() != input.metrics.len() {
        return Err(AppError::invalid("metrics", "duplicate_metric", "指标不得重复", "a metric appears twice"));
    }
    RegionCode::parse(&input.region_code).map_err(|e| AppError::field(e.at("region_code")))
}

/// Creates scheme `code`, or replaces it at the version read; answers it and whether it is new.
pub fn put(
    conn: &mut DbConn,
    actor: &Actor,
    code: &str,
    input: SchemeInput,
    now: NaiveDateTime,
) -> AppResult<(Scheme, bool)> {
    actor.require(OWNERS)?;
    let region = check(code, &input)?;
    let own = crate::access::owned_region(conn, actor)?;
    if own.as_ref().is_some_and(|o| !o.contains(&region)) {
        return Err(AppError::Forbidden(Message::new(
            "只能为本辖区制定考核方案",
            "a credit office makes schemes for its own region",
        )));
    }
    write_tx(conn, |conn| {
        let before: Option<SchemeRow> =
            lvyue_db::locked!(conn, for_update, schemes::table.find(code).select(SchemeRow::as_select()), |q, c| q
                .first(c)
                .optional())?;
        if let Some(b) = &before {
            if own.as_ref().is_some_and(|o| RegionCode::parse(&b.region_code).is_ok_and(|r| !o.contains(&r))) {
                return Err(AppError::NotFound);
            }
        }
        let version = match (&before, input.version) {
            (None, _) => 1,
            (Some(b), Some(v)) => {
                lvyue_db::versioned::check(v, b.version)?;
                b.version + 1
            }
            (Some(b), None) => return Err(AppError::stale_version(b.version)),
        };
        let row = SchemeRow {
            code: code.to_owned(),
            region_code: region.as_str().to_owned(),
            name: input.name.trim().to_owned(),
            unit: input.unit.code().to_owned(),
            metrics: serde_json::to_string(&input.metrics).unwrap_or_else(|_| "[]".to_owned()),
            version,
            updated_at: now,
        };
        if before.is_some() {
            diesel::update(schemes::table.find(code)).set(&row).execute(conn)?;
        } else {
            diesel::insert_into(schemes::table).values(&row).execute(conn)?;
        }
        let after = row.view()?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: if before.is_some() { "assessment_scheme.update" } else { "assessment_scheme.create" },
                entity_type: "assessment_scheme",
                entity_id: code,
                before: before.as_ref().and_then(|b| b.view().ok()).and_then(|v| serde_json::to_value(v).ok()),
                after: serde_json::to_value(&after).ok(),
            },
        )?;
        Ok((after, before.is_none()))
    })
}
