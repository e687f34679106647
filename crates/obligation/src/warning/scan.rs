//! The daily scan: raises a warning for each thing it sees — once (its `dedupe_key`), so the
//! scan can run as often as it likes and on several replicas — marks overdue contracts and
//! commitments `overdue`, and escalates warnings left open too long to the credit office.
//!
//! | kind | seen when |
//! | --- | --- |
//! | `milestone_due_soon` | an unmet milestone falls due within `warning_working_days` working days |
//! | `milestone_overdue` | an unmet milestone's day has passed (the contract becomes `overdue`) |
//! | `sme_payment_overdue` | …and it is a payment owed to an SME (保障中小企业款项支付条例) |
//! | `commitment_overdue` | a commitment not fulfilled is past its day (it becomes `overdue`) |
//! | `checklist_incomplete` | a `procurement`, `investment_attraction` or `industrial_support` contract lacks a step of lawful decision-making |
//! | `duplicate_signing` | a second `investment_attraction` contract with the same counterparty and project |

use super::store::WarningRow;
use super::{WarningKind, WarningStatus};
use crate::commitment::CommitmentStatus;
use crate::contract::store::DecisionChecklist;
use crate::contract::{ContractKind, ContractStatus};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::AppResult;
use lvyue_db::schema::{commitments, contract_milestones, contracts, warnings};
use lvyue_db::DbConn;

/// The job's name in `job_state` (one replica scans at a time).
pub const JOB: &str = "obligation.warnings";

/// What the scan needs besides the database.
pub struct ScanContext<'a> {
    /// The working-day calendar.
    pub calendar: &'a WorkingCalendar,
    /// Working days ahead a milestone is warned of.
    pub ahead_working_days: u32,
    /// Working days a warning may stay open before it escalates.
    pub escalate_working_days: u32,
    /// Today (Asia/Shanghai).
    pub today: NaiveDate,
    /// Now, as stored.
    pub now: NaiveDateTime,
}

/// A warning to raise, if it is new.
struct Seen {
    key: String,
    kind: WarningKind,
    org_id: String,
    region_code: String,
    contract_id: Option<String>,
    commitment_id: Option<String>,
    milestone_id: Option<String>,
    due_on: Option<NaiveDate>,
    detail: String,
}

/// The statuses in which a contract still owes something.
fn open_contract() -> Vec<&'static str> {
    [ContractStatus::Performing, ContractStatus::PartlyPerformed, ContractStatus::Overdue]
        .iter()
        .map(|s| s.code())
        .collect()
}

type MilestoneSeen = (String, String, NaiveDate, Option<i64>, String, String, String, String, bool, String);

fn milestones(conn: &mut DbConn, ctx: &ScanContext<'_>) -> AppResult<Vec<Seen>> {
    let horizon = ctx.calendar.add_working_days(ctx.today, ctx.ahead_working_days);
    let rows: Vec<MilestoneSeen> = contract_milestones::table
        .inner_join(contracts::table)
        .filter(contract_milestones::met.eq(false))
        .filter(contract_milestones::due_on.le(horizon))
        .filter(contracts::status.eq_any(open_contract()))
        .select((
            contract_milestones::id,
            contract_milestones::what,
            contract_milestones::due_on,
            contract_milestones::amount_fen,
            contracts::id,
            contracts::org_id,
            contracts::region_code,
            contracts::title,
            contracts::counterparty_sme,
            contracts::counterparty_name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(mid, what, due, amount, cid, org, region, title, sme, counterparty)| {
            let (kind, detail) = if due >= ctx.today {
                (WarningKind::MilestoneDueSoon, format!("《{title}》的履约节点“{what}”将于 {due} 到期"))
            } else if sme && amount.is_some() {
                (
                    WarningKind::SmePaymentOverdue,
                    format!("《{title}》应于 {due} 支付{counterparty}（中小企业）的款项“{what}”尚未支付"),
                )
            } else {
                (WarningKind::MilestoneOverdue, format!("《{title}》的履约节点“{what}”已于 {due} 逾期"))
            };
            Seen {
                key: format!("{}:{mid}", kind.code()),
                kind,
                org_id: org,
                region_code: region,
                contract_id: Some(cid),
                commitment_id: None,
                milestone_id: Some(mid),
                due_on: Some(due),
                detail,
            }
        })
        .collect())
}

