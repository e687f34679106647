//! `lvyue calendar load --year 2027 FILE.json`: loads a year's holiday arrangement, the same
//! JSON as `PUT /api/v1/calendar/{year}` (`source`, `holidays`, `working_weekends`).

use crate::config::Config;
use crate::startup::prepare_database;
use lvyue_core::clock::{Clock, SystemClock};
use lvyue_core::{Actor, AppError};
use lvyue_outbox::audit::{self, AuditEntry};
use lvyue_verification::calendar::{load_year, read_year, CalendarYear, CalendarYearInput};
use std::path::Path;

/// Reads, checks and stores the year; running servers pick it up within a minute.
pub fn run(config: &Config, year: i32, file: &Path) -> Result<CalendarYear, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let input: CalendarYearInput =
        serde_json::from_str(&text).map_err(|e| format!("{}: not a calendar year: {e}", file.display()))?;
    let pools = prepare_database(config, &SystemClock)?;
    let mut conn = pools.write.get().map_err(|e| e.to_string())?;
    let now = lvyue_core::time::to_stored(SystemClock.now());
    let actor = Actor::system("calendar-load");
    lvyue_db::write_tx(&mut conn, |conn| {
        load_year(conn, year, &input, now)?;
        let view = read_year(conn, year)?.ok_or_else(|| AppError::internal("a stored year did not read back"))?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor,
                action: "calendar.load",
                entity_type: "calendar_year",
                entity_id: &year.to_string(),
                before: None,
                after: Some(serde_json::to_value(&view).unwrap_or_default()),
            },
        )?;
        Ok(view)
    })
    .map_err(|e| match e {
        AppError::Validation(list) => {
            list.iter().map(|f| format!("{}: {} [{}]", f.field, f.message.zh, f.code)).collect::<Vec<_>>().join("\n")
        }
        other => other.to_string(),
    })
}
