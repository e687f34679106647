//! `lvyue credit-records import --provider USCC FILE`: a data provider's file, through the
//! same streamed, per-row import as `POST /api/v1/credit-records/imports`.

use crate::config::Config;
use crate::error::RunError;
use crate::startup::prepare_database;
use lvyue_core::clock::{Clock, SystemClock};
use lvyue_core::{Actor, AppError, Lang, Uscc};
use lvyue_credit_record::import::{self, Format, ImportOptions, RowOutcome};
use lvyue_registry::organisation::find_by_uscc;
use std::path::Path;

/// Imports the file and prints what became of it; fails when rows were refused.
pub fn run(config: &Config, provider: &str, all_or_nothing: bool, file: &Path) -> Result<(), RunError> {
    let name = file.to_string_lossy();
    let format = Format::from_file_name(&name)
        .ok_or_else(|| RunError::usage(format!("{name}: use .json, .ndjson, .jsonl or .csv")))?;
    let uscc = Uscc::parse(provider).map_err(|e| RunError::usage(format!("--provider: {}", e.message.zh)))?;
    let reader = std::io::BufReader::new(std::fs::File::open(file).map_err(|e| RunError::file(file, e))?);
    let pools = prepare_database(config, &SystemClock)?;
    let mut conn = pools.write.get()?;
    let provider = find_by_uscc(&mut conn, uscc.as_str())?
        .ok_or_else(|| RunError::usage("the provider is not in the registry"))?;
    drop(conn);
    let now = SystemClock.now();
    let options = ImportOptions {
        provider,
        all_or_nothing,
        lang: Lang::Zh,
        today: lvyue_core::time::shanghai_date(now),
        now: lvyue_core::time::to_stored(now),
        periods: config.domain.publicity,
        actor: Actor::system("credit-records-import"),
    };
    let pool = pools.write.clone();
    let connect = || pool.get().map_err(|e| AppError::Unavailable(e.to_string()));
    let report = import::run(format, reader, &options, &connect)?;
    let s = &report.summary;
    println!(
        "imported {} rows: {} created, {} updated, {} unchanged, {} refused",
        s.rows, s.created, s.updated, s.unchanged, s.refused
    );
    for r in report.rows.iter().filter(|r| r.outcome == RowOutcome::Refused) {
        for e in &r.errors {
            println!(
                "row {} ({}): {}: {} [{}]",
                r.row,
                r.provider_ref.as_deref().unwrap_or("-"),
                e.field,
                e.message,
                e.code
            );
        }
    }
    if let Some(stopped) = &report.stopped {
        println!("stopped: {}", stopped.message);
    }
    if s.refused > 0 || report.stopped.is_some() {
        return Err(RunError::RowsRefused(s.refused));
    }
    Ok(())
}
