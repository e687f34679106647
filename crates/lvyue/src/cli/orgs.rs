//! `lvyue orgs import FILE`: loads the registry from CSV or JSON, all rows or none.

use crate::config::Config;
use crate::error::RunError;
use crate::startup::prepare_database;
use lvyue_core::clock::{Clock, SystemClock};
use lvyue_core::{Actor, AppError};
use lvyue_registry::import::{import, parse_csv, parse_json, ImportReport};
use std::path::Path;

/// Reads, validates and imports `file`; on any bad row nothing is loaded and every problem is listed.
pub fn run(config: &Config, file: &Path) -> Result<ImportReport, RunError> {
    let text = std::fs::read_to_string(file).map_err(|e| RunError::file(file, e))?;
    let is_csv = match file.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("csv") => true,
        Some(ext) if ext.eq_ignore_ascii_case("json") => false,
        _ => !text.trim_start().starts_with(['[', '{']),
    };
    let parsed = if is_csv { parse_csv(&text) } else { parse_json(&text) };
    let inputs = parsed.map_err(|e| describe(e, is_csv))?;
    let pools = prepare_database(config, &SystemClock)?;
    let mut conn = pools.write.get()?;
    let now = lvyue_core::time::to_stored(SystemClock.now());
    import(&mut conn, &Actor::system("orgs-import"), inputs, now).map_err(|e| describe(e, is_csv))
}

/// The problems, field by field; a CSV row's field is named by its line in the file.
fn describe(e: AppError, is_csv: bool) -> RunError {
    match e {
        AppError::Validation(mut errors) if is_csv => {
            for f in &mut errors {
                if let Some(i) = row_index(&f.field) {
                    f.field = format!("line {} ({})", i + 2, f.field);
                }
            }
            RunError::Invalid(errors)
        }
        other => other.into(),
    }
}

fn row_index(field: &str) -> Option<usize> {
    field.strip_prefix("rows[")?.split(']').next()?.parse().ok()
}
