//! An overdue contract becomes a case (转为投诉线索, 003 二(三)): the credit office escalates it,
//! or the daily job does once its earliest late milestone has stayed unmet for
//! `LVYUE_ESCALATE_WORKING_DAYS` working days. The lead is the credit office's own
//! (`credit_office`, external id `contract-{id}`): the counterparty complains of the government
//! party, about the registered contract, for what is still owed — and it routes like any lead.
//! The case and the contract's mark commit together; escalating again answers the same case.
//!
//! A ledger item (台账) whose arrears remain unpaid past its plan escalates the same way
//! (`ledger-{id}`): the firm owed complains of the body that owes, and the case and the item
//! point at each other.

use crate::submission::{ComplainantInput, ComplaintSubmission, ContractInput, RespondentInput};
use crate::submit::{submit, Submitted, CREDIT_OFFICE_SOURCE};
use lvyue_case::read;
use lvyue_case::CaseContext;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::sanction::ImplementerKind;
use lvyue_core::{Actor, AppError, AppResult, Field, RegionCode, Role};
use lvyue_db::{write_tx, DbConn};
use lvyue_obligation::contract::escalation::{self, EscalationFacts};
use lvyue_obligation::contract::ContractKind;

/// The job's actor name.
pub const JOB: &str = "obligation.escalation";

/// The field (领域) of a contract kind, for routing and the figures.
pub fn field_of(kind: ContractKind) -> Field {
    use ContractKind as K;
    match kind {
        K::Procurement | K::GrantService => Field::GovernmentProcurement,
        K::InvestmentAttraction | K::Framework | K::NaturalResources => Field::InvestmentAttraction,
        K::Ppp | K::Concession => Field::Ppp,
        K::IndustrialSupport => Field::IndustrialSupport,
        K::GovernmentInvestment | K::StateAssets => Field::GovernmentInvestment,
        K::Expropriation => Field::GovernmentDebt,
    }
}

/// The external id of contract `id`'s lead.
pub fn external_id(contract_id: &str) -> String {
    format!("contract-{contract_id}")
}

fn lead(conn: &mut DbConn, f: &EscalationFacts, ctx: &CaseContext<'_>) -> AppResult<ComplaintSubmission> {
    let party = lvyue_registry::organisation::find(conn, &f.org_id)?.ok_or_else(|| {
        AppError::internal(format!("the party {} of contract {} is not in the registry", f.org_id, f.contract_id))
    })?;
    let today = lvyue_core::time::shanghai_date(ctx.now);
    let owed: i64 = f.overdue.iter().filter(|m| m.due_on < today).filter_map(|m| m.owed_fen).sum();
    let late: Vec<String> = f.overdue.iter().map(|m| format!("{}（应于 {} 履行）", m.what, m.due_on)).collect();
    let summary = summary(format!("政府合同履约逾期：《{}》", f.title));
    Ok(ComplaintSubmission {
        external_id: external_id(&f.contract_id),
        received_at: lvyue_core::time::stored_to_shanghai(ctx.stored_now),
        complainant: ComplainantInput {
            name: f.counterparty_name.clone(),
            uscc: f.counterparty_uscc.clone(),
            contact_name: None,
            contact_phone: None,
            sme: Some(f.counterparty_sme),
        },
        respondent: RespondentInput { uscc: Some(party.uscc), name: party.name, region_code: party.region_code },
        field: field_of(f.kind),
        contract: Some(ContractInput {
            title: f.title.chars().take(300).collect(),
            signed_on: Some(f.signed_on),
            amount_fen: f.amount_fen,
            registry_id: Some(f.contract_id.clone()),
        }),
        arrears_fen: (owed > 0).then_some(owed),
        summary,
        description: Some(format!("政府合同登记中的合同逾期未履行，信用办转为投诉线索。逾期事项：{}", late.join("；"))),
        attachments: Vec::new(),
    })
}

/// The case `case_id` the contract escalated into before, as `actor` sees it.
fn existing(conn: &mut DbConn, ctx: &CaseContext<'_>, actor: &Actor, case_id: &str) -> AppResult<Submitted> {
    let case = read::load(conn, case_id)?.ok_or(AppError::NotFound)?;
    let own = lvyue_registry::visibility::visibility_of(conn, actor)?;
    Ok(Submitted { complaint: read::view(conn, case, actor.role, &own, ctx.now)?, created: false })
}

/// Opens the credit office's lead `submission`, or answers the case already under its external
/// id (the case and the escalation's mark commit together, so that case is this escalation's).
fn open_lead(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    submission: ComplaintSubmission,
) -> AppResult<Submitted> {
    match read::find_by_external(conn, CREDIT_OFFICE_SOURCE, &submission.external_id)? {
        Some(made) => existing(conn, ctx, actor, &made.id),
        None => {
            let payload = serde_json::to_value(&submission).map_err(|e| AppError::internal(e.to_string()))?;
            submit(conn, ctx, actor, submission, &payload)
        }
    }
}

