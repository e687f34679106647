//! A ledger item as stored (row, plan, history entries) and as shown.

use super::{allowed, LedgerItemAction, LedgerItemCategory, LedgerItemSource, LedgerItemStatus};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::{AppError, AppResult, Field};
use lvyue_db::schema::{ledger_entries, ledger_items};
use lvyue_db::DbConn;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

pub use lvyue_core::person::ResponsiblePerson;

/// One step of a rectification plan (整改步骤) and how far it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlanStep {
    /// Its number, from 1.
    pub n: i32,
    /// What is to be done.
    pub what: String,
    /// The milestone date (时间节点).
    pub due_on: NaiveDate,
    /// Done.
    pub done: bool,
    /// The day it was done.
    pub done_on: Option<NaiveDate>,
    /// The last progress reported.
    pub progress: Option<String>,
}

/// A rectification plan (整改方案, 001 三(一)2): goals, steps with milestone dates, measures and
/// safeguards. Each revision is kept in the item's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RectificationPlan {
    /// Its revision, from 1.
    pub revision: i32,
    /// 工作目标.
    pub goals: String,
    /// The steps, by milestone date.
    pub steps: Vec<PlanStep>,
    /// 整改措施.
    pub measures: String,
    /// 保障措施.
    pub safeguards: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = ledger_items, treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct ItemRow {
    pub id: String,
    pub campaign_id: Option<String>,
    pub org_id: String,
    pub region_code: String,
    pub reference: String,
    pub source: String,
    pub source_ref: Option<String>,
    pub subject_name: String,
    pub subject_uscc: Option<String>,
    pub creditor_name: Option<String>,
    pub creditor_uscc: Option<String>,
    pub responsible: String,
    pub category: String,
    pub field: Option<String>,
    pub cause: String,
    pub handling_opinion: Option<String>,
    pub arrears_fen: i64,
    pub repaid_fen: i64,
    pub status: String,
    pub plan: Option<String>,
    pub plan_revision: i32,
    pub escalated_case_id: Option<String>,
    pub rectified_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ledger_entries, treat_none_as_default_value = false)]
pub(crate) struct EntryRow {
    pub id: String,
    pub item_id: String,
    pub kind: String,
    pub step_no: Option<i32>,
    pub amount_fen: Option<i64>,
    pub on_date: Option<NaiveDate>,
    pub note: String,
    pub body: Option<String>,
    pub evidence: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

lvyue_core::code_enum! {
    /// What an item's history entry records.
    pub enum LedgerEntryKind {
        /// A plan or its revision.
        Plan => ("plan", "整改方案", "plan"),
        /// A step's progress.
        Progress => ("progress", "整改进展", "progress"),
        /// A repayment.
        Repayment => ("repayment", "还款", "repayment"),
        /// The close (销号) with the rectification report.
        Close => ("close", "销号", "close"),
    }
}

/// One entry of an item's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LedgerEntry {
    /// What it records.
    pub kind: LedgerEntryKind,
    /// The plan step, for progress.
    pub step: Option<i32>,
    /// The amount repaid, in 分.
    pub amount_fen: Option<i64>,
    /// The day it happened (a repayment's day, a step's day done).
    pub on_date: Option<NaiveDate>,
    /// What was said.
    pub note: String,
    /// The documents.
    pub evidence: Vec<AttachmentInput>,
    /// When it was recorded.
    pub recorded_at: DateTime<FixedOffset>,
}

/// A problem in the ledger, as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LedgerItem {
    /// Opaque id.
    pub id: String,
    /// The campaign it was found in, if any.
    pub campaign_id: Option<String>,
    /// The unit.
    pub org_id: String,
    /// Its division.
    pub region_code: String,
    /// The unit's own reference, unique within it.
    pub reference: String,
    /// Where it came from.
    pub source: LedgerItemSource,
    /// The case, contract or commitment it came from, when the source names one.
    pub source_ref: Option<String>,
    /// 失信主体名称: who owes (the unit itself, or the body under it).
    pub subject_name: String,
    /// Its credit code.
    pub subject_uscc: Option<String>,
    /// The firm owed (债权企业), when there is one.
    pub creditor_name: Option<String>,
    /// Its credit code.
    pub creditor_uscc: Option<String>,
    /// 责任人 (names masked as `张*` for auditors).
    pub responsible: Vec<ResponsiblePerson>,
    /// The kind of problem.
    pub category: LedgerItemCategory,
    /// The field of the agreement (领域), when one applies.
    pub field: Option<Field>,
    /// 问题成因.
    pub cause: String,
    /// 处理意见.
    pub handling_opinion: Option<String>,
    /// 欠款金额 (分).
    pub arrears_fen: i64,
    /// 已偿还 (分).
    pub repaid_fen: i64,
    /// 尚欠 (分).
    pub remaining_fen: i64,
    /// Where it stands.
    pub status: LedgerItemStatus,
    /// The rectification plan, once there is one.
    pub plan: Option<RectificationPlan>,
    /// The case it escalated into.
    pub escalated_case_id: Option<String>,
    /// Plans, progress, repayments and the close, oldest first.
    pub history: Vec<LedgerEntry>,
    /// What the caller may do now.
    pub allowed_actions: Vec<LedgerItemAction>,
    /// Pass back to change it.
    pub version: i32,
    /// Recorded.
    pub created_at: DateTime<FixedOffset>,
    /// Last changed.
    pub updated_at: DateTime<FixedOffset>,
    /// Rectified.
    pub rectified_at: Option<DateTime<FixedOffset>>,
    /// Closed.
    pub closed_at: Option<DateTime<FixedOffset>>,
}

