//! `lvyue calendar load --year 2027 FILE.json`: loads a year's holiday arrangement, the same
//! JSON as `PUT /api/v1/calendar/{year}` (`source`, `holidays`, `working_weekends`).

use crate::config::Config;
use crate::startup::prepare_database;
use lvyue_core::clock::{Clock, SystemClock};
use lvyue_core::{Actor, AppError};
use lvyue_verification::calendar::{load_year_audited, CalendarYear, CalendarYearInput};
use std::path::Path;

/// Reads, checks and stores the year; running servers pick it up within a minute.
pub fn run(config: &Config, year: i32, file: &Path) -> Result<CalendarYear, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let input: CalendarYearInput =
        serde_json::from_str(&text).map_err(|e| format!("{}: not a calendar year: {e}", file.display()))?;
    let pools = prepare_database(config, &SystemClock)?;
    let mut conn = pools.write.get().map_err(|e| e.to_string())?;
    let now = lvyue_core::time::to_stored(SystemClock.now());
    load_year_audited(&mut conn, &Actor::system("calendar-load"), year, &input, now).map(|(_, view)| view).map_err(
        |e| match e {
            AppError::Validation(list) => list
                .iter()
                .map(|f| format!("{}: {} [{}]", f.field, f.message.zh, f.code))
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.to_string(),
        },
    )
}
