//! `POST /commitments`: a unit lists a commitment it made (承诺事项清单). Its own reference is
//! unique within the unit (409 `duplicate_reference`).

use super::store::{Commitment, CommitmentRow};
use super::{CommitmentKind, CommitmentSource, CommitmentStatus};
use crate::contract::register::{optional, text};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message};
use lvyue_db::schema::commitments;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/commitments`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentInput {
    /// The committing organisation, for an admin (a unit lists its own).
    #[serde(default)]
    pub org_id: Option<String>,
    /// The unit's own reference (1–64 characters), unique within the unit.
    pub reference: String,
    /// For a `duty_pledge`: the official who made it (required then; 1–50 characters).
    #[serde(default)]
    pub official_name: Option<String>,
    /// The kind.
    pub kind: CommitmentKind,
    /// Where it comes from.
    pub source_kind: CommitmentSource,
    /// The source's title (1–200 characters).
    pub source_title: String,
    /// The source's document number (at most 100 characters).
    #[serde(default)]
    pub source_number: Option<String>,
    /// 承诺内容 (1–5,000 characters).
    pub content: String,
    /// 承诺对象 (at most 500 characters).
    #[serde(default)]
    pub beneficiaries: Option<String>,
    /// 承诺日期.
    pub promised_on: NaiveDate,
    /// 兑现期限 (not before the promise).
    pub due_on: NaiveDate,
}

impl CommitmentInput {
    /// An example body.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "reference": "CN-2026-001", "kind": "policy_delivery", "source_kind": "policy_document",
            "source_title": "关于支持中小企业发展的若干政策措施", "source_number": "怀政发〔2026〕5号",
            "content": "对年度新增规上工业企业给予一次性奖励 20 万元，于次年 6 月底前兑现。",
            "beneficiaries": "年度新增规上工业企业", "promised_on": "2026-03-01", "due_on": "2026-12-31"
        })
    }
}

/// The particulars of `input`, checked.
pub(crate) fn particulars(input: &CommitmentInput) -> AppResult<CommitmentRow> {
    let official_name = optional("official_name", input.official_name.as_deref(), 50)?;
    if input.kind == CommitmentKind::DutyPledge && official_name.is_none() {
        return Err(AppError::invalid(
            "official_name",
            "required",
            "履职尽责承诺须写明公职人员",
            "a duty pledge names its official",
        ));
    }
    if input.due_on < input.promised_on {
        return Err(AppError::invalid(
            "due_on",
            "before_promised_on",
            "兑现期限早于承诺日期",
            "due before it was promised",
        ));
    }
    Ok(CommitmentRow {
        id: String::new(),
        org_id: String::new(),
        region_code: String::new(),
        reference: text("reference", &input.reference, 64)?,
        official_name,
        kind: input.kind.code().to_owned(),
        source_kind: input.source_kind.code().to_owned(),
        source_title: text("source_title", &input.source_title, 200)?,
        source_number: optional("source_number", input.source_number.as_deref(), 100)?,
        content: text("content", &input.content, 5_000)?,
        beneficiaries: optional("beneficiaries", input.beneficiaries.as_deref(), 500)?,
        promised_on: input.promised_on,
        due_on: input.due_on,
        status: CommitmentStatus::InForce.code().to_owned(),
        lawful_change: None,
        version: 1,
        created_by: String::new(),
        created_at: NaiveDateTime::default(),
        updated_at: NaiveDateTime::default(),
    })
}

/// Lists a commitment of the caller's unit.
pub fn register(conn: &mut DbConn, actor: &Actor, input: CommitmentInput, now: NaiveDateTime) -> AppResult<Commitment> {
    let org = crate::access::writer(conn, actor, input.org_id.as_deref())?;
    let row = CommitmentRow {
        id: lvyue_core::ids::CommitmentId::generate().into_string(),
        org_id: org.id.clone(),
        region_code: org.region_code.clone(),
        created_by: actor.subject.clone(),
        created_at: now,
        updated_at: now,
        ..particulars(&input)?
    };
    write_tx(conn, |conn| insert(conn, actor, &row, now))
}

/// Inserts `row` (its reference unused in its unit: 409 `duplicate_reference` otherwise) and
/// announces it; inside the caller's transaction.
pub(crate) fn insert(
    conn: &mut DbConn,
    actor: &Actor,
    row: &CommitmentRow,
    now: NaiveDateTime,
) -> AppResult<Commitment> {
    let taken: i64 = commitments::table
        .filter(commitments::org_id.eq(&row.org_id))
        .filter(commitments::reference.eq(&row.reference))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(AppError::conflict(
            "duplicate_reference",
            Message::new("本单位已登记该编号的承诺", "the unit already listed a commitment under this reference"),
        ));
    }
    diesel::insert_into(commitments::table).values(row).execute(conn)?;
    let view = row.view(&[], true)?;
    lvyue_outbox::events::append(conn, now, crate::events::commitment(crate::events::COMMITMENT_REGISTERED, &view))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: "commitment.register",
            entity_type: "commitment",
            entity_id: &row.id,
            before: None,
            after: serde_json::to_value(&view).ok(),
        },
    )?;
    Ok(view)
}
