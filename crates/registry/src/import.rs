//! Loading the organisation registry from CSV or JSON: every row valid, or nothing loaded.
//!
//! CSV header: `name,uscc,region_code,level,kind,parent_uscc,supervisor_uscc`, optionally
//! followed by `functions` (职能: implementer kinds separated by semicolons, e.g.
//! `development_reform;credit_office`; an empty cell clears them). Without that column an
//! organisation keeps the functions it has.
//! JSON: an array of organisations, or `{"organisations": [...]}`.
//! Rows may refer to each other in any order; an organisation already in the
//! registry (same USCC) is updated, so importing the same file twice changes nothing.

use crate::organisation::{find_by_uscc, OrganisationInput, OrganisationRow};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::validation::{field_errors, parse_value};
use lvyue_core::{Actor, AppError, AppResult, FieldError, Message, OrgId, Uscc};
use lvyue_db::schema::organisations;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;
use validator::Validate;

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq, Eq)]
#[schema(as = OrganisationImportReport)]
pub struct ImportReport {
    /// Rows read.
    pub rows: usize,
    /// Organisations created.
    pub created: usize,
    /// Organisations whose data changed.
    pub updated: usize,
    /// Organisations already as in the file.
    pub unchanged: usize,
}

fn row_error(i: usize, e: FieldError) -> FieldError {
    let field = if e.field.is_empty() { format!("rows[{i}]") } else { format!("rows[{i}].{}", e.field) };
    e.at(field)
}

/// Reads CSV text into inputs; a malformed line is a field error on its row.
pub fn parse_csv(text: &str) -> Result<Vec<OrganisationInput>, AppError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let expected = ["name", "uscc", "region_code", "level", "kind", "parent_uscc", "supervisor_uscc"];
    let headers = reader
        .headers()
        .map_err(|e| {
            AppError::Malformed(Message::new(
                format!("CSV 表头无法读取：{e}"),
                format!("cannot read the CSV header: {e}"),
            ))
        })?
        .clone();
    let got: Vec<&str> = headers.iter().collect();
    let with_functions = got.len() == expected.len() + 1 && got.last() == Some(&"functions");
    if got[..got.len().min(expected.len())] != expected || !(got.len() == expected.len() || with_functions) {
        return Err(AppError::Malformed(Message::new(
            format!("CSV 表头应为 {}（可再加一列 functions）", expected.join(",")),
            format!("the CSV header must be {} (optionally followed by functions)", expected.join(",")),
        )));
    }
    let rows = reader.records().map(|record| {
        let record = record.map_err(|e| {
            FieldError::new(
                "",
                "malformed_row",
                Message::new(format!("CSV 行格式错误：{e}"), format!("malformed CSV row: {e}")),
            )
        })?;
        let cell = |k: usize| record.get(k).unwrap_or("").to_owned();
        let opt = |k: usize| Some(cell(k)).filter(|s| !s.is_empty());
        let mut row = serde_json::json!({
            "name": cell(0), "uscc": cell(1), "region_code": cell(2), "level": cell(3), "kind": cell(4),
            "parent_uscc": opt(5), "supervisor_uscc": opt(6),
        });
        if with_functions {
            let functions: Vec<&str> =
                record.get(7).unwrap_or("").split(';').map(str::trim).filter(|f| !f.is_empty()).collect();
            row["functions"] = serde_json::json!(functions);
        }
        Ok(row)
    });
    rows_to_inputs(rows)
}

/// Parses each row's JSON into an input; every bad row is reported as `rows[i]…`, and any
/// bad row makes the whole file a 422.
fn rows_to_inputs(
    rows: impl Iterator<Item = Result<serde_json::Value, FieldError>>,
) -> Result<Vec<OrganisationInput>, AppError> {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in rows.enumerate() {
        match row.and_then(|json| parse_value::<OrganisationInput>(&json)) {
            Ok(input) => inputs.push(input),
            Err(e) => errors.push(row_error(i, e)),
        }
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Reads JSON text (an array, or an object with `organisations`) into inputs.
pub fn parse_json(text: &str) -> Result<Vec<OrganisationInput>, AppError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        AppError::Malformed(Message::new(format!("JSON 无法解析：{e}"), format!("not valid JSON: {e}")))
    })?;
    parse_json_value(value)
}