fn contracts_seen(conn: &mut DbConn) -> AppResult<Vec<Seen>> {
    type Row = (String, String, String, String, String, String, Option<String>, String, Option<String>);
    let rows: Vec<Row> = contracts::table
        .filter(contracts::status.eq_any(open_contract()))
        .filter(contracts::kind.eq_any([
            ContractKind::Procurement.code(),
            ContractKind::InvestmentAttraction.code(),
            ContractKind::IndustrialSupport.code(),
        ]))
        .order_by((contracts::created_at.asc(), contracts::id.asc()))
        .select((
            contracts::id,
            contracts::org_id,
            contracts::region_code,
            contracts::title,
            contracts::kind,
            contracts::decision_checklist,
            contracts::counterparty_uscc,
            contracts::counterparty_name,
            contracts::project,
        ))
        .load(conn)?;
    let mut seen = Vec::new();
    let mut projects: std::collections::HashMap<(String, String), String> = std::collections::HashMap::new();
    for (id, org, region, title, kind, checklist, uscc, name, project) in rows {
        let steps: DecisionChecklist = serde_json::from_str(&checklist).unwrap_or_default();
        let missing = steps.missing();
        let base = |kind: WarningKind, detail: String| Seen {
            key: format!("{}:{id}", kind.code()),
            kind,
            org_id: org.clone(),
            region_code: region.clone(),
            contract_id: Some(id.clone()),
            commitment_id: None,
            milestone_id: None,
            due_on: None,
            detail,
        };
        if !missing.is_empty() {
            seen.push(base(
                WarningKind::ChecklistIncomplete,
                format!("《{title}》缺少依法决策程序：{}", missing.join("、")),
            ));
        }
        if kind == ContractKind::InvestmentAttraction.code() {
            // The same counterparty: its credit code when known, else its name.
            let party = uscc.unwrap_or_else(|| name.split_whitespace().collect());
            if let Some(p) = project {
                let key = (party, p.split_whitespace().collect::<String>());
                match projects.get(&key) {
                    Some(first) => seen.push(base(
                        WarningKind::DuplicateSigning,
                        format!(
                            "《{title}》与已登记的招商引资合同 {first} 为同一相对方、同一项目（{p}），避免重复签约"
                        ),
                    )),
                    None => {
                        projects.insert(key, id.clone());
                    }
                }
            }
        }
    }
    Ok(seen)
}

fn commitments_seen(conn: &mut DbConn, today: NaiveDate) -> AppResult<Vec<Seen>> {
    let open =
        [CommitmentStatus::InForce.code(), CommitmentStatus::PartlyFulfilled.code(), CommitmentStatus::Overdue.code()];
    let rows: Vec<(String, String, String, String, NaiveDate)> = commitments::table
        .filter(commitments::status.eq_any(open))
        .filter(commitments::due_on.lt(today))
        .select((
            commitments::id,
            commitments::org_id,
            commitments::region_code,
            commitments::content,
            commitments::due_on,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, org, region, content, due)| {
            let short: String = content.chars().take(40).collect();
            Seen {
                key: format!("{}:{id}", WarningKind::CommitmentOverdue.code()),
                kind: WarningKind::CommitmentOverdue,
                org_id: org,
                region_code: region,
                contract_id: None,
                commitment_id: Some(id),
                milestone_id: None,
                due_on: Some(due),
                detail: format!("承诺“{short}”应于 {due} 兑现，尚未兑现"),
            }
        })
        .collect())
}

/// Raises `s` unless raised before; answers the new warning.
fn raise(conn: &mut DbConn, s: Seen, ctx: &ScanContext<'_>) -> AppResult<Option<WarningRow>> {
    let exists: i64 = warnings::table.filter(warnings::dedupe_key.eq(&s.key)).count().get_result(conn)?;
    if exists > 0 {
        return Ok(None);
    }
    let row = WarningRow {
        id: lvyue_core::ids::WarningId::generate().into_string(),
        dedupe_key: s.key,
        kind: s.kind.code().to_owned(),
        org_id: s.org_id,
        region_code: s.region_code,
        contract_id: s.contract_id,
        commitment_id: s.commitment_id,
        milestone_id: s.milestone_id,
        due_on: s.due_on,
        detail: s.detail,
        status: WarningStatus::Open.code().to_owned(),
        raised_on: ctx.today,
        action_taken: None,
        acknowledged_by: None,
        acknowledged_at: None,
        escalated_at: None,
        version: 1,
        created_at: ctx.now,
    };
    diesel::insert_into(warnings::table).values(&row).execute(conn)?;
    lvyue_outbox::events::append(conn, ctx.now, crate::events::warning(crate::events::WARNING_RAISED, &row.view()?))?;
    Ok(Some(row))
}

