//! The rectification of a ledger item: its plan (revisions kept), each step's progress, the
//! repayments, and the close with the rectification report. Every change goes through [`save`]:
//! the version is bumped, the entry appended, the item rectified once every step is done and
//! nothing is owed, and the change announced and audited.

use super::read::load;
use super::store::{EntryRow, ItemRow, LedgerEntryKind, LedgerItem, PlanStep, RectificationPlan};
use super::{check, LedgerItemAction, LedgerItemStatus};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::{Actor, AppError, AppResult};
use lvyue_db::schema::{ledger_entries, ledger_items};
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Stores `after` as the next version of `before` with its history `entry`, rectifying it when
/// due, and announces `event`; in the caller's transaction.
pub(crate) fn save(
    conn: &mut DbConn,
    actor: &Actor,
    before: &ItemRow,
    mut after: ItemRow,
    entry: Option<EntryRow>,
    (event, now): (&'static str, NaiveDateTime),
) -> AppResult<LedgerItem> {
    let rectified = after.status()? == LedgerItemStatus::Rectifying && done(&after)?;
    if rectified {
        after.status = LedgerItemStatus::Rectified.code().to_owned();
        after.rectified_at = Some(now);
    }
    after.version = before.version + 1;
    after.updated_at = now;
    diesel::update(ledger_items::table.find(&before.id)).set(&after).execute(conn)?;
    if let Some(e) = &entry {
        diesel::insert_into(ledger_entries::table).values(e).execute(conn)?;
    }
    let view = super::read::view_for(conn, actor, &after)?;
    lvyue_outbox::events::append(conn, now, crate::events::item(event, &view))?;
    if rectified {
        lvyue_outbox::events::append(conn, now, crate::events::item(crate::events::ITEM_RECTIFIED, &view))?;
    }
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: event,
            entity_type: "ledger_item",
            entity_id: &before.id,
            before: Some(serde_json::json!({"status": before.status, "version": before.version})),
            after: Some(serde_json::json!({"status": after.status, "version": after.version})),
        },
    )?;
    Ok(view)
}

/// Every step of the plan done and nothing owed.
fn done(row: &ItemRow) -> AppResult<bool> {
    let steps_done = row.plan()?.is_some_and(|p| p.steps.iter().all(|s| s.done));
    Ok(steps_done && row.repaid_fen >= row.arrears_fen)
}

/// How many steps of a stored plan are past their milestone date and not done on `today` (for
/// an item being rectified; any other has no step to be late).
pub fn late_steps_of(status: &str, plan: Option<&str>, today: NaiveDate) -> usize {
    if status == LedgerItemStatus::Rectifying.code() {
        late_steps(plan, today)
    } else {
        0
    }
}

/// How many steps of a stored plan are past their milestone date and not done on `today`.
pub fn late_steps(plan: Option<&str>, today: NaiveDate) -> usize {
    plan.and_then(|p| serde_json::from_str::<RectificationPlan>(p).ok())
        .map_or(0, |p| p.steps.iter().filter(|s| !s.done && s.due_on < today).count())
}

pub(crate) fn entry(row: &ItemRow, kind: LedgerEntryKind, actor: &Actor, now: NaiveDateTime) -> EntryRow {
    EntryRow {
        id: lvyue_core::ids::LedgerEntryId::generate().into_string(),
        item_id: row.id.clone(),
        kind: kind.code().to_owned(),
        step_no: None,
        amount_fen: None,
        on_date: None,
        note: String::new(),
        body: None,
        evidence: "[]".to_owned(),
        recorded_by: actor.subject.clone(),
        recorded_at: now,
    }
}

fn evidence(items: &[AttachmentInput]) -> AppResult<String> {
    lvyue_core::attachment::check_all("evidence", items, 20)?;
    serde_json::to_string(items).map_err(|e| AppError::internal(e.to_string()))
}

