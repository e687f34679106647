//! A contract as stored (row, milestones, history entries) and as shown.

use super::{allowed, ContractAction, ContractEntryKind, ContractKind, ContractStatus, RiskKind};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::{AppError, AppResult};
use lvyue_db::schema::{contract_entries, contract_milestones, contracts};
use lvyue_db::DbConn;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// One step of lawful decision-making (依法决策, 003 四(二)) and the document that records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionChecklist {
    /// 公众参与: the document's reference, or null when not done.
    #[serde(default)]
    pub public_participation: Option<String>,
    /// 专家论证.
    #[serde(default)]
    pub expert_review: Option<String>,
    /// 风险评估.
    #[serde(default)]
    pub risk_assessment: Option<String>,
    /// 合法性审查.
    #[serde(default)]
    pub legality_review: Option<String>,
    /// 集体讨论决定.
    #[serde(default)]
    pub collective_discussion: Option<String>,
}

impl DecisionChecklist {
    /// The steps with no document, by name.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("public_participation", &self.public_participation),
            ("expert_review", &self.expert_review),
            ("risk_assessment", &self.risk_assessment),
            ("legality_review", &self.legality_review),
            ("collective_discussion", &self.collective_discussion),
        ]
        .into_iter()
        .filter(|(_, v)| v.as_deref().is_none_or(|s| s.trim().is_empty()))
        .map(|(k, _)| k)
        .collect()
    }
}

/// A lawful change (依法变更, 003 一(三), 二(三)2): on what basis, by which procedure, and what
/// was paid the counterparty for its loss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LawfulChange {
    /// 法定事由 (国家利益、公共利益、规划调整、政策变更…) (1–2,000 characters).
    pub basis: String,
    /// 法定权限和程序 followed (1–2,000 characters).
    pub procedure: String,
    /// 补偿: paid to the counterparty, in 分 (0 when none was due).
    pub compensation_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = contracts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct ContractRow {
    pub id: String,
    pub org_id: String,
    pub region_code: String,
    pub reference: String,
    pub number: Option<String>,
    pub title: String,
    pub kind: String,
    pub counterparty_name: String,
    pub counterparty_uscc: Option<String>,
    pub counterparty_private: bool,
    pub counterparty_sme: bool,
    pub project: Option<String>,
    pub signed_on: NaiveDate,
    pub amount_fen: Option<i64>,
    pub confidential: bool,
    pub decision_checklist: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub lawful_change: Option<String>,
    pub version: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub closed_out_at: Option<NaiveDateTime>,
    pub escalated_case_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = contract_milestones, treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct MilestoneRow {
    pub id: String,
    pub contract_id: String,
    pub what: String,
    pub due_on: NaiveDate,
    pub amount_fen: Option<i64>,
    pub performed_fen: i64,
    pub met: bool,
    pub met_on: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = contract_entries, treat_none_as_default_value = false)]
pub(crate) struct EntryRow {
    pub id: String,
    pub contract_id: String,
    pub kind: String,
    pub milestone_id: Option<String>,
    pub amount_fen: Option<i64>,
    pub in_full: bool,
    pub note: String,
    pub evidence: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// An obligation or payment milestone (履约节点).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Milestone {
    /// Opaque id.
    pub id: String,
    /// What is owed.
    pub what: String,
    /// By when.
    pub due_on: NaiveDate,
    /// The amount owed (分), for a payment.
    pub amount_fen: Option<i64>,
    /// Performed so far (分).
    pub performed_fen: i64,
    /// Met in full.
    pub met: bool,
    /// When it was met.
    pub met_on: Option<NaiveDate>,
}

/// One entry of a contract's history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContractEntry {
    /// Opaque id.
    pub id: String,
    /// `performance`, `risk`, `change` or `close_out`.
    pub kind: ContractEntryKind,
    /// The milestone a performance is of.
    pub milestone_id: Option<String>,
    /// The amount performed (分).
    pub amount_fen: Option<i64>,
    /// A performance that meets its milestone in full.
    pub in_full: bool,
    /// What was done or seen (for a risk: its kind's code, then the note).
    pub note: String,
    /// The evidence.
    pub evidence: Vec<AttachmentInput>,
    /// When.
    pub recorded_at: DateTime<FixedOffset>,
}

/// A contract as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GovernmentContract {
    /// Opaque id.
    pub id: String,
    /// The government party (registry organisation).
    pub org_id: String,
    /// Its division.
    pub region_code: String,
    /// The unit's own reference (imports are idempotent on it).
    pub reference: String,
    /// 合同编号.
    pub number: Option<String>,
    /// 合同名称.
    pub title: String,
    /// The kind.
    pub kind: ContractKind,
    /// 合同相对方.
    pub counterparty_name: String,
    /// Its credit code.
    pub counterparty_uscc: Option<String>,
    /// A private firm (民营企业).
    pub counterparty_private: bool,
    /// A small or medium-sized enterprise (中小企业): the payment rules apply.
    pub counterparty_sme: bool,
    /// The project (for investment attraction: what a second contract would duplicate).
    pub project: Option<String>,
    /// 签订日期.
    pub signed_on: NaiveDate,
    /// 合同金额 (分).
    pub amount_fen: Option<i64>,
    /// 涉密: kept here, never reported or exported.
    pub confidential: bool,
    /// The lawful decision-making steps and their documents.
    pub decision_checklist: DecisionChecklist,
    /// Where it stands.
    pub status: ContractStatus,
    /// Why (for `overdue`, `terminated`, `breached`).
    pub status_reason: Option<String>,
    /// The lawful change, once made.
    pub lawful_change: Option<LawfulChange>,
    /// Obligations and payment milestones, by due day.
    pub milestones: Vec<Milestone>,
    /// Performance, risks, change and close-out, oldest first.
    pub history: Vec<ContractEntry>,
    /// What the caller may do now.
    pub allowed_actions: Vec<ContractAction>,
    /// Pass back to change it.
    pub version: i32,
    /// Registered.
    pub created_at: DateTime<FixedOffset>,
    /// Last changed.
    pub updated_at: DateTime<FixedOffset>,
    /// Closed out (销号).
    pub closed_out_at: Option<DateTime<FixedOffset>>,
    /// The case it escalated into, overdue past its grace period (转为投诉线索).
    pub escalated_case_id: Option<String>,
}

