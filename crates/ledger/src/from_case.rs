//! A case concluded substantiated with a rectification plan (核实一起、督促治理一起) becomes a
//! problem in its respondent's ledger, carrying that plan: the same steps, milestones, progress,
//! late warnings, repayments and close as a problem found in self-inspection. The consumer
//! `ledger.from_cases` reads `complaint.concluded_substantiated` from the feed and records the
//! item once per case (reference `case:{case number}`, source `complaint`), reading the case
//! through the case context's public functions.

use crate::item::plan::RectificationPlanInput;
use crate::item::store::{ItemRow, PlanStep, RectificationPlan};
use crate::item::{LedgerItemCategory, LedgerItemSource, LedgerItemStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult};
use lvyue_db::schema::ledger_items;
use lvyue_db::DbConn;
use lvyue_outbox::consumer::{self, HandleError};
use lvyue_outbox::events::EventRow;
use serde::Deserialize;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "ledger.from_cases";

/// The event it reads.
pub const CONCLUDED_SUBSTANTIATED: &str = "complaint.concluded_substantiated";

#[derive(Debug, Deserialize)]
struct Concluded {
    case_number: String,
    #[serde(default)]
    rectification_plan: Option<RectificationPlanInput>,
}

/// Handles one feed event.
pub fn handle(conn: &mut DbConn, event: &EventRow, now: NaiveDateTime) -> Result<(), HandleError> {
    if event.event_type != CONCLUDED_SUBSTANTIATED {
        return Ok(());
    }
    let c = consumer::read::<Concluded>(event)?;
    let (Some(plan), Some(case_id)) = (c.rectification_plan, event.complaint_id.as_deref()) else {
        return Ok(());
    };
    record(conn, case_id, &c.case_number, plan, now)?;
    Ok(())
}

fn record(
    conn: &mut DbConn,
    case_id: &str,
    case_number: &str,
    plan: RectificationPlanInput,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some(case) = lvyue_case::read::find(conn, case_id)? else { return Ok(()) };
    let Some(org_id) = case.respondent_org_id.clone() else { return Ok(()) };
    let reference = format!("case:{case_number}");
    let known: i64 = ledger_items::table
        .filter(ledger_items::org_id.eq(&org_id))
        .filter(ledger_items::reference.eq(&reference))
        .count()
        .get_result(conn)?;
    if known > 0 {
        return Ok(());
    }
    let mut steps = plan.steps.clone();
    steps.sort_by_key(|s| s.due_on);
    let stored = RectificationPlan {
        revision: 1,
        goals: plan.goals.clone(),
        steps: steps
            .iter()
            .enumerate()
            .map(|(i, s)| PlanStep {
                n: i32::try_from(i).unwrap_or(0) + 1,
                what: s.what.clone(),
                due_on: s.due_on,
                done: false,
                done_on: None,
                progress: None,
            })
            .collect(),
        measures: plan.measures.clone(),
        safeguards: plan.safeguards.clone().unwrap_or_default(),
    };
    let arrears = case.arrears_fen.unwrap_or(0);
    let row = ItemRow {
        id: lvyue_core::ids::LedgerItemId::generate().into_string(),
        campaign_id: None,
        org_id,
        region_code: case.region_code.clone(),
        reference,
        source: LedgerItemSource::Complaint.code().to_owned(),
        source_ref: Some(case_id.to_owned()),
        subject_name: case.respondent_name.clone(),
        subject_uscc: case.respondent_uscc.clone(),
        creditor_name: Some(case.complainant_name.clone()),
        creditor_uscc: case.complainant_uscc.clone(),
        responsible: "[]".to_owned(),
        category: if arrears > 0 {
            LedgerItemCategory::PaymentArrears
        } else {
            LedgerItemCategory::ContractNonperformance
        }
        .code()
        .to_owned(),
        field: Some(case.field.clone()),
        cause: case.summary.clone(),
        handling_opinion: Some(plan.goals.clone()),
        arrears_fen: arrears,
        repaid_fen: 0,
        status: LedgerItemStatus::Rectifying.code().to_owned(),
        plan: Some(serde_json::to_string(&stored).map_err(|e| AppError::internal(e.to_string()))?),
        plan_revision: 1,
        escalated_case_id: None,
        rectified_at: None,
        closed_at: None,
        version: 1,
        created_by: format!("system:{CONSUMER}"),
        created_at: now,
        updated_at: now,
    };
    let system = Actor::system(CONSUMER);
    crate::item::register::insert(conn, &system, &row, now)?;
    Ok(())
}

/// Consumes one batch of the feed; answers how many events were read.
pub fn consume_batch(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> AppResult<usize> {
    consumer::consume_batch(conn, CONSUMER, now, limit, |conn, event| handle(conn, event, now))
}
