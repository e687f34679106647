//! The life of a contract after registration, each step at the version read and by its unit:
//! `POST /contracts/{id}/milestones`, `…/performance`, `…/risks`, `…/change`, `…/close-out`.
//! Each step is checked against the one table of [`super::allowed`], appended to the history
//! with its evidence, announced and audited.

use super::register::{amount, text};
use super::store::{risk_note, ContractRow, EntryRow, GovernmentContract, LawfulChange, MilestoneRow};
use super::{check, ContractAction, ContractEntryKind, ContractStatus, RiskKind};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::{Actor, AppError, AppResult, Message};
use lvyue_db::schema::{contract_entries, contract_milestones, contracts};
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/contracts/{id}/milestones`: an obligation or payment milestone.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneInput {
    /// The version read.
    pub version: i32,
    /// What is owed (1–500 characters).
    pub what: String,
    /// By when.
    pub due_on: NaiveDate,
    /// The amount owed (分), for a payment.
    #[serde(default)]
    pub amount_fen: Option<i64>,
}

/// `POST /api/v1/contracts/{id}/performance`: a milestone met, in part or in full.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PerformanceInput {
    /// The version read.
    pub version: i32,
    /// The milestone performed.
    pub milestone_id: String,
    /// The amount paid or delivered (分), for a payment.
    #[serde(default)]
    pub amount_fen: Option<i64>,
    /// The milestone is met in full (a payment is met in full too once its amount is reached).
    #[serde(default)]
    pub in_full: bool,
    /// What was done (1–2,000 characters).
    pub note: String,
    /// The evidence (at most 20).
    #[serde(default)]
    pub evidence: Vec<AttachmentInput>,
}

/// `POST /api/v1/contracts/{id}/risks`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskInput {
    /// The version read.
    pub version: i32,
    /// The kind of risk.
    pub kind: RiskKind,
    /// What is seen and what is done about it (1–2,000 characters).
    pub note: String,
}

/// `POST /api/v1/contracts/{id}/change`: a lawful change.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeInput {
    /// The version read.
    pub version: i32,
    /// 法定事由 (1–2,000 characters).
    pub basis: String,
    /// 法定权限和程序 followed (1–2,000 characters).
    pub procedure: String,
    /// 补偿 paid the counterparty, in 分 (0 when none was due).
    pub compensation_fen: i64,
    /// The documents (at most 20).
    #[serde(default)]
    pub evidence: Vec<AttachmentInput>,
}

/// `POST /api/v1/contracts/{id}/close-out`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseOutInput {
    /// The version read.
    pub version: i32,
    /// A note (at most 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
    /// The evidence of performance (at most 20).
    #[serde(default)]
    pub evidence: Vec<AttachmentInput>,
}

fn evidence(items: &[AttachmentInput]) -> AppResult<String> {
    lvyue_core::attachment::check_all("evidence", items, 20)?;
    serde_json::to_string(items).map_err(|e| AppError::internal(e.to_string()))
}

/// What a step does to the locked contract: it may change the row and answers the entry to
/// append, if any.
type Change<'a> = dyn FnOnce(&mut DbConn, &mut ContractRow) -> AppResult<Option<EntryRow>> + 'a;

/// Runs one step on contract `id` at `version`: lock, see, write, check, change, save, append,
/// announce, audit.
fn step(
    conn: &mut DbConn,
    actor: &Actor,
    (id, version): (&str, i32),
    action: ContractAction,
    (event, now): (&'static str, NaiveDateTime),
    change: Box<Change<'_>>,
) -> AppResult<GovernmentContract> {
    write_tx(conn, |conn| {
        let before = super::read::load(conn, actor, id, true)?;
        crate::access::may_write(conn, actor, &before.org_id)?;
        lvyue_db::versioned::check(version, before.version)?;
        check(before.status()?, action)?;
        let mut after = before.clone();
        if let Some(entry) = change(conn, &mut after)? {
            diesel::insert_into(contract_entries::table).values(&entry).execute(conn)?;
        }
        after.version = before.version + 1;
        after.updated_at = now;
        diesel::update(contracts::table.find(id)).set(&after).execute(conn)?;
        let view = super::read::view_for(conn, actor, &after)?;
        lvyue_outbox::events::append(conn, now, crate::events::contract(event, &view))?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: event,
                entity_type: "contract",
                entity_id: id,
                before: None,
                after: serde_json::json!({"status": after.status, "version": after.version}).into(),
            },
        )?;
        Ok(view)
    })
}

fn entry(c: &ContractRow, kind: ContractEntryKind, actor: &Actor, now: NaiveDateTime) -> EntryRow {
    EntryRow {
        id: lvyue_core::ids::ContractEntryId::generate().into_string(),
        contract_id: c.id.clone(),
        kind: kind.code().to_owned(),
        milestone_id: None,
        amount_fen: None,
        in_full: false,
        note: String::new(),
        evidence: "[]".to_owned(),
        recorded_by: actor.subject.clone(),
        recorded_at: now,
    }
}

/// Adds a milestone.
pub fn add_milestone(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: MilestoneInput,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    let what = text("what", &input.what, 500)?;
    let owed = amount("amount_fen", input.amount_fen)?;
    let change = move |conn: &mut DbConn, c: &mut ContractRow| {
        let m = MilestoneRow {
            id: lvyue_core::ids::MilestoneId::generate().into_string(),
            contract_id: c.id.clone(),
            what,
            due_on: input.due_on,
            amount_fen: owed,
            performed_fen: 0,
            met: false,
            met_on: None,
            created_at: now,
        };
        diesel::insert_into(contract_milestones::table).values(&m).execute(conn)?;
        Ok(None)
    };
    step(
        conn,
        actor,
        (id, input.version),
        ContractAction::AddMilestone,
        (crate::events::CONTRACT_MILESTONE_ADDED, now),
        Box::new(change),
    )
}

/// Records performance of a milestone; the contract is `performed` once every milestone is
/// met, `partly_performed` before.
pub fn perform(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: PerformanceInput,
    today: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    let note = text("note", &input.note, 2_000)?;
    let paid = amount("amount_fen", input.amount_fen)?;
    let proof = evidence(&input.evidence)?;
    let (actor_c, milestone_id) = (actor.clone(), input.milestone_id.clone());
    let change = move |conn: &mut DbConn, c: &mut ContractRow| {
        let mut m: MilestoneRow = contract_milestones::table
            .find(&milestone_id)
            .select(MilestoneRow::as_select())
            .first(conn)
            .optional()?
            .filter(|m| m.contract_id == c.id)
            .ok_or_else(|| {
                AppError::invalid(
                    "milestone_id",
                    "unknown_milestone",
                    "该合同没有这个履约节点",
                    "no such milestone of this contract",
                )
            })?;
        if m.met {
            return Err(AppError::conflict(
                "milestone_met",
                Message::new("该履约节点已履约完毕", "the milestone is already met"),
            ));
        }
        m.performed_fen = m.performed_fen.saturating_add(paid.unwrap_or(0));
        m.met = input.in_full || m.amount_fen.is_some_and(|a| m.performed_fen >= a);
        m.met_on = m.met.then_some(today);
        diesel::update(contract_milestones::table.find(&m.id)).set(&m).execute(conn)?;
        let open: i64 = contract_milestones::table
            .filter(contract_milestones::contract_id.eq(&c.id))
            .filter(contract_milestones::met.eq(false))
            .count()
            .get_result(conn)?;
        let status = if open == 0 { ContractStatus::Performed } else { ContractStatus::PartlyPerformed };
        c.status = status.code().to_owned();
        c.status_reason = None;
        Ok(Some(EntryRow {
            milestone_id: Some(m.id),
            amount_fen: paid,
            in_full: m.met,
            note,
            evidence: proof,
            ..entry(c, ContractEntryKind::Performance, &actor_c, now)
        }))
    };
    step(
        conn,
        actor,
        (id, input.version),
        ContractAction::Perform,
        (crate::events::CONTRACT_PERFORMED, now),
        Box::new(change),
    )
}

/// Raises a risk to performance (风险提示).
pub fn raise_risk(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: RiskInput,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    let note = risk_note(input.kind, &text("note", &input.note, 2_000)?);
    let actor_c = actor.clone();
    let change = move |_: &mut DbConn, c: &mut ContractRow| {
        Ok(Some(EntryRow { note, ..entry(c, ContractEntryKind::Risk, &actor_c, now) }))
    };
    step(
        conn,
        actor,
        (id, input.version),
        ContractAction::RaiseRisk,
        (crate::events::CONTRACT_RISK_RAISED, now),
        Box::new(change),
    )
}

/// Records a lawful change: on its basis, by its procedure, with the compensation paid.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: ChangeInput,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    let lawful = LawfulChange {
        basis: text("basis", &input.basis, 2_000)?,
        procedure: text("procedure", &input.procedure, 2_000)?,
        compensation_fen: amount("compensation_fen", Some(input.compensation_fen))?.unwrap_or(0),
    };
    let proof = evidence(&input.evidence)?;
    let actor_c = actor.clone();
    let change = move |_: &mut DbConn, c: &mut ContractRow| {
        c.status = ContractStatus::ChangedLawfully.code().to_owned();
        c.lawful_change = Some(serde_json::to_string(&lawful).map_err(|e| AppError::internal(e.to_string()))?);
        let note = format!("{}；{}", lawful.basis, lawful.procedure);
        Ok(Some(EntryRow {
            amount_fen: Some(lawful.compensation_fen),
            note,
            evidence: proof,
            ..entry(c, ContractEntryKind::Change, &actor_c, now)
        }))
    };
    step(
        conn,
        actor,
        (id, input.version),
        ContractAction::Change,
        (crate::events::CONTRACT_CHANGED, now),
        Box::new(change),
    )
}

/// Closes out a performed contract (履约销号).
pub fn close_out(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: CloseOutInput,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    let note = input.note.as_deref().map(|n| text("note", n, 2_000)).transpose()?.unwrap_or_default();
    let proof = evidence(&input.evidence)?;
    let actor_c = actor.clone();
    let change = move |_: &mut DbConn, c: &mut ContractRow| {
        c.status = ContractStatus::ClosedOut.code().to_owned();
        c.closed_out_at = Some(now);
        Ok(Some(EntryRow {
            in_full: true,
            note,
            evidence: proof,
            ..entry(c, ContractEntryKind::CloseOut, &actor_c, now)
        }))
    };
    step(
        conn,
        actor,
        (id, input.version),
        ContractAction::CloseOut,
        (crate::events::CONTRACT_CLOSED_OUT, now),
        Box::new(change),
    )
}