fn json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> AppResult<T> {
    serde_json::from_str(s).map_err(|e| AppError::internal(format!("stored {what}: {e}")))
}

impl ItemRow {
    pub fn status(&self) -> AppResult<LedgerItemStatus> {
        LedgerItemStatus::from_stored(&self.status)
    }

    pub fn plan(&self) -> AppResult<Option<RectificationPlan>> {
        self.plan.as_deref().map(|p| json("plan", p)).transpose()
    }

    /// The view; `clear_names` shows responsible persons' names, `writes` lists the actions.
    pub fn view(&self, entries: &[EntryRow], clear_names: bool, writes: bool) -> AppResult<LedgerItem> {
        let status = self.status()?;
        let mut responsible: Vec<ResponsiblePerson> = json("responsible", &self.responsible)?;
        if !clear_names {
            for p in &mut responsible {
                *p = p.masked();
            }
        }
        Ok(LedgerItem {
            id: self.id.clone(),
            campaign_id: self.campaign_id.clone(),
            org_id: self.org_id.clone(),
            region_code: self.region_code.clone(),
            reference: self.reference.clone(),
            source: LedgerItemSource::from_stored(&self.source)?,
            source_ref: self.source_ref.clone(),
            subject_name: self.subject_name.clone(),
            subject_uscc: self.subject_uscc.clone(),
            creditor_name: self.creditor_name.clone(),
            creditor_uscc: self.creditor_uscc.clone(),
            responsible,
            category: LedgerItemCategory::from_stored(&self.category)?,
            field: self.field.as_deref().map(Field::from_stored).transpose()?,
            cause: self.cause.clone(),
            handling_opinion: self.handling_opinion.clone(),
            arrears_fen: self.arrears_fen,
            repaid_fen: self.repaid_fen,
            remaining_fen: (self.arrears_fen - self.repaid_fen).max(0),
            status,
            plan: self.plan()?,
            escalated_case_id: self.escalated_case_id.clone(),
            history: entries
                .iter()
                .map(|e| {
                    Ok(LedgerEntry {
                        kind: LedgerEntryKind::from_stored(&e.kind)?,
                        step: e.step_no,
                        amount_fen: e.amount_fen,
                        on_date: e.on_date,
                        note: e.note.clone(),
                        evidence: json("evidence", &e.evidence)?,
                        recorded_at: lvyue_core::time::stored_to_shanghai(e.recorded_at),
                    })
                })
                .collect::<AppResult<_>>()?,
            allowed_actions: if writes { allowed(status).to_vec() } else { Vec::new() },
            version: self.version,
            created_at: lvyue_core::time::stored_to_shanghai(self.created_at),
            updated_at: lvyue_core::time::stored_to_shanghai(self.updated_at),
            rectified_at: self.rectified_at.map(lvyue_core::time::stored_to_shanghai),
            closed_at: self.closed_at.map(lvyue_core::time::stored_to_shanghai),
        })
    }
}

/// The histories of several items in one query, oldest first.
pub(crate) fn entries_of(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Vec<EntryRow>>> {
    let mut out: HashMap<String, Vec<EntryRow>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<EntryRow> = ledger_entries::table
        .filter(ledger_entries::item_id.eq_any(ids))
        .order_by((ledger_entries::recorded_at.asc(), ledger_entries::id.asc()))
        .select(EntryRow::as_select())
        .load(conn)?;
    for e in rows {
        out.entry(e.item_id.clone()).or_default().push(e);
    }
    Ok(out)
}
