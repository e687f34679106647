//! Assessments (考核): a scheme applied to a division and a period. A draft is computed from the
//! figures whenever it is read; freezing stores its figures, marks and ranking, which later
//! cases never change; publishing makes the ranking public (打分排名后予以公布, 001 三(三)) and
//! announces `assessment.published`.
//!
//! ```text
//! draft ──freeze──▶ frozen ──publish──▶ published
//! ```

use crate::figures::{self, CaseFigures, GroupBy, Labeller};
use crate::scheme::{AssessedUnit, Direction, Scheme};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, RegionCode};
use lvyue_db::schema::assessments;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

lvyue_core::code_enum! {
    /// Where an assessment stands.
    pub enum AssessmentStatus {
        /// 草稿: computed when read.
        Draft => ("draft", "草稿", "draft"),
        /// 已冻结: its figures and ranking are stored, and never change.
        Frozen => ("frozen", "已冻结", "frozen"),
        /// 已公布: public.
        Published => ("published", "已公布", "published"),
    }
}

/// One unit's result.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct UnitResult {
    /// 1 for the best; units with the same score share a rank.
    pub rank: u32,
    /// The unit's key (an organisation id, or a division code).
    pub unit: String,
    /// Its name.
    pub label: String,
    /// The weighted mean of its marks (0–100, two decimals).
    pub score: f64,
    /// Per metric: its value and its mark.
    pub metrics: Vec<MetricResult>,
    /// The figures the values come from.
    pub figures: CaseFigures,
}

/// One metric of one unit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct MetricResult {
    /// The metric's code.
    pub metric: String,
    /// Its value (null where the unit had nothing to measure).
    pub value: Option<f64>,
    /// Its mark, 0–100: the best unit 100, the worst 0, linear between; 0 below the threshold or
    /// without a value; 100 for all when every unit has the same value.
    pub mark: f64,
}

/// An assessment as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Assessment {
    /// Opaque id.
    pub id: String,
    /// The scheme as it was applied.
    pub scheme: Scheme,
    /// The division.
    pub region_code: String,
    /// `2026`, `2026-Q4` or `2026-11`.
    pub period: String,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// `draft`, `frozen` or `published`.
    pub status: AssessmentStatus,
    /// The ranking, best first.
    pub results: Vec<UnitResult>,
    /// Pass back to freeze or publish.
    pub version: i32,
    /// When it was frozen.
    pub frozen_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// When it was published.
    pub published_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// `POST /api/v1/assessments`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    /// The scheme's code.
    pub scheme: String,
    /// The division (the scheme's or within it).
    pub region_code: String,
    /// `2026` (a year), `2026-Q4` (a quarter) or `2026-11` (a month).
    pub period: String,
}

impl AssessmentInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"scheme": "efficiency-2026", "region_code": "340300", "period": "2026-Q4"})
    }
}

/// `POST /api/v1/assessments/{id}/freeze` and `…/publish`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// The version read; a stale one answers 409.
    pub version: i32,
}

/// The first and last day of `period`: a year, a quarter or a month.
pub fn period_days(period: &str) -> AppResult<(NaiveDate, NaiveDate)> {
    let bad = || {
        AppError::invalid(
            "period",
            "invalid_period",
            "期间须为 2026、2026-Q4 或 2026-11",
            "a period is 2026, 2026-Q4 or 2026-11",
        )
    };
    let (year, rest) = match period.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (period, None),
    };
    let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(bad)?;
    let (first, last) = match rest {
        None => (1, 12),
        Some(q) if q.len() == 2 && q.starts_with('Q') => {
            let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n)).ok_or_else(bad)?;
            (n * 3 - 2, n * 3)
        }
        Some(m) if m.len() == 2 => {
            let n: u32 = m.parse().ok().filter(|n| (1..=12).contains(n)).ok_or_else(bad)?;
            (n, n)
        }
        Some(_) => return Err(bad()),
    };
    let from = NaiveDate::from_ymd_opt(year, first, 1).ok_or_else(bad)?;
    let next =
        if last == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, last + 1, 1) };
    let to = next.and_then(|d| d.pred_opt()).ok_or_else(bad)?;
    Ok((from, to))
}

