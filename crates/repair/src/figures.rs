//! The repair context's public reads for oversight (数据质量): how the objections against the
//! records of a division were decided in a period, per deciding body — an upheld objection
//! confirms the data, a corrected or revoked one shows it was wrong.

use chrono::NaiveDate;
use diesel::prelude::*;
use lvyue_core::repair::ObjectionStatus;
use lvyue_core::{AppResult, RegionCode};
use lvyue_db::schema::credit_objections as o;
use lvyue_db::DbConn;
use std::collections::HashMap;

/// Objections decided, by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ObjectionOutcomes {
    /// 维持原记录.
    pub upheld: i64,
    /// 更正记录.
    pub corrected: i64,
    /// 撤销记录.
    pub revoked: i64,
}

/// Per deciding body, the objections against records of `region` decided in `period`
/// (Asia/Shanghai days).
pub fn objections_by_decider(
    conn: &mut DbConn,
    region: &RegionCode,
    period: (NaiveDate, NaiveDate),
) -> AppResult<HashMap<String, ObjectionOutcomes>> {
    let (lo, hi) = region.scope_range();
    let (start, end) = lvyue_core::time::stored_bounds(period.0, period.1);
    let rows: Vec<(Option<String>, String, i64)> = o::table
        .filter(o::region_code.between(lo, hi))
        .filter(o::decided_at.ge(start).and(o::decided_at.lt(end)))
        .group_by((o::deciding_org_id, o::status))
        .select((o::deciding_org_id, o::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut out: HashMap<String, ObjectionOutcomes> = HashMap::new();
    for (org, status, n) in rows {
        let Some(org) = org else { continue };
        let e = out.entry(org).or_default();
        match ObjectionStatus::from_code(&status) {
            Some(ObjectionStatus::Upheld) => e.upheld += n,
            Some(ObjectionStatus::Corrected) => e.corrected += n,
            Some(ObjectionStatus::Revoked) => e.revoked += n,
            _ => {}
        }
    }
    Ok(out)
}
