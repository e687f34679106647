//! The obligations' figures per unit (履约践诺情况, 003 四(三), 001): of the commitments due in a
//! period, how many were kept on time, kept late or not kept; of the contracts closed out in it,
//! how many on time (every milestone met by its day); and what stands overdue, breached or
//! escalated now. The credit office's statistics read them through [`by_unit`].

use crate::commitment::CommitmentStatus;
use crate::contract::ContractStatus;
use chrono::NaiveDate;
use diesel::prelude::*;
use lvyue_core::{AppResult, RegionCode};
use lvyue_db::schema::{commitment_fulfilments, commitments, contract_milestones, contracts};
use lvyue_db::DbConn;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// One unit's figures (or all of them).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct UnitObligationFigures {
    /// The organisation's id; `total` for the totals.
    pub key: String,
    /// Its name.
    pub label: String,
    /// Commitments due in the period (not changed lawfully or withdrawn).
    pub commitments_due: i64,
    /// …fulfilled by their day (按期兑现).
    pub commitments_kept: i64,
    /// …fulfilled after it.
    pub commitments_kept_late: i64,
    /// …not fulfilled.
    pub commitments_not_kept: i64,
    /// `commitments_kept / commitments_due`; null when none was due.
    pub commitments_kept_rate: Option<f64>,
    /// Contracts closed out (销号) in the period.
    pub contracts_closed_out: i64,
    /// …with every milestone met by its day (按期履约).
    pub contracts_closed_out_on_time: i64,
    /// `contracts_closed_out_on_time / contracts_closed_out`; null when none was closed out.
    pub contracts_on_time_rate: Option<f64>,
    /// Contracts overdue now.
    pub contracts_overdue: i64,
    /// Contracts found breached (违约) by a determination, now.
    pub contracts_breached: i64,
    /// Contracts escalated into a case, now.
    pub contracts_escalated: i64,
}

impl UnitObligationFigures {
    fn add(&mut self, o: &UnitObligationFigures) {
        self.commitments_due += o.commitments_due;
        self.commitments_kept += o.commitments_kept;
        self.commitments_kept_late += o.commitments_kept_late;
        self.commitments_not_kept += o.commitments_not_kept;
        self.contracts_closed_out += o.contracts_closed_out;
        self.contracts_closed_out_on_time += o.contracts_closed_out_on_time;
        self.contracts_overdue += o.contracts_overdue;
        self.contracts_breached += o.contracts_breached;
        self.contracts_escalated += o.contracts_escalated;
    }

    fn rates(mut self) -> Self {
        let rate = |n: i64, d: i64| (d > 0).then(|| (n as f64 / d as f64 * 10_000.0).round() / 10_000.0);
        self.commitments_kept_rate = rate(self.commitments_kept, self.commitments_due);
        self.contracts_on_time_rate = rate(self.contracts_closed_out_on_time, self.contracts_closed_out);
        self
    }
}

/// The figures of a division and period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObligationFigures {
    /// The division.
    pub region_code: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// One row per unit that stands or has figures, by name.
    pub rows: Vec<UnitObligationFigures>,
    /// All of them.
    pub totals: UnitObligationFigures,
}

fn commitments_due(
    conn: &mut DbConn,
    (lo, hi): &(String, String),
    (from, to): (NaiveDate, NaiveDate),
    units: &mut BTreeMap<String, UnitObligationFigures>,
) -> AppResult<()> {
    let excluded = [CommitmentStatus::ChangedLawfully.code(), CommitmentStatus::Withdrawn.code()];
    let due: Vec<(String, String, String, NaiveDate)> = commitments::table
        .filter(commitments::region_code.between(lo, hi))
        .filter(commitments::due_on.between(from, to))
        .filter(commitments::status.ne_all(excluded))
        .select((commitments::id, commitments::org_id, commitments::status, commitments::due_on))
        .load(conn)?;
    let ids: Vec<&String> = due.iter().map(|(id, ..)| id).collect();
    let mut fulfilled_on: HashMap<String, NaiveDate> = HashMap::new();
    for chunk in ids.chunks(1_000) {
        let rows: Vec<(String, chrono::NaiveDateTime)> = commitment_fulfilments::table
            .filter(commitment_fulfilments::commitment_id.eq_any(chunk.iter().copied()))
            .select((commitment_fulfilments::commitment_id, commitment_fulfilments::recorded_at))
            .load(conn)?;
        for (id, at) in rows {
            let day = lvyue_core::time::stored_to_shanghai(at).date_naive();
            let last = fulfilled_on.entry(id).or_insert(day);
            *last = (*last).max(day);
        }
    }
    for (id, org, status, due_on) in due {
        let u = units.entry(org).or_default();
        u.commitments_due += 1;
        if status == CommitmentStatus::Fulfilled.code() {
            if fulfilled_on.get(&id).is_some_and(|d| *d <= due_on) {
                u.commitments_kept += 1;
            } else {
                u.commitments_kept_late += 1;
            }
        } else {
            u.commitments_not_kept += 1;
        }
    }
    Ok(())
}

