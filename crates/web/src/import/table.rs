//! Reading an upload into rows shaped like the API's body, so one parser checks every format:
//! an Excel workbook's first sheet and CSV (a header line naming the columns, in Chinese or by
//! key), NDJSON or a JSON array (each row the body of `POST` itself).
//!
//! A file that is not of its format at all, or whose header names an unknown column or lacks a
//! required one, stops the import with 400; a bad cell refuses only its row.

use super::cell::{self, Raw};
use super::columns::{by_header, Column};
use lvyue_core::{AppError, AppResult, FieldError, Message};
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader, Read, Seek};

/// An upload's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// `.xlsx` (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`).
    Xlsx,
    /// CSV with a header line (`text/csv`).
    Csv,
    /// One JSON object per line (`application/x-ndjson`).
    Ndjson,
    /// A JSON array of objects (`application/json`).
    Json,
}

impl ImportFormat {
    /// The format of a media type's essence.
    pub fn from_media_type(essence: &str) -> Option<ImportFormat> {
        match essence {
            crate::sheet::XLSX => Some(ImportFormat::Xlsx),
            "text/csv" => Some(ImportFormat::Csv),
            "application/x-ndjson" | "application/jsonl" => Some(ImportFormat::Ndjson),
            "application/json" => Some(ImportFormat::Json),
            _ => None,
        }
    }
}

/// One row read.
#[derive(Debug)]
pub struct ReadRow {
    /// Its number among the data rows, from 1.
    pub n: usize,
    /// The unit's reference, when the row has one (also when its other cells are bad).
    pub reference: Option<String>,
    /// The body it stands for, or why its cells could not be read.
    pub body: Result<Value, Vec<FieldError>>,
}

impl ReadRow {
    fn of(n: usize, body: Result<Value, Vec<FieldError>>, reference: Option<String>) -> ReadRow {
        let reference = reference
            .or_else(|| body.as_ref().ok().and_then(|b| b.get("reference")).and_then(Value::as_str).map(str::to_owned));
        ReadRow { n, reference, body }
    }
}

fn malformed(what: &str, detail: impl std::fmt::Display) -> AppError {
    AppError::Malformed(Message::new(format!("无法读取{what}：{detail}"), format!("cannot read the {what}: {detail}")))
}

fn too_many(max: usize) -> AppError {
    AppError::Malformed(Message::new(
        format!("一次最多导入 {max} 行，请分批导入"),
        format!("at most {max} rows per import; split the file"),
    ))
}

/// The rows of `file` in `format`, at most `max`.
pub fn read<R: Read + Seek>(format: ImportFormat, file: R, columns: &[Column], max: usize) -> AppResult<Vec<ReadRow>> {
    match format {
        ImportFormat::Xlsx => tabular(xlsx_rows(file)?, columns, max),
        ImportFormat::Csv => {
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(file);
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| malformed("CSV", e))?;
                rows.push(record.iter().map(|c| Raw::Text(c.trim_start_matches('\u{feff}').to_owned())).collect());
                if rows.len() > max + 1 {
                    return Err(too_many(max));
                }
            }
            tabular(rows, columns, max)
        }
        ImportFormat::Ndjson => {
            let mut out = Vec::new();
            for line in BufReader::new(file).lines() {
                let line = line.map_err(|e| malformed("NDJSON", e))?;
                if line.trim().is_empty() {
                    continue;
                }
                let n = out.len() + 1;
                if n > max {
                    return Err(too_many(max));
                }
                out.push(ReadRow::of(n, serde_json::from_str::<Value>(&line).map_err(|e| vec![shape(e)]), None));
            }
            Ok(out)
        }
        ImportFormat::Json => {
            let all: Vec<Value> = serde_json::from_reader(BufReader::new(file)).map_err(|e| malformed("JSON", e))?;
            if all.len() > max {
                return Err(too_many(max));
            }
            Ok(all.into_iter().enumerate().map(|(i, v)| ReadRow::of(i + 1, Ok(v), None)).collect())
        }
    }
}

/// A row that is not an object of the body's shape.
pub fn shape(e: impl std::fmt::Display) -> FieldError {
    FieldError::new(
        "row",
        "invalid_row",
        Message::new(format!("该行格式不正确：{e}"), format!("the row does not have the expected shape: {e}")),
    )
}

