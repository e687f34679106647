//! `lvyue calendar load --year 2027 FILE.json`: loads a year's holiday arrangement, the same
//! JSON as `PUT /api/v1/calendar/{year}` (`source`, `holidays`, `working_weekends`).

use crate::config::Config;
use crate::error::RunError;
use crate::startup::prepare_database;
use lvyue_core::clock::{Clock, SystemClock};
use lvyue_core::Actor;
use lvyue_verification::calendar::{load_year_audited, CalendarYear, CalendarYearInput};
use std::path::Path;

/// Reads, checks and stores the year; running servers pick it up within a minute.
pub fn run(config: &Config, year: i32, file: &Path) -> Result<CalendarYear, RunError> {
    let text = std::fs::read_to_string(file).map_err(|e| RunError::file(file, e))?;
    let input: CalendarYearInput = serde_json::from_str(&text)
        .map_err(|e| RunError::Content { path: file.to_owned(), message: format!("not a calendar year: {e}") })?;
    let pools = prepare_database(config, &SystemClock)?;
    let mut conn = pools.write.get()?;
    let now = lvyue_core::time::to_stored(SystemClock.now());
    Ok(load_year_audited(&mut conn, &Actor::system("calendar-load"), year, &input, now).map(|(_, view)| view)?)
}
