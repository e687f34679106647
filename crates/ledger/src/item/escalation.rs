//! An item whose arrears remain unpaid past its plan becomes a case (转为投诉线索, issue 20): the
//! facts the lead says, and the mark that it escalated (`ledger_item.escalated`). Intake turns
//! the facts into the credit office's own lead, which routes like any other; the case and the
//! item point at each other.

use super::read::load;
use super::store::ItemRow;
use super::{check, LedgerItemAction, LedgerItemCategory, LedgerItemStatus};
use chrono::{NaiveDate, NaiveDateTime};
use lvyue_core::{Actor, AppError, AppResult, Field, Message, Role};
use lvyue_db::DbConn;

/// What a lead about an unpaid ledger item says.
#[derive(Debug, Clone)]
pub struct LedgerEscalationFacts {
    /// The item.
    pub item_id: String,
    /// Its division.
    pub region_code: String,
    /// The body that owes (the respondent).
    pub subject_name: String,
    /// Its credit code.
    pub subject_uscc: Option<String>,
    /// The firm owed (the complainant).
    pub creditor_name: String,
    /// Its credit code.
    pub creditor_uscc: Option<String>,
    /// The field of the case.
    pub field: Field,
    /// The kind of problem.
    pub category: LedgerItemCategory,
    /// 问题成因.
    pub cause: String,
    /// Still owed (分).
    pub remaining_fen: i64,
    /// The plan's last milestone, if there is a plan.
    pub plan_ends_on: Option<NaiveDate>,
    /// The case it escalated into before, if it did.
    pub escalated_case_id: Option<String>,
}

/// The facts of item `id` for credit office `actor` (404 outside its region): 409 unless
/// arrears remain past the plan's last milestone (`not_due`), or with no firm owed named
/// (`creditor_required`).
pub fn facts(conn: &mut DbConn, actor: &Actor, id: &str, today: NaiveDate) -> AppResult<LedgerEscalationFacts> {
    actor.require(&[Role::CreditOffice])?;
    let row: ItemRow = load(conn, actor, id, true)?;
    let plan_ends_on = row.plan()?.and_then(|p| p.steps.iter().map(|s| s.due_on).max());
    if row.escalated_case_id.is_none() {
        check(row.status()?, LedgerItemAction::Escalate)?;
        let remaining = row.arrears_fen - row.repaid_fen;
        if remaining <= 0 || plan_ends_on.is_none_or(|d| d >= today) {
            return Err(AppError::conflict(
                "not_due",
                Message::new(
                    "仅欠款在整改方案时限后仍未清偿的问题可以转为投诉线索",
                    "only arrears still unpaid after the plan's last milestone escalate",
                ),
            ));
        }
    }
    let creditor_name = row.creditor_name.clone().ok_or_else(|| {
        AppError::conflict(
            "creditor_required",
            Message::new("须先登记债权企业，方可转为投诉线索", "name the firm owed before escalating"),
        )
    })?;
    let category = LedgerItemCategory::from_stored(&row.category)?;
    Ok(LedgerEscalationFacts {
        field: row.field.as_deref().map(Field::from_stored).transpose()?.unwrap_or(Field::GovernmentDebt),
        item_id: row.id,
        region_code: row.region_code,
        subject_name: row.subject_name,
        subject_uscc: row.subject_uscc,
        creditor_name,
        creditor_uscc: row.creditor_uscc,
        category,
        cause: row.cause,
        remaining_fen: (row.arrears_fen - row.repaid_fen).max(0),
        plan_ends_on,
        escalated_case_id: row.escalated_case_id,
    })
}

/// Marks item `id` escalated into case `case_id` and announces it; in the caller's transaction.
pub fn mark(conn: &mut DbConn, actor: &Actor, id: &str, case_id: &str, now: NaiveDateTime) -> AppResult<()> {
    let before = load(conn, actor, id, true)?;
    if before.escalated_case_id.is_some() {
        return Ok(());
    }
    let after = ItemRow {
        status: LedgerItemStatus::Escalated.code().to_owned(),
        escalated_case_id: Some(case_id.to_owned()),
        ..before.clone()
    };
    super::plan::save(conn, actor, &before, after, None, (crate::events::ITEM_ESCALATED, now))?;
    Ok(())
}