/// The marks and ranking of `units` (their figures) under `scheme`.
pub fn rank(scheme: &Scheme, units: Vec<CaseFigures>) -> Vec<UnitResult> {
    let total_weight: f64 = scheme.metrics.iter().map(|m| m.weight).sum();
    let values: Vec<Vec<Option<f64>>> =
        scheme.metrics.iter().map(|m| units.iter().map(|u| m.metric.value(u)).collect()).collect();
    let mut results: Vec<UnitResult> = units
        .into_iter()
        .enumerate()
        .map(|(i, figures)| {
            let metrics: Vec<MetricResult> = scheme
                .metrics
                .iter()
                .zip(&values)
                .map(|(m, column)| {
                    let present: Vec<f64> = column.iter().flatten().copied().collect();
                    let (lo, hi) =
                        present.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(*v), b.max(*v)));
                    let mark = match column[i] {
                        None => 0.0,
                        Some(v)
                            if m.threshold.is_some_and(|t| match m.direction {
                                Direction::Higher => v < t,
                                Direction::Lower => v > t,
                            }) =>
                        {
                            0.0
                        }
                        Some(_) if (hi - lo).abs() < f64::EPSILON => 100.0,
                        Some(v) => match m.direction {
                            Direction::Higher => (v - lo) / (hi - lo) * 100.0,
                            Direction::Lower => (hi - v) / (hi - lo) * 100.0,
                        },
                    };
                    MetricResult {
                        metric: m.metric.code().to_owned(),
                        value: column[i],
                        mark: (mark * 100.0).round() / 100.0,
                    }
                })
                .collect();
            let score = if total_weight > 0.0 {
                scheme.metrics.iter().zip(&metrics).map(|(m, r)| m.weight * r.mark).sum::<f64>() / total_weight
            } else {
                0.0
            };
            UnitResult {
                rank: 0,
                unit: figures.key.clone(),
                label: figures.label.clone(),
                score: (score * 100.0).round() / 100.0,
                metrics,
                figures,
            }
        })
        .collect();
    results.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.unit.cmp(&b.unit)));
    let mut previous: Option<(f64, u32)> = None;
    for (i, r) in results.iter_mut().enumerate() {
        r.rank = match previous {
            Some((score, rank)) if (score - r.score).abs() < f64::EPSILON => rank,
            _ => u32::try_from(i + 1).unwrap_or(u32::MAX),
        };
        previous = Some((r.score, r.rank));
    }
    results
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = assessments, treat_none_as_null = true)]
struct AssessmentRow {
    id: String,
    scheme_code: String,
    scheme: String,
    region_code: String,
    period: String,
    period_from: NaiveDate,
    period_to: NaiveDate,
    status: String,
    results: Option<String>,
    version: i32,
    created_at: NaiveDateTime,
    frozen_at: Option<NaiveDateTime>,
    published_at: Option<NaiveDateTime>,
}

impl AssessmentRow {
    fn scheme(&self) -> AppResult<Scheme> {
        serde_json::from_str(&self.scheme)
            .map_err(|e| AppError::internal(format!("stored assessment {}: {e}", self.id)))
    }

    fn view(&self, conn: &mut DbConn, today: NaiveDate) -> AppResult<Assessment> {
        let scheme = self.scheme()?;
        let results = match &self.results {
            Some(stored) => serde_json::from_str(stored)
                .map_err(|e| AppError::internal(format!("stored results {}: {e}", self.id)))?,
            None => compute(conn, &scheme, &self.region_code, (self.period_from, self.period_to), today)?,
        };
        Ok(Assessment {
            id: self.id.clone(),
            scheme,
            region_code: self.region_code.clone(),
            period: self.period.clone(),
            from: self.period_from,
            to: self.period_to,
            status: AssessmentStatus::from_stored(&self.status)?,
            results,
            version: self.version,
            frozen_at: self.frozen_at.map(lvyue_core::time::stored_to_shanghai),
            published_at: self.published_at.map(lvyue_core::time::stored_to_shanghai),
        })
    }
}

