//! The units' problem lists as spreadsheets (问题清单导入), through the shared import machinery:
//! the columns in the seed's order, and what a row does — recorded, or corrected under a
//! reference the unit recorded before (its source and category stay; the arrears never drop
//! below what was repaid).

use crate::item::register::{check_campaign, insert, new_row, particulars, LedgerItemInput};
use crate::item::store::ItemRow;
use crate::item::{LedgerItemCategory, LedgerItemSource};
use diesel::prelude::*;
use lvyue_core::{AppResult, FieldError, Message};
use lvyue_db::schema::ledger_items;
use lvyue_db::DbConn;
use lvyue_web::import::apply::{checked, Applied, ImportOptions, Importable};
use lvyue_web::import::columns::{col, CellKind, Column};
use lvyue_web::import::report::ListRowOutcome;
use serde_json::Value;

/// Rows per import.
pub const MAX_ROWS: usize = 10_000;

/// A problem list's columns (问题清单).
pub const COLUMNS: &[Column] = &[
    col("reference", "本单位编号", CellKind::Text, true, &["reference"]),
    col("campaign_id", "自查活动编号", CellKind::Text, false, &["campaign_id"]),
    col("source", "问题来源", CellKind::Code(LedgerItemSource::TABLE), true, &["source"]),
    col("subject_name", "失信主体名称", CellKind::Text, true, &["subject_name"]),
    col("subject_uscc", "统一社会信用代码", CellKind::Text, false, &["subject_uscc"]),
    col("creditor_name", "债权企业名称", CellKind::Text, false, &["creditor_name"]),
    col("creditor_uscc", "债权企业统一社会信用代码", CellKind::Text, false, &["creditor_uscc"]),
    col("category", "问题类别", CellKind::Code(LedgerItemCategory::TABLE), true, &["category"]),
    col("cause", "问题成因", CellKind::Text, true, &["cause"]),
    col("arrears_yuan", "欠款金额（元）", CellKind::Yuan, false, &["arrears_fen"]),
    col("handling_opinion", "处理意见", CellKind::Text, false, &["handling_opinion"]),
    col("responsible_name", "责任人姓名", CellKind::Text, false, &["responsible_name"]),
    col("responsible_post", "责任人职务", CellKind::Text, false, &["responsible_post"]),
];

/// Ledger items import.
pub struct LedgerItems;

/// A spreadsheet's one responsible person (name and post columns) as the body's list.
fn responsible(mut body: Value) -> Value {
    if let Value::Object(m) = &mut body {
        let name = m.remove("responsible_name");
        let post = m.remove("responsible_post");
        if let Some(name) = name {
            let post = post.unwrap_or(Value::String(String::new()));
            m.insert("responsible".to_owned(), serde_json::json!([{"name": name, "post": post}]));
        }
    }
    body
}

fn fixed(field: &str) -> Vec<FieldError> {
    vec![FieldError::new(
        field.to_owned(),
        "fixed_after_registration",
        Message::new("问题来源和类别登记后不能更改", "a problem's source and category do not change"),
    )]
}

impl Importable for LedgerItems {
    fn upsert(conn: &mut DbConn, o: &ImportOptions, body: Value) -> AppResult<Applied> {
        let fresh = match checked(responsible(body), o, |i: &LedgerItemInput| i.org_id.as_deref(), particulars)? {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        if let Err(lvyue_core::AppError::Validation(e)) = check_campaign(conn, fresh.campaign_id.as_deref(), &o.unit.id)
        {
            return Ok(Err(e));
        }
        let existing: Option<ItemRow> = lvyue_db::locked!(
            conn,
            for_update,
            ledger_items::table
                .filter(ledger_items::org_id.eq(&o.unit.id))
                .filter(ledger_items::reference.eq(&fresh.reference))
                .select(ItemRow::as_select()),
            |q, c| q.first(c).optional()
        )?;
        let Some(before) = existing else {
            let row = new_row(fresh, &o.unit.id, &o.unit.region_code, &o.actor, o.now);
            insert(conn, &o.actor, &row, o.now)?;
            return Ok(Ok((ListRowOutcome::Created, row.id)));
        };
        for (field, same) in
            [("source", before.source == fresh.source), ("category", before.category == fresh.category)]
        {
            if !same {
                return Ok(Err(fixed(field)));
            }
        }
        if fresh.arrears_fen < before.repaid_fen {
            return Ok(Err(vec![FieldError::new(
                "arrears_yuan",
                "below_repaid",
                Message::new("欠款金额不能少于已偿还金额", "not below what was repaid"),
            )]));
        }
        let after = ItemRow {
            subject_name: fresh.subject_name,
            subject_uscc: fresh.subject_uscc,
            creditor_name: fresh.creditor_name,
            creditor_uscc: fresh.creditor_uscc,
            responsible: fresh.responsible,
            cause: fresh.cause,
            handling_opinion: fresh.handling_opinion,
            arrears_fen: fresh.arrears_fen,
            source_ref: fresh.source_ref,
            field: fresh.field,
            ..before.clone()
        };
        if after == before {
            return Ok(Ok((ListRowOutcome::Unchanged, before.id)));
        }
        crate::item::plan::save(conn, &o.actor, &before, after, None, (crate::events::ITEM_UPDATED, o.now))?;
        Ok(Ok((ListRowOutcome::Updated, before.id)))
    }
}