/// Loads item `id` locked, checks the caller writes it, the version and that `action` applies.
fn open_for(conn: &mut DbConn, actor: &Actor, id: &str, version: i32, action: LedgerItemAction) -> AppResult<ItemRow> {
    let before = load(conn, actor, id, true)?;
    crate::access::must_write(conn, actor, &before.org_id, &before.region_code)?;
    lvyue_db::versioned::check(version, before.version)?;
    check(before.status()?, action)?;
    Ok(before)
}

/// One step of a plan as sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanStepInput {
    /// What is to be done (1–500 characters).
    pub what: String,
    /// The milestone date.
    pub due_on: NaiveDate,
}

/// A rectification plan as a case's substantiated conclusion carries it (整改方案): the same
/// shape as a ledger item's, so a problem has the same steps and milestones whether it came from
/// a complaint or from the ledger.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RectificationPlanInput {
    /// 工作目标 (1–2,000 characters).
    pub goals: String,
    /// The steps (1–50), each with its milestone date.
    pub steps: Vec<PlanStepInput>,
    /// 整改措施 (1–5,000 characters).
    pub measures: String,
    /// 保障措施 (at most 5,000 characters).
    #[serde(default)]
    pub safeguards: Option<String>,
}

impl RectificationPlanInput {
    /// Checks the plan (`at` is its path in the body): 1–50 steps, the texts' lengths, no
    /// milestone before `today`.
    pub fn check(&self, at: &str, today: NaiveDate) -> AppResult<()> {
        let text = lvyue_core::validation::bounded_text;
        if self.steps.is_empty() || self.steps.len() > 50 {
            return Err(AppError::invalid(&format!("{at}.steps"), "out_of_range", "整改步骤 1–50 个", "1 to 50 steps"));
        }
        text(&format!("{at}.goals"), &self.goals, 2_000)?;
        text(&format!("{at}.measures"), &self.measures, 5_000)?;
        if let Some(s) = &self.safeguards {
            text(&format!("{at}.safeguards"), s, 5_000)?;
        }
        for (i, s) in self.steps.iter().enumerate() {
            text(&format!("{at}.steps[{i}].what"), &s.what, 500)?;
            if s.due_on < today {
                return Err(AppError::invalid(
                    &format!("{at}.steps[{i}].due_on"),
                    "in_past",
                    "时间节点不能早于今天",
                    "a milestone cannot lie in the past",
                ));
            }
        }
        Ok(())
    }
}

/// `POST /api/v1/ledger-items/{id}/plan`: the plan, or its revision.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// The version read.
    pub version: i32,
    /// 工作目标 (1–2,000 characters).
    pub goals: String,
    /// The steps (1–50), each with its milestone date.
    pub steps: Vec<PlanStepInput>,
    /// 整改措施 (1–5,000 characters).
    pub measures: String,
    /// 保障措施 (at most 5,000 characters).
    #[serde(default)]
    pub safeguards: Option<String>,
    /// The plan's documents.
    #[serde(default)]
    pub evidence: Vec<AttachmentInput>,
}