/// A one-line summary, cut to the push's 500 characters.
fn summary(text: String) -> String {
    if text.chars().count() > 500 {
        text.chars().take(499).collect::<String>() + "…"
    } else {
        text
    }
}

/// Escalates contract `contract_id` into a case as credit office `actor` (404 outside its
/// region; 409 `not_overdue`); answers the case, and whether this call made it.
pub fn escalate(conn: &mut DbConn, ctx: &CaseContext<'_>, actor: &Actor, contract_id: &str) -> AppResult<Submitted> {
    actor.require(&[Role::CreditOffice])?;
    write_tx(conn, |conn| {
        let facts = escalation::facts(conn, actor, contract_id)?;
        if let Some(case_id) = &facts.escalated_case_id {
            return existing(conn, ctx, actor, case_id);
        }
        let submission = lead(conn, &facts, ctx)?;
        let made = open_lead(conn, ctx, actor, submission)?;
        escalation::mark(conn, actor, contract_id, &made.complaint.id, ctx.stored_now)?;
        Ok(made)
    })
}

/// The credit office of division `region` or of the nearest division above it, as the actor
/// that escalates there.
fn credit_office(conn: &mut DbConn, region: &str) -> AppResult<Option<Actor>> {
    let mut at = RegionCode::parse(region).ok();
    while let Some(r) = at {
        if let Some(office) =
            lvyue_registry::organisation::implementing(conn, ImplementerKind::CreditOffice, r.as_str(), "")?
        {
            let mut actor = Actor::system(JOB);
            actor.role = Role::CreditOffice;
            actor.org = lvyue_core::Uscc::parse(&office.uscc).ok();
            return Ok(Some(actor));
        }
        at = r.parent();
    }
    Ok(None)
}

/// Escalates every contract due (see the module); answers how many cases it opened. One
/// contract that cannot escalate (no credit office above it, a respondent that does not route)
/// is logged and tried again the next day; the others go on.
pub fn escalate_due(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    calendar: &WorkingCalendar,
    grace_working_days: u32,
) -> AppResult<usize> {
    let today = lvyue_core::time::shanghai_date(ctx.now);
    let mut opened = 0;
    for (id, region) in escalation::due(conn, calendar, today, grace_working_days)? {
        let Some(office) = credit_office(conn, &region)? else {
            tracing::warn!(contract = %id, region = %region, "no credit office in the registry above the contract's division; not escalated");
            continue;
        };
        match escalate(conn, ctx, &office, &id) {
            Ok(made) => opened += usize::from(made.created),
            Err(e) => {
                tracing::warn!(contract = %id, error = %e, "an overdue contract did not escalate; tried again next round")
            }
        }
    }
    Ok(opened)
}

fn ledger_lead(
    f: &lvyue_ledger::item::escalation::LedgerEscalationFacts,
    ctx: &CaseContext<'_>,
) -> ComplaintSubmission {
    let ends = f.plan_ends_on.map(|d| format!("，整改方案时限 {d} 已过")).unwrap_or_default();
    let summary = summary(format!("台账问题逾期未整改：{}拖欠{}款项", f.subject_name, f.creditor_name));
    ComplaintSubmission {
        external_id: format!("ledger-{}", f.item_id),
        received_at: lvyue_core::time::stored_to_shanghai(ctx.stored_now),
        complainant: ComplainantInput {
            name: f.creditor_name.clone(),
            uscc: f.creditor_uscc.clone(),
            contact_name: None,
            contact_phone: None,
            sme: None,
        },
        respondent: RespondentInput {
            uscc: f.subject_uscc.clone(),
            name: f.subject_name.clone(),
            region_code: f.region_code.clone(),
        },
        field: f.field,
        contract: None,
        arrears_fen: (f.remaining_fen > 0).then_some(f.remaining_fen),
        summary,
        description: Some(format!("{}：{}{ends}，信用办转为投诉线索。", f.category.label_zh(), f.cause)),
        attachments: Vec::new(),
    }
}

/// Escalates ledger item `item_id` into a case as credit office `actor` (404 outside its
/// region; 409 `not_due`, `creditor_required`); answers the case, and whether this call made it.
pub fn escalate_ledger_item(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    item_id: &str,
) -> AppResult<Submitted> {
    use lvyue_ledger::item::escalation;
    write_tx(conn, |conn| {
        let today = lvyue_core::time::shanghai_date(ctx.now);
        let facts = escalation::facts(conn, actor, item_id, today)?;
        if let Some(case_id) = &facts.escalated_case_id {
            return existing(conn, ctx, actor, case_id);
        }
        let made = open_lead(conn, ctx, actor, ledger_lead(&facts, ctx))?;
        lvyue_case::contract_link::link_ledger_item(conn, &made.complaint.id, item_id)?;
        escalation::mark(conn, actor, item_id, &made.complaint.id, ctx.stored_now)?;
        Ok(Submitted { created: made.created, ..existing(conn, ctx, actor, &made.complaint.id)? })
    })
}
