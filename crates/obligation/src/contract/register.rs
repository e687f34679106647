//! `POST /contracts`: a unit registers a contract it signed (政府合同信息归集). Its own reference
//! is unique within the unit: registering it again is 409 `duplicate_reference` (imports update
//! by it instead).

use super::store::{ContractRow, DecisionChecklist, GovernmentContract};
use super::{ContractKind, ContractStatus};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, Uscc};
use lvyue_db::schema::contracts;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/contracts`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GovernmentContractInput {
    /// The government party, for an admin registering for a unit (a unit registers its own).
    #[serde(default)]
    pub org_id: Option<String>,
    /// The unit's own reference (1–64 characters), unique within the unit.
    pub reference: String,
    /// 合同编号 (at most 100 characters).
    #[serde(default)]
    pub number: Option<String>,
    /// 合同名称 (1–200 characters).
    pub title: String,
    /// The kind.
    pub kind: ContractKind,
    /// 合同相对方 (1–200 characters).
    pub counterparty_name: String,
    /// Its unified social credit code.
    #[serde(default)]
    pub counterparty_uscc: Option<String>,
    /// A private firm.
    #[serde(default)]
    pub counterparty_private: bool,
    /// A small or medium-sized enterprise.
    #[serde(default)]
    pub counterparty_sme: bool,
    /// The project (at most 200 characters).
    #[serde(default)]
    pub project: Option<String>,
    /// 签订日期 (not in the future).
    pub signed_on: NaiveDate,
    /// 合同金额 (分, 0 or more).
    #[serde(default)]
    pub amount_fen: Option<i64>,
    /// 涉密.
    #[serde(default)]
    pub confidential: bool,
    /// The lawful decision-making steps done, with their documents.
    #[serde(default)]
    pub decision_checklist: DecisionChecklist,
}

impl GovernmentContractInput {
    /// An example body.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "reference": "HT-2026-001", "number": "怀财采〔2026〕12号", "title": "办公设备采购合同",
            "kind": "procurement", "counterparty_name": "蚌埠某某科技有限公司",
            "counterparty_uscc": "91350100M000100Y43", "counterparty_private": true, "counterparty_sme": true,
            "project": "2026年办公设备更新", "signed_on": "2026-05-01", "amount_fen": 120000000, "confidential": false,
            "decision_checklist": {"legality_review": "怀司审〔2026〕3号", "collective_discussion": "局党组会议纪要第5期"}
        })
    }
}

/// `value` trimmed, refused unless 1–`max` characters.
pub(crate) fn text(field: &str, value: &str, max: usize) -> AppResult<String> {
    lvyue_core::validation::bounded_text(field, value, max)
}

/// An optional text: trimmed, empty as none, at most `max` characters.
pub(crate) fn optional(field: &str, value: Option<&str>, max: usize) -> AppResult<Option<String>> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(|v| text(field, v, max)).transpose()
}

/// Checks an amount in 分.
pub(crate) fn amount(field: &str, value: Option<i64>) -> AppResult<Option<i64>> {
    if value.is_some_and(|a| !(0..=1_000_000_000_000_000).contains(&a)) {
        return Err(AppError::invalid(field, "out_of_range", "金额须为非负数", "must be 0 or more"));
    }
    Ok(value)
}

/// The particulars of `input`, checked, as a new row of `org` (without ids and times).
pub(crate) fn particulars(input: &GovernmentContractInput, today: NaiveDate) -> AppResult<ContractRow> {
    let uscc = input
        .counterparty_uscc
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| Uscc::parse(u).map(|x| x.as_str().to_owned()).map_err(|e| AppError::field(e.at("counterparty_uscc"))))
        .transpose()?;
    if input.signed_on > today {
        return Err(AppError::invalid("signed_on", "in_future", "签订日期不能晚于今天", "must not be after today"));
    }
    let mut checklist = input.decision_checklist.clone();
    for step in [
        &mut checklist.public_participation,
        &mut checklist.expert_review,
        &mut checklist.risk_assessment,
        &mut checklist.legality_review,
        &mut checklist.collective_discussion,
    ] {
        *step = optional("decision_checklist", step.as_deref(), 200)?;
    }
    Ok(ContractRow {
        id: String::new(),
        org_id: String::new(),
        region_code: String::new(),
        reference: text("reference", &input.reference, 64)?,
        number: optional("number", input.number.as_deref(), 100)?,
        title: text("title", &input.title, 200)?,
        kind: input.kind.code().to_owned(),
        counterparty_name: text("counterparty_name", &input.counterparty_name, 200)?,
        counterparty_uscc: uscc,
        counterparty_private: input.counterparty_private,
        counterparty_sme: input.counterparty_sme,
        project: optional("project", input.project.as_deref(), 200)?,
        signed_on: input.signed_on,
        amount_fen: amount("amount_fen", input.amount_fen)?,
        confidential: input.confidential,
        decision_checklist: serde_json::to_string(&checklist).map_err(|e| AppError::internal(e.to_string()))?,
        status: ContractStatus::Performing.code().to_owned(),
        status_reason: None,
        lawful_change: None,
        version: 1,
        created_by: String::new(),
        created_at: NaiveDateTime::default(),
        updated_at: NaiveDateTime::default(),
        closed_out_at: None,
        escalated_case_id: None,
    })
}

/// Registers a contract of the caller's unit.
pub fn register(
    conn: &mut DbConn,
    actor: &Actor,
    input: GovernmentContractInput,
    today: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    let org = crate::access::writer(conn, actor, input.org_id.as_deref())?;
    let row = ContractRow {
        id: lvyue_core::ids::ContractId::generate().into_string(),
        org_id: org.id.clone(),
        region_code: org.region_code.clone(),
        created_by: actor.subject.clone(),
        created_at: now,
        updated_at: now,
        ..particulars(&input, today)?
    };
    write_tx(conn, |conn| insert(conn, actor, &row, now))
}

/// Inserts `row` (its reference unused in its unit: 409 `duplicate_reference` otherwise) and
/// announces it; inside the caller's transaction.
pub(crate) fn insert(
    conn: &mut DbConn,
    actor: &Actor,
    row: &ContractRow,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    let taken: i64 = contracts::table
        .filter(contracts::org_id.eq(&row.org_id))
        .filter(contracts::reference.eq(&row.reference))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(AppError::conflict(
            "duplicate_reference",
            Message::new("本单位已登记该编号的合同", "the unit already registered a contract under this reference"),
        ));
    }
    diesel::insert_into(contracts::table).values(row).execute(conn)?;
    let view = row.view(&[], &[], true)?;
    lvyue_outbox::events::append(conn, now, crate::events::contract(crate::events::CONTRACT_REGISTERED, &view))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: "contract.register",
            entity_type: "contract",
            entity_id: &row.id,
            before: None,
            after: serde_json::to_value(&view).ok(),
        },
    )?;
    Ok(view)
}