/// Sets or revises item `id`'s plan; a step done before and kept (same text) stays done; a new
/// milestone cannot lie in the past.
pub fn plan(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: PlanInput,
    (today, now): (NaiveDate, NaiveDateTime),
) -> AppResult<LedgerItem> {
    let text = lvyue_core::validation::bounded_text;
    if input.steps.is_empty() || input.steps.len() > 50 {
        return Err(AppError::invalid("steps", "out_of_range", "整改步骤 1–50 个", "1 to 50 steps"));
    }
    let goals = text("goals", &input.goals, 2_000)?;
    let measures = text("measures", &input.measures, 5_000)?;
    let safeguards = input.safeguards.as_deref().map(|s| text("safeguards", s, 5_000)).transpose()?.unwrap_or_default();
    let proof = evidence(&input.evidence)?;
    let mut steps: Vec<PlanStepInput> = input.steps.clone();
    steps.sort_by_key(|s| s.due_on);
    write_tx(conn, |conn| {
        let before = open_for(conn, actor, id, input.version, LedgerItemAction::Plan)?;
        let old = before.plan()?;
        let mut planned = Vec::with_capacity(steps.len());
        for (i, s) in steps.iter().enumerate() {
            let what = text(&format!("steps[{i}].what"), &s.what, 500)?;
            let kept = old.as_ref().and_then(|p| p.steps.iter().find(|o| o.what == what && o.done)).cloned();
            if kept.is_none() && s.due_on < today {
                return Err(AppError::invalid(
                    &format!("steps[{i}].due_on"),
                    "in_past",
                    "时间节点不能早于今天",
                    "a milestone cannot lie in the past",
                ));
            }
            planned.push(PlanStep {
                n: i32::try_from(i).unwrap_or(0) + 1,
                what,
                due_on: s.due_on,
                done: kept.is_some(),
                done_on: kept.as_ref().and_then(|k| k.done_on),
                progress: kept.and_then(|k| k.progress),
            });
        }
        let revision = before.plan_revision + 1;
        let p = RectificationPlan {
            revision,
            goals: goals.clone(),
            steps: planned,
            measures: measures.clone(),
            safeguards: safeguards.clone(),
        };
        let body = serde_json::to_string(&p).map_err(|e| AppError::internal(e.to_string()))?;
        let mut after = before.clone();
        after.plan = Some(body.clone());
        after.plan_revision = revision;
        after.status = LedgerItemStatus::Rectifying.code().to_owned();
        let e = EntryRow {
            note: format!("整改方案第 {revision} 版"),
            body: Some(body),
            evidence: proof.clone(),
            ..entry(&before, LedgerEntryKind::Plan, actor, now)
        };
        save(conn, actor, &before, after, Some(e), (crate::events::ITEM_PLANNED, now))
    })
}

/// `POST /api/v1/ledger-items/{id}/steps/{n}/progress`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepProgressInput {
    /// The version read.
    pub version: i32,
    /// What was done (1–2,000 characters).
    pub note: String,
    /// The step is done.
    #[serde(default)]
    pub done: bool,
    /// The day it was done (default today; not in the future).
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    /// The documents.
    #[serde(default)]
    pub evidence: Vec<AttachmentInput>,
}

/// Reports step `n`'s progress.
pub fn progress(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    n: i32,
    input: StepProgressInput,
    (today, now): (NaiveDate, NaiveDateTime),
) -> AppResult<LedgerItem> {
    let note = lvyue_core::validation::bounded_text("note", &input.note, 2_000)?;
    let proof = evidence(&input.evidence)?;
    let day = input.done_on.unwrap_or(today);
    if day > today {
        return Err(AppError::invalid("done_on", "in_future", "完成日期不能晚于今天", "not after today"));
    }
    write_tx(conn, |conn| {
        let before = open_for(conn, actor, id, input.version, LedgerItemAction::Progress)?;
        let mut p = before.plan()?.ok_or_else(|| AppError::internal("a rectifying item without a plan"))?;
        let step = p.steps.iter_mut().find(|s| s.n == n).ok_or(AppError::NotFound)?;
        step.progress = Some(note.clone());
        if input.done {
            step.done = true;
            step.done_on = Some(day);
        }
        let mut after = before.clone();
        after.plan = Some(serde_json::to_string(&p).map_err(|e| AppError::internal(e.to_string()))?);
        let e = EntryRow {
            step_no: Some(n),
            on_date: input.done.then_some(day),
            note: note.clone(),
            evidence: proof.clone(),
            ..entry(&before, LedgerEntryKind::Progress, actor, now)
        };
        save(conn, actor, &before, after, Some(e), (crate::events::ITEM_PROGRESSED, now))
    })
}

/// `POST /api/v1/ledger-items/{id}/repayments`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RepaymentInput {
    /// The version read.
    pub version: i32,
    /// 偿还金额 (分, more than 0, at most what remains).
    pub amount_fen: i64,
    /// The day it was paid (not in the future).
    pub paid_on: NaiveDate,
    /// A note (at most 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
    /// The payment vouchers.
    #[serde(default)]
    pub evidence: Vec<AttachmentInput>,
}