/// The cells of the first worksheet, row by row.
fn xlsx_rows<R: Read + Seek>(file: R) -> AppResult<Vec<Vec<Raw>>> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(BufReader::new(file)).map_err(|e| malformed("Excel 文件", e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| malformed("Excel 文件", "no worksheet"))?
        .map_err(|e| malformed("Excel 文件", e))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::Empty => Raw::Blank,
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.clone()),
                    Data::Int(i) => Raw::Number(*i as f64),
                    Data::Float(f) => Raw::Number(*f),
                    Data::Bool(b) => Raw::Flag(*b),
                    Data::DateTime(dt) => {
                        dt.as_datetime().map(|t| Raw::Date(t.date())).unwrap_or(Raw::Number(dt.as_f64()))
                    }
                    Data::Error(e) => Raw::Error(e.to_string()),
                })
                .collect()
        })
        .collect())
}

/// Header and rows of a table, as bodies; rows with every cell blank are skipped.
fn tabular(rows: Vec<Vec<Raw>>, columns: &[Column], max: usize) -> AppResult<Vec<ReadRow>> {
    let mut rows = rows.into_iter();
    let header = rows.next().ok_or_else(|| malformed("表格", "no header line"))?;
    let mut mapped: Vec<Option<&Column>> = Vec::with_capacity(header.len());
    for h in &header {
        let name = match h {
            Raw::Text(t) => t.trim().to_owned(),
            Raw::Blank => String::new(),
            other => format!("{other:?}"),
        };
        if name.is_empty() {
            mapped.push(None);
            continue;
        }
        let c = by_header(columns, &name).ok_or_else(|| unknown_column(&name, columns))?;
        mapped.push(Some(c));
    }
    if let Some(c) = columns.iter().find(|c| c.required && !mapped.iter().flatten().any(|m| m.key == c.key)) {
        return Err(AppError::Malformed(Message::new(
            format!("表头缺少必填列“{}”", c.zh),
            format!("the header lacks the required column “{}” ({})", c.zh, c.key),
        )));
    }
    let mut out = Vec::new();
    for cells in rows {
        if cells.iter().all(|c| matches!(c, Raw::Blank) || matches!(c, Raw::Text(t) if t.trim().is_empty())) {
            continue;
        }
        let n = out.len() + 1;
        if n > max {
            return Err(too_many(max));
        }
        let reference = mapped.iter().zip(&cells).find_map(|(c, raw)| match (c, raw) {
            (Some(c), Raw::Text(t)) if c.key == "reference" => Some(t.trim().to_owned()),
            (Some(c), Raw::Number(_)) if c.key == "reference" => {
                cell::value(c, raw).ok().flatten().and_then(|v| v.as_str().map(str::to_owned))
            }
            _ => None,
        });
        out.push(ReadRow::of(n, body(&mapped, columns, &cells), reference));
    }
    Ok(out)
}

fn unknown_column(name: &str, columns: &[Column]) -> AppError {
    let known: Vec<&str> = columns.iter().map(|c| c.zh).collect();
    AppError::Malformed(Message::new(
        format!("未知的列“{name}”；可用的列：{}", known.join("、")),
        format!(
            "unknown column “{name}”; the columns are: {}",
            columns.iter().map(|c| c.key).collect::<Vec<_>>().join(", ")
        ),
    ))
}

/// One row's body: each cell's value at its column's path.
fn body(mapped: &[Option<&Column>], columns: &[Column], cells: &[Raw]) -> Result<Value, Vec<FieldError>> {
    let mut root = Map::new();
    let mut errors = Vec::new();
    for (c, raw) in mapped.iter().zip(cells.iter().chain(std::iter::repeat(&Raw::Blank))) {
        let Some(c) = c else { continue };
        match cell::value(c, raw) {
            Ok(Some(v)) => put(&mut root, c.path, v),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    for c in columns.iter().filter(|c| c.required) {
        if !present(&root, c.path) && !errors.iter().any(|e| e.field == c.key) {
            errors.push(FieldError::new(c.key, "required", Message::new(format!("“{}”必填", c.zh), "required")));
        }
    }
    if errors.is_empty() {
        Ok(Value::Object(root))
    } else {
        Err(errors)
    }
}

fn put(root: &mut Map<String, Value>, path: &[&str], v: Value) {
    match path {
        [last] => {
            root.insert((*last).to_owned(), v);
        }
        [first, rest @ ..] => {
            let inner = root.entry((*first).to_owned()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = inner {
                put(m, rest, v);
            }
        }
        [] => {}
    }
}

fn present(root: &Map<String, Value>, path: &[&str]) -> bool {
    match path {
        [last] => root.contains_key(*last),
        [first, rest @ ..] => matches!(root.get(*first), Some(Value::Object(m)) if present(m, rest)),
        [] => false,
    }
}