fn compute(
    conn: &mut DbConn,
    scheme: &Scheme,
    region: &str,
    period: (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> AppResult<Vec<UnitResult>> {
    let region =
        RegionCode::parse(region).map_err(|e| AppError::internal(format!("stored region: {}", e.message.en)))?;
    let group_by = match scheme.unit {
        AssessedUnit::HandlingOrg => GroupBy::HandlingOrg,
        AssessedUnit::Region => GroupBy::Region,
    };
    let labels: &Labeller<'_> = &|conn, keys| crate::labels::of(conn, group_by, keys);
    let stats = figures::cases(conn, &region, period, group_by, today, labels)?;
    Ok(rank(scheme, stats.rows.into_iter().filter(|r| !r.key.is_empty()).collect()))
}

/// Makes a draft of `input` (its scheme as it is now).
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    input: AssessmentInput,
    today: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<Assessment> {
    actor.require(crate::scheme::OWNERS)?;
    let (from, to) = period_days(input.period.trim())?;
    let region = RegionCode::parse(&input.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    let scheme = crate::scheme::find(conn, input.scheme.trim())?
        .ok_or_else(|| AppError::invalid("scheme", "unknown_scheme", "没有该考核方案", "no such scheme"))?;
    let scheme_region =
        RegionCode::parse(&scheme.region_code).map_err(|e| AppError::internal(e.message.en.into_owned()))?;
    let own = crate::access::owned_region(conn, actor)?;
    if own.as_ref().is_some_and(|o| !o.contains(&region)) || !scheme_region.contains(&region) {
        return Err(AppError::invalid(
            "region_code",
            "outside_region",
            "不在该方案或本信用办辖区内",
            "outside the scheme's or your region",
        ));
    }
    let row = AssessmentRow {
        id: lvyue_core::ids::AssessmentId::generate().into_string(),
        scheme_code: scheme.code.clone(),
        scheme: serde_json::to_string(&scheme).unwrap_or_default(),
        region_code: region.as_str().to_owned(),
        period: input.period.trim().to_owned(),
        period_from: from,
        period_to: to,
        status: AssessmentStatus::Draft.code().to_owned(),
        results: None,
        version: 1,
        created_at: now,
        frozen_at: None,
        published_at: None,
    };
    write_tx(conn, |conn| {
        diesel::insert_into(assessments::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "assessment.create",
                entity_type: "assessment",
                entity_id: &row.id,
                before: None,
                after: serde_json::to_value(&input.period).ok(),
            },
        )
    })?;
    row.view(conn, today)
}

/// Assessment `id` as the caller may see it: published ones for anyone (`actor` None: the
/// public), others for their region's readers.
pub fn find_visible(conn: &mut DbConn, actor: Option<&Actor>, id: &str, today: NaiveDate) -> AppResult<Assessment> {
    let row: AssessmentRow = assessments::table
        .find(id)
        .select(AssessmentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    visible(conn, actor, &row)?;
    row.view(conn, today)
}

fn visible(conn: &mut DbConn, actor: Option<&Actor>, row: &AssessmentRow) -> AppResult<()> {
    if row.status == AssessmentStatus::Published.code() {
        return Ok(());
    }
    crate::access::may_read(conn, actor.ok_or(AppError::NotFound)?, &row.region_code)
}

/// A page of the published assessments.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublishedAssessments {
    /// Newest first.
    pub assessments: Vec<Assessment>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The published assessments, newest first, a page after `cursor` (the public list).
pub fn published(conn: &mut DbConn, cursor: Option<&str>, limit: i64) -> AppResult<PublishedAssessments> {
    let mut q = assessments::table
        .filter(assessments::status.eq(AssessmentStatus::Published.code()))
        .filter(assessments::published_at.is_not_null())
        .into_boxed();
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(assessments::published_at.lt(at).or(assessments::published_at.eq(at).and(assessments::id.lt(id))));
    }
    let rows: Vec<AssessmentRow> = q
        .order_by((assessments::published_at.desc(), assessments::id.desc()))
        .limit(limit + 1)
        .select(AssessmentRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) =
        lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.published_at.unwrap_or(r.created_at), &r.id));
    // Published ones are frozen: their results are stored, nothing is computed.
    let assessments = rows.iter().map(|r| r.view(conn, NaiveDate::default())).collect::<AppResult<_>>()?;
    Ok(PublishedAssessments { assessments, next_cursor })
}

/// Freezes (draft → frozen, storing the results as computed now) or publishes (frozen →
/// published, announcing it) assessment `id` at the version read.
pub fn step(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    to: AssessmentStatus,
    version: i32,
    today: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<Assessment> {
    actor.require(crate::scheme::OWNERS)?;
    write_tx(conn, |conn| {
        let before: AssessmentRow = lvyue_db::locked!(
            conn,
            for_update,
            assessments::table.find(id).select(AssessmentRow::as_select()),
            |q, c| q.first(c).optional()
        )?
        .ok_or(AppError::NotFound)?;
        visible(conn, Some(actor), &before)?;
        lvyue_db::versioned::check(version, before.version)?;
        let from = AssessmentStatus::from_stored(&before.status)?;
        let allowed = matches!(
            (from, to),
            (AssessmentStatus::Draft, AssessmentStatus::Frozen)
                | (AssessmentStatus::Frozen, AssessmentStatus::Published)
        );
        if !allowed {
            return Err(AppError::conflict(
                "invalid_transition",
                Message::new(
                    format!("考核状态为“{}”，不能执行该操作", from.label_zh()),
                    format!("the assessment is {from}; it cannot become {to}"),
                ),
            ));
        }
        let mut after = AssessmentRow { status: to.code().to_owned(), version: before.version + 1, ..before.clone() };
        if to == AssessmentStatus::Frozen {
            let scheme = before.scheme()?;
            let results = compute(conn, &scheme, &before.region_code, (before.period_from, before.period_to), today)?;
            after.results = serde_json::to_string(&results).ok();
            after.frozen_at = Some(now);
        } else {
            after.published_at = Some(now);
        }
        diesel::update(assessments::table.find(id)).set(&after).execute(conn)?;
        let view = after.view(conn, today)?;
        if to == AssessmentStatus::Published {
            lvyue_outbox::events::append(conn, now, crate::events::published(&view))?;
        }
        let action = if to == AssessmentStatus::Frozen { "assessment.freeze" } else { "assessment.publish" };
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action,
                entity_type: "assessment",
                entity_id: id,
                before: None,
                after: serde_json::to_value(to).ok(),
            },
        )?;
        Ok(view)
    })
}