/// Records a repayment.
pub fn repay(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: RepaymentInput,
    (today, now): (NaiveDate, NaiveDateTime),
) -> AppResult<LedgerItem> {
    if input.paid_on > today {
        return Err(AppError::invalid("paid_on", "in_future", "还款日期不能晚于今天", "not after today"));
    }
    let note = input.note.as_deref().map(|n| lvyue_core::validation::bounded_text("note", n, 2_000)).transpose()?;
    let proof = evidence(&input.evidence)?;
    write_tx(conn, |conn| {
        let before = open_for(conn, actor, id, input.version, LedgerItemAction::Repay)?;
        let remaining = (before.arrears_fen - before.repaid_fen).max(0);
        if input.amount_fen <= 0 || input.amount_fen > remaining {
            return Err(AppError::invalid(
                "amount_fen",
                "out_of_range",
                format!("还款金额须大于 0 且不超过尚欠的 {remaining} 分"),
                format!("more than 0 and at most the {remaining} fen still owed"),
            ));
        }
        let mut after = before.clone();
        after.repaid_fen += input.amount_fen;
        let e = EntryRow {
            amount_fen: Some(input.amount_fen),
            on_date: Some(input.paid_on),
            note: note.clone().unwrap_or_default(),
            evidence: proof.clone(),
            ..entry(&before, LedgerEntryKind::Repayment, actor, now)
        };
        save(conn, actor, &before, after, Some(e), (crate::events::ITEM_REPAID, now))
    })
}

/// `POST /api/v1/ledger-items/{id}/close`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseInput {
    /// The version read.
    pub version: i32,
    /// The rectification report (整改报告) — an item closes only with one.
    pub report: AttachmentInput,
    /// A note (at most 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
}

fn closed(row: &ItemRow, now: NaiveDateTime) -> ItemRow {
    ItemRow { status: LedgerItemStatus::Closed.code().to_owned(), closed_at: Some(now), ..row.clone() }
}

/// Closes a rectified item with its rectification report.
pub fn close(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: CloseInput,
    now: NaiveDateTime,
) -> AppResult<LedgerItem> {
    let report = evidence(std::slice::from_ref(&input.report))?;
    let note = input.note.as_deref().map(|n| lvyue_core::validation::bounded_text("note", n, 2_000)).transpose()?;
    write_tx(conn, |conn| {
        let before = open_for(conn, actor, id, input.version, LedgerItemAction::Close)?;
        let e = EntryRow {
            note: note.clone().unwrap_or_else(|| "整改报告".to_owned()),
            evidence: report.clone(),
            ..entry(&before, LedgerEntryKind::Close, actor, now)
        };
        save(conn, actor, &before, closed(&before, now), Some(e), (crate::events::ITEM_CLOSED, now))
    })
}

/// Closes unit `org_id`'s rectified items of campaign `campaign_id` with the rectification
/// report `documents`; answers how many. In the caller's transaction.
pub(crate) fn close_rectified(
    conn: &mut DbConn,
    actor: &Actor,
    campaign_id: &str,
    org_id: &str,
    documents: &[AttachmentInput],
    now: NaiveDateTime,
) -> AppResult<usize> {
    let rows: Vec<ItemRow> = ledger_items::table
        .filter(ledger_items::campaign_id.eq(campaign_id))
        .filter(ledger_items::org_id.eq(org_id))
        .filter(ledger_items::status.eq(LedgerItemStatus::Rectified.code()))
        .select(ItemRow::as_select())
        .load(conn)?;
    let report = serde_json::to_string(documents).map_err(|e| AppError::internal(e.to_string()))?;
    for before in &rows {
        let e = EntryRow {
            note: "整改报告".to_owned(),
            evidence: report.clone(),
            ..entry(before, LedgerEntryKind::Close, actor, now)
        };
        save(conn, actor, before, closed(before, now), Some(e), (crate::events::ITEM_CLOSED, now))?;
    }
    Ok(rows.len())
}
