//! Oversight figures (惩戒措施落实情况): for a region and a period, the measures put in force,
//! acknowledged, overdue for acknowledgement and ended, by implementing body.

use crate::sanction::IN_FORCE;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{AppResult, RegionCode};
use lvyue_db::schema::sanctions;
use lvyue_db::DbConn;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One implementing body's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Figures {
    /// Put in force within the period.
    pub put_in_force: i64,
    /// Acknowledged within the period.
    pub acknowledged: i64,
    /// In force now, not acknowledged, past the day they were due (whenever they started).
    pub overdue_for_acknowledgement: i64,
    /// Ended within the period.
    pub ended: i64,
}

/// The figures of a region and period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionFigures {
    /// The division (a city includes its counties).
    pub region_code: String,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// All bodies together.
    pub totals: Figures,
    /// By implementer kind code.
    pub by_implementer: BTreeMap<String, Figures>,
}

type Row = (String, NaiveDateTime, Option<NaiveDateTime>, NaiveDate, String, Option<NaiveDateTime>);

/// Counts `region`'s measures for the days `from`..=`to` (stored instants `start`..`end`).
pub fn region(
    conn: &mut DbConn,
    actor: &lvyue_core::Actor,
    region: &RegionCode,
    (from, to): (NaiveDate, NaiveDate),
    (start, end): (NaiveDateTime, NaiveDateTime),
    today: NaiveDate,
) -> AppResult<RegionFigures> {
    // A region outside the caller's slice is not there for it.
    if !crate::access::scope_of(conn, actor)?.covers(region) {
        return Err(lvyue_core::AppError::NotFound);
    }
    let (lo, hi) = region.scope_range();
    let rows: Vec<Row> = sanctions::table
        .filter(sanctions::region_code.between(lo, hi))
        .select((
            sanctions::implementer_kind,
            sanctions::created_at,
            sanctions::acknowledged_at,
            sanctions::ack_due_on,
            sanctions::status,
            sanctions::ended_at,
        ))
        .load(conn)?;
    let within = |t: NaiveDateTime| t >= start && t < end;
    let mut totals = Figures::default();
    let mut by: BTreeMap<String, Figures> = BTreeMap::new();
    for (kind, created, acked, due, status, ended) in rows {
        let f = by.entry(kind).or_default();
        let add = |f: &mut Figures, totals: &mut Figures, which: fn(&mut Figures) -> &mut i64| {
            *which(f) += 1;
            *which(totals) += 1;
        };
        if within(created) {
            add(f, &mut totals, |f| &mut f.put_in_force);
        }
        if acked.is_some_and(within) {
            add(f, &mut totals, |f| &mut f.acknowledged);
        }
        if status == IN_FORCE && acked.is_none() && today > due {
            add(f, &mut totals, |f| &mut f.overdue_for_acknowledgement);
        }
        if ended.is_some_and(within) {
            add(f, &mut totals, |f| &mut f.ended);
        }
    }
    by.retain(|_, f| *f != Figures::default());
    Ok(RegionFigures { region_code: region.as_str().to_owned(), from, to, totals, by_implementer: by })
}

/// One implementing organisation's measures now (落实情况, for oversight).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImplementerFigures {
    /// The implementing organisation's registry id (empty: none in the registry when the
    /// measures came into force).
    pub implementer_org_id: String,
    /// Measures in force now.
    pub in_force: i64,
    /// Measures acknowledged by the day they were due.
    pub acknowledged_on_time: i64,
    /// Measures in force, not acknowledged, past the day they were due.
    pub overdue: i64,
}

/// The measures of `region`'s records per implementing organisation, as they stand on `today`
/// (no caller check: the caller's slice is checked by whoever reads it out).
pub fn by_implementer_org(
    conn: &mut DbConn,
    region: &RegionCode,
    today: NaiveDate,
) -> AppResult<Vec<ImplementerFigures>> {
    let (lo, hi) = region.scope_range();
    let rows: Vec<(Option<String>, String, Option<NaiveDateTime>, NaiveDate)> = sanctions::table
        .filter(sanctions::region_code.between(lo, hi))
        .select((sanctions::implementer_org_id, sanctions::status, sanctions::acknowledged_at, sanctions::ack_due_on))
        .load(conn)?;
    let mut by: BTreeMap<String, ImplementerFigures> = BTreeMap::new();
    for (org, status, acknowledged_at, due) in rows {
        let key = org.unwrap_or_default();
        let f = by
            .entry(key.clone())
            .or_insert_with(|| ImplementerFigures { implementer_org_id: key, ..ImplementerFigures::default() });
        let in_force = status == IN_FORCE;
        f.in_force += i64::from(in_force);
        let acked_day = acknowledged_at.map(|at| lvyue_core::time::stored_to_shanghai(at).date_naive());
        f.acknowledged_on_time += i64::from(acked_day.is_some_and(|d| d <= due));
        f.overdue += i64::from(in_force && acknowledged_at.is_none() && today > due);
    }
    Ok(by.into_values().collect())
}
