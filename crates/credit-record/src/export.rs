//! The full export for reconciliation (`GET /credit-records/export`): every record the caller
//! may see, changed since a moment, as NDJSON or CSV, produced in keyset batches of
//! [`BATCH`] rows (by `updated_at`, then id) and handed to a sink batch by batch — memory
//! stays constant however many records there are.

use crate::record::CreditRecordRow;
use crate::scope::{restrict, RecordScope};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::AppResult;
use lvyue_db::schema::credit_records;
use lvyue_db::DbConn;

/// Rows per batch.
pub const BATCH: i64 = 1000;

lvyue_core::code_enum! {
    /// An export's format (导出格式).
    pub enum ExportFormat {
        /// One JSON record per line (the exchange format), `application/x-ndjson`.
        Ndjson => ("ndjson", "NDJSON（每行一条记录）", "NDJSON (one record per line)"),
        /// CSV with a header line (flat columns), `text/csv`.
        Csv => ("csv", "CSV 表格", "CSV"),
    }
}

impl ExportFormat {
    /// The content type the export answers with.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Ndjson => "application/x-ndjson",
            ExportFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "subject_uscc",
    "subject_name",
    "region_code",
    "source_type",
    "complaint_id",
    "provider_ref",
    "determining_body",
    "category",
    "facts",
    "amount_fen",
    "grade",
    "decided_on",
    "repairable_from",
    "expires_on",
    "status",
    "visibility",
    "version",
    "updated_at",
];

fn csv_line(w: &mut csv::Writer<Vec<u8>>, r: &CreditRecordRow) -> csv::Result<()> {
    let v = r.view();
    w.write_record([
        v.id.as_str(),
        &v.kind,
        v.subject.uscc.as_deref().unwrap_or(""),
        &v.subject.name,
        &v.subject.region_code,
        &v.source.source_type,
        v.source.complaint_id.as_deref().unwrap_or(""),
        v.source.provider_ref.as_deref().unwrap_or(""),
        &v.determining_body.name,
        v.category.as_deref().unwrap_or(""),
        &v.facts,
        &v.amount_fen.map(|a| a.to_string()).unwrap_or_default(),
        v.grade.as_deref().unwrap_or(""),
        &v.decided_on.to_string(),
        &v.publicity.as_ref().map(|p| p.repairable_from.to_string()).unwrap_or_default(),
        &v.publicity.as_ref().map(|p| p.expires_on.to_string()).unwrap_or_default(),
        &v.status,
        &v.visibility,
        &v.version.to_string(),
        &v.updated_at.to_rfc3339(),
    ])
}

/// The header (CSV) or nothing (NDJSON).
pub fn header(format: ExportFormat) -> Vec<u8> {
    match format {
        ExportFormat::Ndjson => Vec::new(),
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(CSV_COLUMNS);
            w.into_inner().unwrap_or_default()
        }
    }
}

/// Where the export stands between batches.
#[derive(Debug, Clone, Default)]
pub struct ExportPosition {
    after: Option<(NaiveDateTime, String)>,
}

/// The next batch after `position`, encoded; None at the end.
pub fn next_batch(
    conn: &mut DbConn,
    scope: &RecordScope,
    changed_since: Option<NaiveDateTime>,
    format: ExportFormat,
    position: &mut ExportPosition,
) -> AppResult<Option<Vec<u8>>> {
    let mut query = restrict(credit_records::table.into_boxed(), scope);
    if let Some(since) = changed_since {
        query = query.filter(credit_records::updated_at.ge(since));
    }
    if let Some((at, id)) = position.after.clone() {
        query = query.filter(
            credit_records::updated_at.gt(at).or(credit_records::updated_at.eq(at).and(credit_records::id.gt(id))),
        );
    }
    let rows: Vec<CreditRecordRow> = query
        .order_by((credit_records::updated_at.asc(), credit_records::id.asc()))
        .limit(BATCH)
        .select(CreditRecordRow::as_select())
        .load(conn)?;
    let Some(last) = rows.last() else { return Ok(None) };
    position.after = Some((last.updated_at, last.id.clone()));
    let mut out = Vec::with_capacity(rows.len() * 512);
    match format {
        ExportFormat::Ndjson => {
            for r in &rows {
                serde_json::to_writer(&mut out, &r.view()).map_err(lvyue_core::AppError::internal)?;
                out.push(b'\n');
            }
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            for r in &rows {
                csv_line(&mut w, r).map_err(lvyue_core::AppError::internal)?;
            }
            out = w.into_inner().map_err(lvyue_core::AppError::internal)?;
        }
    }
    Ok(Some(out))
}
