//! The contracts' export (合同信息归集上报, 003 二(二)1, 四(三)): the contracts of the caller's
//! slice changed since a moment, as NDJSON, CSV or an Excel workbook — never a confidential one.
//! Read in keyset batches of (updated_at, id), so a large region never sits in one query.

use super::store::ContractRow;
use super::{ContractKind, ContractStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, Role};
use lvyue_db::schema::contracts;
use lvyue_db::DbConn;
use serde::Serialize;

lvyue_core::code_enum! {
    /// The export's formats.
    pub enum ContractExportFormat {
        /// One JSON object per line.
        Ndjson => ("ndjson", "NDJSON", "NDJSON"),
        /// Comma-separated values with a header row.
        Csv => ("csv", "CSV", "CSV"),
        /// An Excel workbook.
        Xlsx => ("xlsx", "Excel 工作簿", "Excel workbook"),
    }
}

/// The most rows one export carries.
pub const MAX_ROWS: usize = 200_000;

/// One exported contract, flat.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedContract {
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
    pub signed_on: String,
    pub amount_fen: Option<i64>,
    pub status: String,
    pub status_reason: Option<String>,
    pub closed_out_at: Option<String>,
    pub updated_at: String,
}

impl ExportedContract {
    fn of(r: ContractRow) -> Self {
        let at = |t: NaiveDateTime| lvyue_core::time::stored_to_shanghai(t).to_rfc3339();
        ExportedContract {
            id: r.id,
            org_id: r.org_id,
            region_code: r.region_code,
            reference: r.reference,
            number: r.number,
            title: r.title,
            kind: r.kind,
            counterparty_name: r.counterparty_name,
            counterparty_uscc: r.counterparty_uscc,
            counterparty_private: r.counterparty_private,
            counterparty_sme: r.counterparty_sme,
            project: r.project,
            signed_on: r.signed_on.to_string(),
            amount_fen: r.amount_fen,
            status: r.status,
            status_reason: r.status_reason,
            closed_out_at: r.closed_out_at.map(at),
            updated_at: at(r.updated_at),
        }
    }

    /// The kind's and the status's Chinese labels.
    pub fn labels(&self) -> (&'static str, &'static str) {
        (
            ContractKind::from_code(&self.kind).map_or("", ContractKind::label_zh),
            ContractStatus::from_code(&self.status).map_or("", ContractStatus::label_zh),
        )
    }
}

/// The export's slice: the obligations' readers, and the public credit platform (everything
/// shared).
fn bounds(conn: &mut DbConn, actor: &Actor) -> AppResult<crate::access::Bounds> {
    if actor.role == Role::CreditPlatform {
        return Ok((None, None));
    }
    crate::access::scope_of(conn, actor).map(|s| s.bounds()).map_err(|e| match e {
        AppError::Forbidden(_) => {
            AppError::Forbidden(Message::new("该角色不能导出政府合同", "the role exports no contracts"))
        }
        e => e,
    })
}

/// The contracts of the caller's slice changed at or after `since`, oldest change first, not
/// confidential; at most [`MAX_ROWS`].
pub fn rows(conn: &mut DbConn, actor: &Actor, since: Option<NaiveDateTime>) -> AppResult<Vec<ExportedContract>> {
    const BATCH: i64 = 1_000;
    let (own, range) = bounds(conn, actor)?;
    let mut out = Vec::new();
    let mut after: Option<(NaiveDateTime, String)> = None;
    loop {
        let mut q = contracts::table.filter(contracts::confidential.eq(false)).into_boxed();
        if let Some(org) = &own {
            q = q.filter(contracts::org_id.eq(org.clone()));
        }
        if let Some((lo, hi)) = &range {
            q = q.filter(contracts::region_code.between(lo.clone(), hi.clone()));
        }
        if let Some(s) = since {
            q = q.filter(contracts::updated_at.ge(s));
        }
        if let Some((at, id)) = &after {
            q = q.filter(
                contracts::updated_at.gt(*at).or(contracts::updated_at.eq(*at).and(contracts::id.gt(id.clone()))),
            );
        }
        let batch: Vec<ContractRow> = q
            .order_by((contracts::updated_at.asc(), contracts::id.asc()))
            .limit(BATCH)
            .select(ContractRow::as_select())
            .load(conn)?;
        let n = batch.len();
        after = batch.last().map(|r| (r.updated_at, r.id.clone()));
        out.extend(batch.into_iter().map(ExportedContract::of));
        if n < BATCH as usize || out.len() >= MAX_ROWS {
            out.truncate(MAX_ROWS);
            return Ok(out);
        }
    }
}

/// The rows as NDJSON.
pub fn ndjson(rows: &[ExportedContract]) -> AppResult<Vec<u8>> {
    let mut out = Vec::new();
    for r in rows {
        serde_json::to_writer(&mut out, r).map_err(|e| AppError::internal(e.to_string()))?;
        out.push(b'\n');
    }
    Ok(out)
}

const HEADERS: [&str; 18] = [
    "合同编号（系统）",
    "政府方机构",
    "行政区划",
    "本单位编号",
    "合同编号",
    "合同名称",
    "合同类型",
    "合同相对方",
    "相对方统一社会信用代码",
    "民营企业",
    "中小企业",
    "项目",
    "签订日期",
    "合同金额（元）",
    "履约状态",
    "状态原因",
    "销号时间",
    "更新时间",
];

/// The rows as CSV, with the codes (a machine's file).
pub fn csv(rows: &[ExportedContract]) -> AppResult<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).map_err(|e| AppError::internal(e.to_string()))?;
    }
    w.into_inner().map_err(|e| AppError::internal(e.to_string()))
}

fn text(o: &Option<String>) -> lvyue_web::sheet::Cell<'_> {
    o.as_deref().map_or(lvyue_web::sheet::Cell::Blank, lvyue_web::sheet::Cell::Text)
}

/// The rows as a workbook, with Chinese headers and labels and amounts in yuan (an office's).
pub fn xlsx(rows: &[ExportedContract]) -> AppResult<Vec<u8>> {
    use lvyue_web::sheet::{Cell, Table};
    let mut book = rust_xlsxwriter::Workbook::new();
    let mut t = Table::new(&mut book, "政府合同", None, &HEADERS)?;
    t.width(5, 30.0)?.width(7, 28.0)?;
    let yes = |b: bool| Cell::Text(if b { "是" } else { "否" });
    for r in rows {
        let (kind, status) = r.labels();
        t.push(&[
            Cell::Text(&r.id),
            Cell::Text(&r.org_id),
            Cell::Text(&r.region_code),
            Cell::Text(&r.reference),
            text(&r.number),
            Cell::Text(&r.title),
            Cell::Text(kind),
            Cell::Text(&r.counterparty_name),
            text(&r.counterparty_uscc),
            yes(r.counterparty_private),
            yes(r.counterparty_sme),
            text(&r.project),
            Cell::Text(&r.signed_on),
            r.amount_fen.map_or(Cell::Blank, Cell::Yuan),
            Cell::Text(status),
            text(&r.status_reason),
            text(&r.closed_out_at),
            Cell::Text(&r.updated_at),
        ])?;
    }
    lvyue_web::sheet::finish(&mut book)
}
