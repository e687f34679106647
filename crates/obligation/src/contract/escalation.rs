//! A contract overdue past its grace period becomes a lead to the credit office (转为投诉线索,
//! 003 二(三)): what the lead says (`facts`), which contracts are due (`due`), and the mark that
//! it escalated (`mark`, `contract.escalated`). Intake turns the facts into the case, so the
//! case routes like any lead; this module never writes a case.

use super::read::load;
use super::store::ContractRow;
use super::{ContractKind, ContractStatus};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::{Actor, AppError, AppResult, Message};
use lvyue_db::schema::{contract_milestones, contracts};
use lvyue_db::DbConn;
use lvyue_outbox::audit::{self, AuditEntry};

/// A milestone overdue and still owed.
#[derive(Debug, Clone)]
pub struct OverdueMilestone {
    /// What is owed.
    pub what: String,
    /// Its day.
    pub due_on: NaiveDate,
    /// What is still owed of its amount, in 分.
    pub owed_fen: Option<i64>,
}

/// What a lead about an overdue contract says.
#[derive(Debug, Clone)]
pub struct EscalationFacts {
    /// The contract.
    pub contract_id: String,
    /// The government party (the organisation's id).
    pub org_id: String,
    /// 合同名称.
    pub title: String,
    /// Its kind.
    pub kind: ContractKind,
    /// 签订日期.
    pub signed_on: NaiveDate,
    /// 合同金额.
    pub amount_fen: Option<i64>,
    /// The counterparty.
    pub counterparty_name: String,
    /// Its credit code.
    pub counterparty_uscc: Option<String>,
    /// An SME.
    pub counterparty_sme: bool,
    /// What is overdue, earliest first.
    pub overdue: Vec<OverdueMilestone>,
    /// The case it already escalated into, if it did.
    pub escalated_case_id: Option<String>,
}

/// The facts of contract `id` as `actor` sees it (404 outside its slice); 409 `not_overdue`
/// unless it is overdue (or already escalated).
pub fn facts(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<EscalationFacts> {
    let row = load(conn, actor, id, true)?;
    if row.escalated_case_id.is_none() && row.status()? != ContractStatus::Overdue {
        return Err(AppError::conflict(
            "not_overdue",
            Message::new("合同未逾期，不能转为投诉线索", "only an overdue contract escalates"),
        ));
    }
    facts_of(conn, row)
}

fn facts_of(conn: &mut DbConn, row: ContractRow) -> AppResult<EscalationFacts> {
    let late: Vec<(String, NaiveDate, Option<i64>, i64)> = contract_milestones::table
        .filter(contract_milestones::contract_id.eq(&row.id))
        .filter(contract_milestones::met.eq(false))
        .order_by((contract_milestones::due_on.asc(), contract_milestones::id.asc()))
        .select((
            contract_milestones::what,
            contract_milestones::due_on,
            contract_milestones::amount_fen,
            contract_milestones::performed_fen,
        ))
        .load(conn)?;
    Ok(EscalationFacts {
        kind: ContractKind::from_stored(&row.kind)?,
        contract_id: row.id,
        org_id: row.org_id,
        title: row.title,
        signed_on: row.signed_on,
        amount_fen: row.amount_fen,
        counterparty_name: row.counterparty_name,
        counterparty_uscc: row.counterparty_uscc,
        counterparty_sme: row.counterparty_sme,
        overdue: late
            .into_iter()
            .map(|(what, due_on, amount, performed)| OverdueMilestone {
                what,
                due_on,
                owed_fen: amount.map(|a| (a - performed).max(0)),
            })
            .collect(),
        escalated_case_id: row.escalated_case_id,
    })
}

/// The overdue contracts not yet escalated whose earliest unmet milestone has been overdue for
/// `grace_working_days` working days or more, with their divisions.
pub fn due(
    conn: &mut DbConn,
    calendar: &WorkingCalendar,
    today: NaiveDate,
    grace_working_days: u32,
) -> AppResult<Vec<(String, String)>> {
    let rows: Vec<(String, String, NaiveDate)> = contract_milestones::table
        .inner_join(contracts::table)
        .filter(contracts::status.eq(ContractStatus::Overdue.code()))
        .filter(contracts::escalated_case_id.is_null())
        .filter(contract_milestones::met.eq(false))
        .filter(contract_milestones::due_on.lt(today))
        .order_by((contracts::id.asc(), contract_milestones::due_on.asc()))
        .select((contracts::id, contracts::region_code, contract_milestones::due_on))
        .load(conn)?;
    let mut out: Vec<(String, String)> = Vec::new();
    for (id, region, due_on) in rows {
        if out.last().is_some_and(|(last, _)| *last == id) {
            continue;
        }
        // The earliest unmet milestone decides (rows are by contract, earliest first).
        if calendar.working_days_between(due_on, today) >= grace_working_days {
            out.push((id, region));
        } else {
            out.push((id, String::new()));
        }
    }
    out.retain(|(_, region)| !region.is_empty());
    Ok(out)
}

/// Records that contract `id` escalated into case `case_id` and announces it
/// (`contract.escalated`); inside the caller's transaction.
pub fn mark(conn: &mut DbConn, actor: &Actor, id: &str, case_id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(contracts::table.find(id).filter(contracts::escalated_case_id.is_null()))
        .set((
            contracts::escalated_case_id.eq(case_id),
            contracts::version.eq(contracts::version + 1),
            contracts::updated_at.eq(now),
        ))
        .execute(conn)?;
    let system = Actor::system("obligation.escalation");
    let view = super::read::get(conn, &system, id)?;
    lvyue_outbox::events::append(conn, now, crate::events::contract(crate::events::CONTRACT_ESCALATED, &view))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: crate::events::CONTRACT_ESCALATED,
            entity_type: "contract",
            entity_id: id,
            before: None,
            after: serde_json::json!({"escalated_case_id": case_id}).into(),
        },
    )?;
    Ok(())
}
