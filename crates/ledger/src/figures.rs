//! The ledger's figures per unit (000 §三, 001): of the items found in a period, how many were
//! rectified on time (by their plan's last milestone), the arrears cleared (amount and share of
//! those owed), and how many plans are late now. The credit office's statistics read them
//! through [`by_unit`].

use crate::item::store::ItemRow;
use crate::item::LedgerItemStatus;
use chrono::NaiveDate;
use diesel::prelude::*;
use lvyue_core::{AppResult, RegionCode};
use lvyue_db::schema::ledger_items;
use lvyue_db::DbConn;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// One unit's figures (or all of them).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct UnitLedgerFigures {
    /// The organisation's id; `total` for the totals.
    pub key: String,
    /// Its name.
    pub label: String,
    /// Items found (recorded) in the period.
    pub items_found: i64,
    /// …rectified or closed.
    pub items_rectified: i64,
    /// …rectified by their plan's last milestone.
    pub items_rectified_on_time: i64,
    /// …escalated into a case.
    pub items_escalated: i64,
    /// Arrears owed on them (分).
    pub arrears_fen: i64,
    /// …repaid (分).
    pub repaid_fen: i64,
    /// `repaid_fen / arrears_fen`; null when nothing was owed.
    pub cleared_share: Option<f64>,
    /// Their plans with a step past its milestone date and not done, today.
    pub plans_late: i64,
}

/// The figures of a division and period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LedgerFigures {
    /// The division.
    pub region_code: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// One row per unit with items, by name.
    pub rows: Vec<UnitLedgerFigures>,
    /// All of them.
    pub totals: UnitLedgerFigures,
}

fn count(u: &mut UnitLedgerFigures, r: &ItemRow, today: NaiveDate) -> AppResult<()> {
    let status = r.status()?;
    let plan_end = r.plan()?.and_then(|p| p.steps.iter().map(|s| s.due_on).max());
    u.items_found += 1;
    if matches!(status, LedgerItemStatus::Rectified | LedgerItemStatus::Closed) {
        u.items_rectified += 1;
        let day = r.rectified_at.map(|t| lvyue_core::time::stored_to_shanghai(t).date_naive());
        u.items_rectified_on_time += i64::from(matches!((day, plan_end), (Some(d), Some(end)) if d <= end));
    }
    u.items_escalated += i64::from(status == LedgerItemStatus::Escalated);
    u.arrears_fen += r.arrears_fen;
    u.repaid_fen += r.repaid_fen.min(r.arrears_fen);
    u.plans_late += i64::from(crate::item::plan::late_steps_of(&r.status, r.plan.as_deref(), today) > 0);
    Ok(())
}

fn add(t: &mut UnitLedgerFigures, u: &UnitLedgerFigures) {
    t.items_found += u.items_found;
    t.items_rectified += u.items_rectified;
    t.items_rectified_on_time += u.items_rectified_on_time;
    t.items_escalated += u.items_escalated;
    t.arrears_fen += u.arrears_fen;
    t.repaid_fen += u.repaid_fen;
    t.plans_late += u.plans_late;
}

fn share(mut u: UnitLedgerFigures) -> UnitLedgerFigures {
    u.cleared_share =
        (u.arrears_fen > 0).then(|| (u.repaid_fen as f64 / u.arrears_fen as f64 * 10_000.0).round() / 10_000.0);
    u
}

/// The figures of every unit of `region` with items recorded in the period, judged on `today`.
pub fn by_unit(
    conn: &mut DbConn,
    region: &RegionCode,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> AppResult<LedgerFigures> {
    let (lo, hi) = region.scope_range();
    let (start, end) = lvyue_core::time::stored_bounds(from, to);
    let rows: Vec<ItemRow> = ledger_items::table
        .filter(ledger_items::region_code.between(lo, hi))
        .filter(ledger_items::created_at.ge(start).and(ledger_items::created_at.lt(end)))
        .select(ItemRow::as_select())
        .load(conn)?;
    let mut units: BTreeMap<String, UnitLedgerFigures> = BTreeMap::new();
    for r in &rows {
        count(units.entry(r.org_id.clone()).or_default(), r, today)?;
    }
    let ids: Vec<String> = units.keys().cloned().collect();
    let names: HashMap<String, String> =
        lvyue_registry::organisation::find_many(conn, &ids)?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut totals = UnitLedgerFigures { key: "total".to_owned(), label: "合计".to_owned(), ..Default::default() };
    let mut out: Vec<UnitLedgerFigures> = units
        .into_iter()
        .map(|(key, mut u)| {
            add(&mut totals, &u);
            u.label = names.get(&key).cloned().unwrap_or_else(|| key.clone());
            u.key = key;
            share(u)
        })
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(LedgerFigures { region_code: region.as_str().to_owned(), from, to, rows: out, totals: share(totals) })
}
