//! `POST /ledger-items`: a unit records a problem it found (or its credit office records one
//! for it); `PATCH /ledger-items/{id}`: corrected at the version read. The unit's reference is
//! unique within it (409 `duplicate_reference`; imports correct by it instead).

use super::store::{ItemRow, LedgerItem, ResponsiblePerson};
use super::{LedgerItemCategory, LedgerItemSource, LedgerItemStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Field, Message, Uscc};
use lvyue_db::schema::ledger_items;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/ledger-items` (and one row of an import).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerItemInput {
    /// The unit, for a credit office or admin recording for it (a unit records its own).
    #[serde(default)]
    pub org_id: Option<String>,
    /// The campaign it was found in, if any (the unit must take part).
    #[serde(default)]
    pub campaign_id: Option<String>,
    /// The unit's own reference (1–64 characters), unique within the unit.
    pub reference: String,
    /// Where it came from.
    pub source: LedgerItemSource,
    /// The case, contract or commitment it came from (at most 64 characters).
    #[serde(default)]
    pub source_ref: Option<String>,
    /// 失信主体名称 (1–200 characters).
    pub subject_name: String,
    /// Its credit code.
    #[serde(default)]
    pub subject_uscc: Option<String>,
    /// The firm owed (债权企业, 1–200 characters), when there is one: the complainant should the
    /// item escalate into a case.
    #[serde(default)]
    pub creditor_name: Option<String>,
    /// Its credit code.
    #[serde(default)]
    pub creditor_uscc: Option<String>,
    /// 责任人 (at most 20).
    #[serde(default)]
    pub responsible: Vec<ResponsiblePerson>,
    /// The kind of problem.
    pub category: LedgerItemCategory,
    /// The field (领域), when one applies.
    #[serde(default)]
    pub field: Option<Field>,
    /// 问题成因 (1–5,000 characters).
    pub cause: String,
    /// 处理意见 (at most 5,000 characters).
    #[serde(default)]
    pub handling_opinion: Option<String>,
    /// 欠款金额 (分, 0 or more).
    #[serde(default)]
    pub arrears_fen: i64,
}

impl LedgerItemInput {
    /// An example body.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "reference": "ZC-2026-001", "source": "self_inspection", "subject_name": "怀远县某某镇人民政府",
            "subject_uscc": "11340321MB0000010K", "creditor_name": "蚌埠某某建设工程有限公司",
            "creditor_uscc": "91350100M000100Y43",
            "responsible": [{"name": "王某某", "post": "镇长"}],
            "category": "payment_arrears", "field": "government_procurement",
            "cause": "财政资金紧张，工程款未按合同约定支付", "handling_opinion": "2027年3月底前分两期付清",
            "arrears_fen": 30000000
        })
    }
}

fn optional(field: &str, v: Option<&str>, max: usize) -> AppResult<Option<String>> {
    v.map(str::trim).filter(|v| !v.is_empty()).map(|v| lvyue_core::validation::bounded_text(field, v, max)).transpose()
}

/// Responsible persons, checked, as stored.
fn people(list: &[ResponsiblePerson]) -> AppResult<String> {
    let checked = lvyue_core::person::checked(list, "responsible")?;
    serde_json::to_string(&checked).map_err(|e| AppError::internal(e.to_string()))
}

/// The particulars of `input`, checked (without ids, unit, times and status).
pub(crate) fn particulars(input: &LedgerItemInput) -> AppResult<ItemRow> {
    let text = lvyue_core::validation::bounded_text;
    if !(0..=1_000_000_000_000_000).contains(&input.arrears_fen) {
        return Err(AppError::invalid("arrears_fen", "out_of_range", "金额须为非负数", "must be 0 or more"));
    }
    let code = |field: &str, v: Option<&str>| -> AppResult<Option<String>> {
        optional(field, v, 18)?
            .map(|u| Uscc::parse(&u).map(|x| x.as_str().to_owned()).map_err(|e| AppError::field(e.at(field))))
            .transpose()
    };
    let uscc = code("subject_uscc", input.subject_uscc.as_deref())?;
    Ok(ItemRow {
        id: String::new(),
        campaign_id: input.campaign_id.clone(),
        org_id: String::new(),
        region_code: String::new(),
        reference: text("reference", &input.reference, 64)?,
        source: input.source.code().to_owned(),
        source_ref: optional("source_ref", input.source_ref.as_deref(), 64)?,
        subject_name: text("subject_name", &input.subject_name, 200)?,
        subject_uscc: uscc,
        creditor_name: optional("creditor_name", input.creditor_name.as_deref(), 200)?,
        creditor_uscc: code("creditor_uscc", input.creditor_uscc.as_deref())?,
        responsible: people(&input.responsible)?,
        category: input.category.code().to_owned(),
        field: input.field.map(|f| f.code().to_owned()),
        cause: text("cause", &input.cause, 5_000)?,
        handling_opinion: optional("handling_opinion", input.handling_opinion.as_deref(), 5_000)?,
        arrears_fen: input.arrears_fen,
        repaid_fen: 0,
        status: LedgerItemStatus::Open.code().to_owned(),
        plan: None,
        plan_revision: 0,
        escalated_case_id: None,
        rectified_at: None,
        closed_at: None,
        version: 1,
        created_by: String::new(),
        created_at: NaiveDateTime::default(),
        updated_at: NaiveDateTime::default(),
    })
}

/// 422 unless the unit takes part in `campaign`.
pub(crate) fn check_campaign(conn: &mut DbConn, campaign: Option<&str>, org_id: &str) -> AppResult<()> {
    let Some(c) = campaign else { return Ok(()) };
    let units = crate::campaign::store::units_of(conn, c)?;
    if units.iter().any(|u| u == org_id) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "campaign_id",
            "not_taking_part",
            "该单位未参加该次自查",
            "the unit does not take part in the campaign",
        ))
    }
}

/// Inserts `row` (its reference unused in its unit) and announces it; in the caller's
/// transaction.
pub(crate) fn insert(conn: &mut DbConn, actor: &Actor, row: &ItemRow, now: NaiveDateTime) -> AppResult<LedgerItem> {
    let taken: i64 = ledger_items::table
        .filter(ledger_items::org_id.eq(&row.org_id))
        .filter(ledger_items::reference.eq(&row.reference))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(AppError::conflict(
            "duplicate_reference",
            Message::new("本单位已登记该编号的问题", "the unit already recorded a problem under this reference"),
        ));
    }
    diesel::insert_into(ledger_items::table).values(row).execute(conn)?;
    let view = row.view(&[], true, true)?;
    lvyue_outbox::events::append(conn, now, crate::events::item(crate::events::ITEM_RECORDED, &view))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: crate::events::ITEM_RECORDED,
            entity_type: "ledger_item",
            entity_id: &row.id,
            before: None,
            after: Some(serde_json::json!({"reference": row.reference, "org_id": row.org_id})),
        },
    )?;
    Ok(view)
}

/// A new row of unit `org` from checked particulars.
pub(crate) fn new_row(fresh: ItemRow, org_id: &str, region: &str, actor: &Actor, now: NaiveDateTime) -> ItemRow {
    ItemRow {
        id: lvyue_core::ids::LedgerItemId::generate().into_string(),
        org_id: org_id.to_owned(),
        region_code: region.to_owned(),
        created_by: actor.subject.clone(),
        created_at: now,
        updated_at: now,
        ..fresh
    }
}

/// Records a problem.
pub fn record(conn: &mut DbConn, actor: &Actor, input: LedgerItemInput, now: NaiveDateTime) -> AppResult<LedgerItem> {
    let org = crate::access::unit_for(conn, actor, input.org_id.as_deref())?;
    let fresh = particulars(&input)?;
    check_campaign(conn, input.campaign_id.as_deref(), &org.id)?;
    let row = new_row(fresh, &org.id, &org.region_code, actor, now);
    write_tx(conn, |conn| insert(conn, actor, &row, now))
}

/// `PATCH /api/v1/ledger-items/{id}`: the particulars as a whole, at the version read.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerItemPatch {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// 失信主体名称.
    #[serde(default)]
    pub subject_name: Option<String>,
    /// 责任人 (replaces them).
    #[serde(default)]
    pub responsible: Option<Vec<ResponsiblePerson>>,
    /// 问题成因.
    #[serde(default)]
    pub cause: Option<String>,
    /// 处理意见.
    #[serde(default)]
    pub handling_opinion: Option<String>,
    /// 欠款金额 (分; not below what was repaid).
    #[serde(default)]
    pub arrears_fen: Option<i64>,
}

/// Corrects item `id`.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    p: LedgerItemPatch,
    now: NaiveDateTime,
) -> AppResult<LedgerItem> {
    write_tx(conn, |conn| {
        let before = super::read::load(conn, actor, id, true)?;
        crate::access::must_write(conn, actor, &before.org_id, &before.region_code)?;
        lvyue_db::versioned::check(p.version, before.version)?;
        super::check(before.status()?, super::LedgerItemAction::Correct)?;
        let mut after = before.clone();
        let text = lvyue_core::validation::bounded_text;
        if let Some(n) = &p.subject_name {
            after.subject_name = text("subject_name", n, 200)?;
        }
        if let Some(list) = &p.responsible {
            after.responsible = people(list)?;
        }
        if let Some(c) = &p.cause {
            after.cause = text("cause", c, 5_000)?;
        }
        if let Some(h) = &p.handling_opinion {
            after.handling_opinion = optional("handling_opinion", Some(h), 5_000)?;
        }
        if let Some(a) = p.arrears_fen {
            if a < after.repaid_fen || a > 1_000_000_000_000_000 {
                return Err(AppError::invalid(
                    "arrears_fen",
                    "below_repaid",
                    "欠款金额不能少于已偿还金额",
                    "not below what was repaid",
                ));
            }
            after.arrears_fen = a;
        }
        super::plan::save(conn, actor, &before, after, None, (crate::events::ITEM_UPDATED, now))
    })
}