fn contracts_closed(
    conn: &mut DbConn,
    (lo, hi): &(String, String),
    (from, to): (NaiveDate, NaiveDate),
    units: &mut BTreeMap<String, UnitObligationFigures>,
) -> AppResult<()> {
    let (start, end) = lvyue_core::time::stored_bounds(from, to);
    let closed: Vec<(String, String)> = contracts::table
        .filter(contracts::region_code.between(lo, hi))
        .filter(contracts::closed_out_at.ge(start).and(contracts::closed_out_at.lt(end)))
        .select((contracts::id, contracts::org_id))
        .load(conn)?;
    let mut late: std::collections::HashSet<String> = std::collections::HashSet::new();
    let ids: Vec<&String> = closed.iter().map(|(id, _)| id).collect();
    for chunk in ids.chunks(1_000) {
        let rows: Vec<(String, NaiveDate, Option<NaiveDate>)> = contract_milestones::table
            .filter(contract_milestones::contract_id.eq_any(chunk.iter().copied()))
            .select((contract_milestones::contract_id, contract_milestones::due_on, contract_milestones::met_on))
            .load(conn)?;
        for (id, due_on, met_on) in rows {
            if met_on.is_none_or(|m| m > due_on) {
                late.insert(id);
            }
        }
    }
    for (id, org) in closed {
        let u = units.entry(org).or_default();
        u.contracts_closed_out += 1;
        u.contracts_closed_out_on_time += i64::from(!late.contains(&id));
    }
    let standing: Vec<(String, String, Option<String>)> = contracts::table
        .filter(contracts::region_code.between(lo, hi))
        .filter(
            contracts::status
                .eq_any([ContractStatus::Overdue.code(), ContractStatus::Breached.code()])
                .or(contracts::escalated_case_id.is_not_null()),
        )
        .select((contracts::org_id, contracts::status, contracts::escalated_case_id))
        .load(conn)?;
    for (org, status, escalated) in standing {
        let u = units.entry(org).or_default();
        u.contracts_overdue += i64::from(status == ContractStatus::Overdue.code());
        u.contracts_breached += i64::from(status == ContractStatus::Breached.code());
        u.contracts_escalated += i64::from(escalated.is_some());
    }
    Ok(())
}

/// The figures of every unit of `region` for the period.
pub fn by_unit(conn: &mut DbConn, region: &RegionCode, period: (NaiveDate, NaiveDate)) -> AppResult<ObligationFigures> {
    let range = region.scope_range();
    let mut units: BTreeMap<String, UnitObligationFigures> = BTreeMap::new();
    for org in lvyue_registry::organisation::standing_in_region(conn, region)? {
        units.entry(org.id).or_default();
    }
    commitments_due(conn, &range, period, &mut units)?;
    contracts_closed(conn, &range, period, &mut units)?;
    let ids: Vec<String> = units.keys().cloned().collect();
    let names: HashMap<String, String> =
        lvyue_registry::organisation::find_many(conn, &ids)?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut totals =
        UnitObligationFigures { key: "total".to_owned(), label: "合计".to_owned(), ..Default::default() };
    let mut rows: Vec<UnitObligationFigures> = units
        .into_iter()
        .map(|(key, mut u)| {
            totals.add(&u);
            u.label = names.get(&key).cloned().unwrap_or_else(|| key.clone());
            u.key = key;
            u.rates()
        })
        .collect();
    rows.sort_by(|a, b| a.label.cmp(&b.label).then(a.key.cmp(&b.key)));
    Ok(ObligationFigures {
        region_code: region.as_str().to_owned(),
        from: period.0,
        to: period.1,
        rows,
        totals: totals.rates(),
    })
}