impl ContractRow {
    pub fn status(&self) -> AppResult<ContractStatus> {
        ContractStatus::from_stored(&self.status)
    }

    fn json<T: serde::de::DeserializeOwned>(&self, what: &str, s: &str) -> AppResult<T> {
        serde_json::from_str(s).map_err(|e| AppError::internal(format!("stored {what} of contract {}: {e}", self.id)))
    }

    /// The view, with its milestones and history; `writes`: the caller may change it (its
    /// actions are listed).
    pub fn view(
        &self,
        milestones: &[MilestoneRow],
        entries: &[EntryRow],
        writes: bool,
    ) -> AppResult<GovernmentContract> {
        let status = self.status()?;
        let history = entries
            .iter()
            .map(|e| {
                Ok(ContractEntry {
                    id: e.id.clone(),
                    kind: ContractEntryKind::from_stored(&e.kind)?,
                    milestone_id: e.milestone_id.clone(),
                    amount_fen: e.amount_fen,
                    in_full: e.in_full,
                    note: e.note.clone(),
                    evidence: self.json("evidence", &e.evidence)?,
                    recorded_at: lvyue_core::time::stored_to_shanghai(e.recorded_at),
                })
            })
            .collect::<AppResult<_>>()?;
        Ok(GovernmentContract {
            id: self.id.clone(),
            org_id: self.org_id.clone(),
            region_code: self.region_code.clone(),
            reference: self.reference.clone(),
            number: self.number.clone(),
            title: self.title.clone(),
            kind: ContractKind::from_stored(&self.kind)?,
            counterparty_name: self.counterparty_name.clone(),
            counterparty_uscc: self.counterparty_uscc.clone(),
            counterparty_private: self.counterparty_private,
            counterparty_sme: self.counterparty_sme,
            project: self.project.clone(),
            signed_on: self.signed_on,
            amount_fen: self.amount_fen,
            confidential: self.confidential,
            decision_checklist: self.json("checklist", &self.decision_checklist)?,
            status,
            status_reason: self.status_reason.clone(),
            lawful_change: self.lawful_change.as_deref().map(|c| self.json("change", c)).transpose()?,
            milestones: milestones
                .iter()
                .map(|m| Milestone {
                    id: m.id.clone(),
                    what: m.what.clone(),
                    due_on: m.due_on,
                    amount_fen: m.amount_fen,
                    performed_fen: m.performed_fen,
                    met: m.met,
                    met_on: m.met_on,
                })
                .collect(),
            history,
            allowed_actions: if writes { allowed(status).to_vec() } else { Vec::new() },
            version: self.version,
            created_at: lvyue_core::time::stored_to_shanghai(self.created_at),
            updated_at: lvyue_core::time::stored_to_shanghai(self.updated_at),
            closed_out_at: self.closed_out_at.map(lvyue_core::time::stored_to_shanghai),
            escalated_case_id: self.escalated_case_id.clone(),
        })
    }
}

/// Contract `id`'s milestones by due day, and its history oldest first.
pub(crate) fn parts(conn: &mut DbConn, id: &str) -> AppResult<Parts> {
    let mut all = parts_of(conn, &[id.to_string()])?;
    Ok(all.remove(id).unwrap_or_default())
}

/// A contract's milestones and its history.
pub(crate) type Parts = (Vec<MilestoneRow>, Vec<EntryRow>);

/// The milestones and histories of several contracts in two queries, keyed by contract.
pub(crate) fn parts_of(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Parts>> {
    let mut out: HashMap<String, Parts> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let milestones: Vec<MilestoneRow> = contract_milestones::table
        .filter(contract_milestones::contract_id.eq_any(ids))
        .order_by((contract_milestones::due_on.asc(), contract_milestones::id.asc()))
        .select(MilestoneRow::as_select())
        .load(conn)?;
    for m in milestones {
        out.entry(m.contract_id.clone()).or_default().0.push(m);
    }
    let entries: Vec<EntryRow> = contract_entries::table
        .filter(contract_entries::contract_id.eq_any(ids))
        .order_by((contract_entries::recorded_at.asc(), contract_entries::id.asc()))
        .select(EntryRow::as_select())
        .load(conn)?;
    for e in entries {
        out.entry(e.contract_id.clone()).or_default().1.push(e);
    }
    Ok(out)
}

/// Keeps `RiskKind` in the crate's vocabulary for the risk entries' notes.
pub(crate) fn risk_note(kind: RiskKind, note: &str) -> String {
    format!("{}：{}", kind.label_zh(), note)
}