/// Reads parsed JSON (an array, or an object with `organisations`) into inputs.
pub fn parse_json_value(value: serde_json::Value) -> Result<Vec<OrganisationInput>, AppError> {
    let list = match value {
        serde_json::Value::Object(mut o) => o.remove("organisations").unwrap_or(serde_json::Value::Null),
        other => other,
    };
    let serde_json::Value::Array(items) = list else {
        return Err(AppError::Malformed(Message::new(
            "JSON 须为机构数组或 {\"organisations\": [...]}",
            "JSON must be an array of organisations or {\"organisations\": [...]}",
        )));
    };
    rows_to_inputs(items.into_iter().map(Ok))
}

/// What a row will become once references are resolved.
#[derive(PartialEq, Eq)]
struct Target {
    name: String,
    region_code: String,
    level: &'static str,
    kind: &'static str,
    parent_id: Option<String>,
    supervisor_id: Option<String>,
    functions: String,
}

/// Imports `inputs` in one transaction (admin). Any invalid row: nothing is loaded,
/// and every problem is reported as `rows[i].field`.
pub fn import(
    conn: &mut DbConn,
    actor: &Actor,
    inputs: Vec<OrganisationInput>,
    now: NaiveDateTime,
) -> AppResult<ImportReport> {
    actor.require(crate::organisation::EDITORS)?;
    let mut errors = Vec::new();
    let mut usccs: Vec<Option<Uscc>> = Vec::with_capacity(inputs.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, input) in inputs.iter().enumerate() {
        if let Err(e) = input.validate() {
            errors.extend(field_errors(&e).into_iter().map(|f| row_error(i, f)));
        }
        let parsed = Uscc::parse(&input.uscc).ok();
        if let Some(u) = &parsed {
            if let Some(first) = seen.insert(u.as_str().to_owned(), i) {
                errors.push(row_error(
                    i,
                    FieldError::new(
                        "uscc",
                        "duplicate_in_file",
                        Message::new(format!("与第 {first} 行重复"), format!("the same USCC as rows[{first}]")),
                    ),
                ));
            }
            if input.supervisor_uscc.as_deref() == Some(u.as_str()) {
                errors.push(row_error(
                    i,
                    FieldError::new(
                        "supervisor_uscc",
                        "self_reference",
                        Message::new("机构不能是自己的主管部门", "an organisation cannot supervise itself"),
                    ),
                ));
            }
        }
        usccs.push(parsed);
    }
    write_tx(conn, |conn| {
        // Everything the file names, as it stands in the registry now.
        let mut wanted: HashSet<String> = seen.keys().cloned().collect();
        for input in &inputs {
            for r in [&input.parent_uscc, &input.supervisor_uscc].into_iter().flatten() {
                if let Ok(u) = Uscc::parse(r) {
                    wanted.insert(u.as_str().to_owned());
                }
            }
        }
        let wanted: Vec<String> = wanted.into_iter().collect();
        let mut existing: HashMap<String, OrganisationRow> = HashMap::new();
        for chunk in wanted.chunks(500) {
            let rows: Vec<OrganisationRow> = organisations::table
                .filter(organisations::uscc.eq_any(chunk))
                .select(OrganisationRow::as_select())
                .load(conn)?;
            existing.extend(rows.into_iter().map(|r| (r.uscc.clone(), r)));
        }
        let mut ids: HashMap<String, String> = existing.iter().map(|(u, r)| (u.clone(), r.id.clone())).collect();
        for u in usccs.iter().flatten() {
            ids.entry(u.as_str().to_owned()).or_insert_with(|| OrgId::generate().into_string());
        }
        for (i, input) in inputs.iter().enumerate() {
            for (field, r) in [("parent_uscc", &input.parent_uscc), ("supervisor_uscc", &input.supervisor_uscc)] {
                let Some(r) = r else { continue };
                let Ok(u) = Uscc::parse(r) else { continue };
                if !ids.contains_key(u.as_str()) {
                    errors.push(row_error(
                        i,
                        FieldError::new(
                            field,
                            "unknown_organisation",
                            Message::new(
                                format!("文件和名录中都没有统一社会信用代码为 {r} 的机构"),
                                format!("no organisation with USCC {r} is in the file or the registry"),
                            ),
                        ),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            return Err(AppError::Validation(std::mem::take(&mut errors)));
        }
        let resolve = |r: &Option<String>| {
            r.as_deref().and_then(|r| Uscc::parse(r).ok()).and_then(|u| ids.get(u.as_str()).cloned())
        };
        let mut report = ImportReport { rows: inputs.len(), ..ImportReport::default() };
        // Pass 1: new organisations without references (they may point at later rows).
        for (input, u) in inputs.iter().zip(&usccs) {
            let Some(u) = u else { continue };
            if existing.contains_key(u.as_str()) {
                continue;
            }
            diesel::insert_into(organisations::table)
                .values((
                    organisations::id.eq(&ids[u.as_str()]),
                    organisations::uscc.eq(u.as_str()),
                    organisations::name.eq(input.name.trim()),
                    organisations::region_code.eq(input.region_code.trim()),
                    organisations::level.eq(input.level.code()),
                    organisations::kind.eq(input.kind.code()),
                    organisations::version.eq(1),
                    organisations::functions.eq("[]"),
                    organisations::created_at.eq(now),
                    organisations::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        // Pass 2: every row to its target state.
        for (input, u) in inputs.iter().zip(&usccs) {
            let Some(u) = u else { continue };
            let target = Target {
                name: input.name.trim().to_owned(),
                region_code: input.region_code.trim().to_owned(),
                level: input.level.code(),
                kind: input.kind.code(),
                parent_id: resolve(&input.parent_uscc),
                supervisor_id: resolve(&input.supervisor_uscc),
                functions: match &input.functions {
                    Some(f) => crate::organisation::stored_functions(f),
                    None => existing.get(u.as_str()).map_or_else(|| "[]".to_owned(), |r| r.functions.clone()),
                },
            };
            let id = &ids[u.as_str()];
            let before = existing.get(u.as_str());
            let current = before.map(|r| Target {
                name: r.name.clone(),
                region_code: r.region_code.clone(),
                level: lvyue_core::OrgLevel::from_code(&r.level).map(|l| l.code()).unwrap_or(""),
                kind: lvyue_core::OrgKind::from_code(&r.kind).map(|k| k.code()).unwrap_or(""),
                parent_id: r.parent_id.clone(),
                supervisor_id: r.supervisor_id.clone(),
                functions: r.functions.clone(),
            });
            if current.as_ref() == Some(&target) {
                report.unchanged += 1;
                continue;
            }
            diesel::update(organisations::table.filter(organisations::id.eq(id)))
                .set((
                    organisations::name.eq(&target.name),
                    organisations::region_code.eq(&target.region_code),
                    organisations::level.eq(target.level),
                    organisations::kind.eq(target.kind),
                    organisations::parent_id.eq(&target.parent_id),
                    organisations::supervisor_id.eq(&target.supervisor_id),
                    organisations::functions.eq(&target.functions),
                    organisations::version.eq(before.map(|b| b.version + 1).unwrap_or(1)),
                    organisations::updated_at.eq(now),
                ))
                .execute(conn)?;
            let after = find_by_uscc(conn, u.as_str())?;
            audit::append(
                conn,
                now,
                AuditEntry {
                    actor,
                    action: if before.is_some() { "organisation.update" } else { "organisation.create" },
                    entity_type: "organisation",
                    entity_id: id,
                    before: before.and_then(|b| serde_json::to_value(b).ok()),
                    after: after.and_then(|a| serde_json::to_value(a).ok()),
                },
            )?;
            if before.is_some() {
                report.updated += 1;
            } else {
                report.created += 1;
            }
        }
        Ok(report)
    })
}
