//! Monthly reporting (每月归集上报, 003 四(三)): each unit confirms each month that its lists of
//! commitments and contracts are current; the credit office sees, for a month, every unit of
//! its region — reported or not — with its commitments and contracts by status and what is
//! overdue.

use crate::access::{scope_of, Scope};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, RegionCode};
use lvyue_db::schema::{commitments, contracts, monthly_reports};
use lvyue_db::DbConn;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// `POST /api/v1/monthly-reports`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthlyReportInput {
    /// The month confirmed, `YYYY-MM` (not later than this month).
    pub month: String,
}

/// A unit's confirmation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthlyReport {
    /// The unit.
    pub org_id: String,
    /// The month.
    pub month: String,
    /// When it confirmed.
    pub submitted_at: chrono::DateTime<chrono::FixedOffset>,
}

/// One unit in a month's overview.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitReport {
    /// The unit.
    pub org_id: String,
    /// Its name.
    pub name: String,
    /// Whether it confirmed the month.
    pub submitted: bool,
    /// When.
    pub submitted_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Its contracts by status (confidential ones included: they are counted, not shown).
    pub contracts: BTreeMap<String, i64>,
    /// Its commitments by status.
    pub commitments: BTreeMap<String, i64>,
    /// Its contracts and commitments `overdue` now.
    pub overdue: i64,
}

/// A month's overview of a division.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MonthlyOverview {
    /// The division.
    pub region_code: String,
    /// The month.
    pub month: String,
    /// Units that confirmed it.
    pub submitted: usize,
    /// Units that did not.
    pub not_submitted: usize,
    /// Every standing unit of the division (for a unit: itself), not reported first.
    pub units: Vec<UnitReport>,
}

/// Checks `YYYY-MM`, not later than `today`'s month.
fn month(raw: &str, today: NaiveDate) -> AppResult<String> {
    let bad = || {
        AppError::invalid(
            "month",
            "invalid_month",
            "月份须为 YYYY-MM 且不晚于本月",
            "must be YYYY-MM, not after this month",
        )
    };
    let first = NaiveDate::parse_from_str(&format!("{}-01", raw.trim()), "%Y-%m-%d").map_err(|_| bad())?;
    if raw.trim().len() != 7 || first > today {
        return Err(bad());
    }
    Ok(raw.trim().to_owned())
}

/// The caller's unit confirms `input.month` (again: the first confirmation stands).
pub fn submit(
    conn: &mut DbConn,
    actor: &Actor,
    input: MonthlyReportInput,
    today: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<MonthlyReport> {
    let month = month(&input.month, today)?;
    let org = crate::access::writer(conn, actor, None)?;
    lvyue_db::write_tx(conn, |conn| {
        let found: Option<NaiveDateTime> = monthly_reports::table
            .find((&org.id, &month))
            .select(monthly_reports::submitted_at)
            .first(conn)
            .optional()?;
        let at = match found {
            Some(at) => at,
            None => {
                diesel::insert_into(monthly_reports::table)
                    .values((
                        monthly_reports::org_id.eq(&org.id),
                        monthly_reports::month.eq(&month),
                        monthly_reports::submitted_by.eq(&actor.subject),
                        monthly_reports::submitted_at.eq(now),
                    ))
                    .execute(conn)?;
                now
            }
        };
        Ok(MonthlyReport {
            org_id: org.id.clone(),
            month: month.clone(),
            submitted_at: lvyue_core::time::stored_to_shanghai(at),
        })
    })
}

fn by_status(rows: Vec<(String, String, i64)>) -> HashMap<String, BTreeMap<String, i64>> {
    let mut out: HashMap<String, BTreeMap<String, i64>> = HashMap::new();
    for (org, status, n) in rows {
        out.entry(org).or_default().insert(status, n);
    }
    out
}

/// The month's overview of `region` as `actor` may see it.
pub fn overview(
    conn: &mut DbConn,
    actor: &Actor,
    region: &RegionCode,
    raw_month: &str,
    today: NaiveDate,
) -> AppResult<MonthlyOverview> {
    let month = month(raw_month, today)?;
    let scope = scope_of(conn, actor)?;
    let mut units = lvyue_registry::organisation::standing_in_region(conn, region)?;
    units.retain(|o| scope.covers(&o.id, &o.region_code));
    if let Scope::Region(own) = &scope {
        if !own.contains(region) && units.is_empty() {
            return Err(AppError::NotFound);
        }
    }
    let ids: Vec<String> = units.iter().map(|o| o.id.clone()).collect();
    let reported: HashMap<String, NaiveDateTime> = monthly_reports::table
        .filter(monthly_reports::month.eq(&month))
        .filter(monthly_reports::org_id.eq_any(&ids))
        .select((monthly_reports::org_id, monthly_reports::submitted_at))
        .load(conn)?
        .into_iter()
        .collect();
    let contract_counts = by_status(
        contracts::table
            .filter(contracts::org_id.eq_any(&ids))
            .group_by((contracts::org_id, contracts::status))
            .select((contracts::org_id, contracts::status, diesel::dsl::count_star()))
            .load(conn)?,
    );
    let commitment_counts = by_status(
        commitments::table
            .filter(commitments::org_id.eq_any(&ids))
            .group_by((commitments::org_id, commitments::status))
            .select((commitments::org_id, commitments::status, diesel::dsl::count_star()))
            .load(conn)?,
    );
    let mut rows: Vec<UnitReport> = units
        .into_iter()
        .map(|o| {
            let contracts = contract_counts.get(&o.id).cloned().unwrap_or_default();
            let commitments = commitment_counts.get(&o.id).cloned().unwrap_or_default();
            let overdue =
                contracts.get("overdue").copied().unwrap_or(0) + commitments.get("overdue").copied().unwrap_or(0);
            UnitReport {
                submitted: reported.contains_key(&o.id),
                submitted_at: reported.get(&o.id).copied().map(lvyue_core::time::stored_to_shanghai),
                org_id: o.id,
                name: o.name,
                contracts,
                commitments,
                overdue,
            }
        })
        .collect();
    rows.sort_by_key(|u| u.submitted);
    let submitted = rows.iter().filter(|u| u.submitted).count();
    Ok(MonthlyOverview {
        region_code: region.as_str().to_owned(),
        month,
        submitted,
        not_submitted: rows.len() - submitted,
        units: rows,
    })
}