/// Marks the contracts with an overdue milestone, and the commitments past due, `overdue`,
/// each announced as updated (the unit, its region and the platform hear the status change).
fn mark_overdue(conn: &mut DbConn, ctx: &ScanContext<'_>) -> AppResult<()> {
    let system = lvyue_core::Actor::system(JOB);
    let movable = [ContractStatus::Performing.code(), ContractStatus::PartlyPerformed.code()];
    let late: Vec<String> = contract_milestones::table
        .inner_join(contracts::table)
        .filter(contract_milestones::met.eq(false))
        .filter(contract_milestones::due_on.lt(ctx.today))
        .filter(contracts::status.eq_any(movable))
        .select(contracts::id)
        .distinct()
        .load(conn)?;
    diesel::update(contracts::table.filter(contracts::id.eq_any(&late)).filter(contracts::status.eq_any(movable)))
        .set((
            contracts::status.eq(ContractStatus::Overdue.code()),
            contracts::status_reason.eq("履约节点逾期未履行"),
            contracts::version.eq(contracts::version + 1),
            contracts::updated_at.eq(ctx.now),
        ))
        .execute(conn)?;
    for id in &late {
        let view = crate::contract::read::get(conn, &system, id)?;
        lvyue_outbox::events::append(conn, ctx.now, crate::events::contract(crate::events::CONTRACT_UPDATED, &view))?;
    }
    let open = [CommitmentStatus::InForce.code(), CommitmentStatus::PartlyFulfilled.code()];
    let past: Vec<String> = commitments::table
        .filter(commitments::status.eq_any(open))
        .filter(commitments::due_on.lt(ctx.today))
        .select(commitments::id)
        .load(conn)?;
    diesel::update(commitments::table.filter(commitments::id.eq_any(&past)))
        .set((
            commitments::status.eq(CommitmentStatus::Overdue.code()),
            commitments::version.eq(commitments::version + 1),
            commitments::updated_at.eq(ctx.now),
        ))
        .execute(conn)?;
    for id in &past {
        let view = crate::commitment::read::get(conn, &system, id)?;
        lvyue_outbox::events::append(
            conn,
            ctx.now,
            crate::events::commitment(crate::events::COMMITMENT_UPDATED, &view),
        )?;
    }
    Ok(())
}

/// Escalates the warnings open for `escalate_working_days` working days or more.
fn escalate(conn: &mut DbConn, ctx: &ScanContext<'_>) -> AppResult<usize> {
    let open: Vec<WarningRow> = warnings::table
        .filter(warnings::status.eq(WarningStatus::Open.code()))
        .select(WarningRow::as_select())
        .load(conn)?;
    let mut n = 0;
    for mut w in open {
        if ctx.calendar.working_days_between(w.raised_on, ctx.today) < ctx.escalate_working_days {
            continue;
        }
        w.status = WarningStatus::Escalated.code().to_owned();
        w.escalated_at = Some(ctx.now);
        w.version += 1;
        diesel::update(warnings::table.find(&w.id)).set(&w).execute(conn)?;
        lvyue_outbox::events::append(
            conn,
            ctx.now,
            crate::events::warning(crate::events::WARNING_ESCALATED, &w.view()?),
        )?;
        n += 1;
    }
    Ok(n)
}

/// One scan, in the caller's transaction, by one replica at a time (another holding the job
/// skips). Answers how many warnings it raised and escalated.
pub fn run(conn: &mut DbConn, ctx: &ScanContext<'_>) -> AppResult<usize> {
    if lvyue_db::jobs::claim(conn, JOB, ctx.now)?.is_none() {
        return Ok(0);
    }
    let mut seen = milestones(conn, ctx)?;
    seen.extend(contracts_seen(conn)?);
    seen.extend(commitments_seen(conn, ctx.today)?);
    let mut n = 0;
    for s in seen {
        n += usize::from(raise(conn, s, ctx)?.is_some());
    }
    mark_overdue(conn, ctx)?;
    Ok(n + escalate(conn, ctx)?)
}
