//! `PATCH /contracts/{id}`: the unit corrects a contract's particulars at the version read.
//! Fields left out stay as they are; an empty `number` or `project` clears it.

use super::register::{amount, optional, text};
use super::store::{ContractRow, DecisionChecklist, GovernmentContract};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Uscc};
use lvyue_db::schema::contracts;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `PATCH /api/v1/contracts/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GovernmentContractPatch {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// 合同编号 ("" clears it).
    #[serde(default)]
    pub number: Option<String>,
    /// 合同名称.
    #[serde(default)]
    pub title: Option<String>,
    /// 合同相对方.
    #[serde(default)]
    pub counterparty_name: Option<String>,
    /// Its credit code.
    #[serde(default)]
    pub counterparty_uscc: Option<String>,
    /// A private firm.
    #[serde(default)]
    pub counterparty_private: Option<bool>,
    /// An SME.
    #[serde(default)]
    pub counterparty_sme: Option<bool>,
    /// The project ("" clears it).
    #[serde(default)]
    pub project: Option<String>,
    /// 合同金额 (分).
    #[serde(default)]
    pub amount_fen: Option<i64>,
    /// 涉密.
    #[serde(default)]
    pub confidential: Option<bool>,
    /// The decision-making steps (replaces them whole).
    #[serde(default)]
    pub decision_checklist: Option<DecisionChecklist>,
}

fn apply(row: &mut ContractRow, p: &GovernmentContractPatch) -> AppResult<()> {
    if let Some(n) = &p.number {
        row.number = optional("number", Some(n), 100)?;
    }
    if let Some(t) = &p.title {
        row.title = text("title", t, 200)?;
    }
    if let Some(n) = &p.counterparty_name {
        row.counterparty_name = text("counterparty_name", n, 200)?;
    }
    if let Some(u) = &p.counterparty_uscc {
        row.counterparty_uscc = Some(u.trim())
            .filter(|u| !u.is_empty())
            .map(|u| {
                Uscc::parse(u).map(|x| x.as_str().to_owned()).map_err(|e| AppError::field(e.at("counterparty_uscc")))
            })
            .transpose()?;
    }
    row.counterparty_private = p.counterparty_private.unwrap_or(row.counterparty_private);
    row.counterparty_sme = p.counterparty_sme.unwrap_or(row.counterparty_sme);
    if let Some(pr) = &p.project {
        row.project = optional("project", Some(pr), 200)?;
    }
    if p.amount_fen.is_some() {
        row.amount_fen = amount("amount_fen", p.amount_fen)?;
    }
    row.confidential = p.confidential.unwrap_or(row.confidential);
    if let Some(c) = &p.decision_checklist {
        row.decision_checklist = serde_json::to_string(c).map_err(|e| AppError::internal(e.to_string()))?;
    }
    Ok(())
}

/// Changes contract `id`'s particulars.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    patch: GovernmentContractPatch,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    write_tx(conn, |conn| {
        let before = super::read::load(conn, actor, id, true)?;
        crate::access::may_write(conn, actor, &before.org_id)?;
        lvyue_db::versioned::check(patch.version, before.version)?;
        let mut after = before.clone();
        apply(&mut after, &patch)?;
        save(conn, actor, &before, after, now)
    })
}

/// Stores `after` as the next version of `before` and announces it; inside the caller's
/// transaction.
pub(crate) fn save(
    conn: &mut DbConn,
    actor: &Actor,
    before: &ContractRow,
    mut after: ContractRow,
    now: NaiveDateTime,
) -> AppResult<GovernmentContract> {
    let id = before.id.as_str();
    after.version = before.version + 1;
    after.updated_at = now;
    diesel::update(contracts::table.find(id)).set(&after).execute(conn)?;
    let view = super::read::view_for(conn, actor, &after)?;
    lvyue_outbox::events::append(conn, now, crate::events::contract(crate::events::CONTRACT_UPDATED, &view))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: "contract.update",
            entity_type: "contract",
            entity_id: id,
            before: None,
            after: serde_json::to_value(&view).ok(),
        },
    )?;
    Ok(view)
}
