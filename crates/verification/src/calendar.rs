//! A year's holiday arrangement (放假安排) as data: read it, and load a new year by API or
//! CLI. Holidays and working weekends are checked against the year and against each other.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Weekday};
use lvyue_core::calendar::{CalendarException, WorkingCalendar};
use lvyue_core::{Actor, AppError, AppResult, FieldError, Message};
use lvyue_db::DbConn;
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// Who loads a year's holiday arrangement.
pub const EDITORS: &[lvyue_core::Role] = &[lvyue_core::Role::Admin];

/// A year's arrangement, as loaded and as shown.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct CalendarYearInput {
    /// The document it follows, e.g. `国办发明电〔2026〕x号`.
    #[validate(length(min = 1, max = 500))]
    pub source: String,
    /// Days off (放假), including the weekends inside a holiday.
    #[validate(length(max = 120))]
    pub holidays: Vec<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    #[validate(length(max = 30))]
    pub working_weekends: Vec<NaiveDate>,
}

impl CalendarYearInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "source": "国务院办公厅关于2027年部分节假日安排的通知（示例）",
            "holidays": ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"],
            "working_weekends": ["2027-02-13"]
        })
    }
}

/// A loaded year.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CalendarYear {
    /// The year.
    pub year: i32,
    /// The document it follows.
    pub source: String,
    /// When it was loaded.
    pub loaded_at: DateTime<FixedOffset>,
    /// Days off.
    pub holidays: Vec<NaiveDate>,
    /// Working weekends.
    pub working_weekends: Vec<NaiveDate>,
}

fn bad(field: String, code: &'static str, zh: String, en: String) -> FieldError {
    FieldError::new(field, code, Message::new(zh, en))
}

/// Checks a year's arrangement: every day in the year, no day both off and working, and
/// working weekends on Saturdays or Sundays.
pub fn check(year: i32, input: &CalendarYearInput) -> AppResult<Vec<CalendarException>> {
    if !(2000..=2100).contains(&year) {
        return Err(AppError::field(bad(
            "year".into(),
            "out_of_range",
            "年份须在 2000 至 2100 之间".into(),
            "the year must lie between 2000 and 2100".into(),
        )));
    }
    input.validate().map_err(|e| AppError::Validation(lvyue_core::validation::field_errors(&e)))?;
    let mut errors = Vec::new();
    for (i, day) in input.holidays.iter().enumerate() {
        if day.year() != year {
            errors.push(bad(
                format!("holidays[{i}]"),
                "wrong_year",
                format!("{day} 不在 {year} 年"),
                format!("{day} is not in {year}"),
            ));
        }
        if input.working_weekends.contains(day) {
            errors.push(bad(
                format!("holidays[{i}]"),
                "conflict",
                format!("{day} 既是假日又是调休工作日"),
                format!("{day} is both a holiday and a working weekend"),
            ));
        }
    }
    for (i, day) in input.working_weekends.iter().enumerate() {
        if day.year() != year {
            errors.push(bad(
                format!("working_weekends[{i}]"),
                "wrong_year",
                format!("{day} 不在 {year} 年"),
                format!("{day} is not in {year}"),
            ));
        }
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            errors.push(bad(
                format!("working_weekends[{i}]"),
                "not_weekend",
                format!("{day} 不是周末"),
                format!("{day} is not a Saturday or Sunday"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut exceptions: Vec<CalendarException> = input
        .holidays
        .iter()
        .map(|&day| CalendarException { day, working: false })
        .chain(input.working_weekends.iter().map(|&day| CalendarException { day, working: true }))
        .collect();
    exceptions.sort_by_key(|e| e.day);
    exceptions.dedup_by_key(|e| e.day);
    Ok(exceptions)
}

/// Loads (or replaces) a year and answers the whole calendar as now stored.
pub fn load_year(
    conn: &mut DbConn,
    year: i32,
    input: &CalendarYearInput,
    now: NaiveDateTime,
) -> AppResult<WorkingCalendar> {
    let exceptions = check(year, input)?;
    lvyue_db::calendar::store_year(conn, year, &input.source, &exceptions, now)?;
    lvyue_db::calendar::load(conn)
}

/// Loads (or replaces) a year for `actor`, audited, in one transaction; answers the whole
/// calendar as now stored and the year as read back.
pub fn load_year_audited(
    conn: &mut DbConn,
    actor: &Actor,
    year: i32,
    input: &CalendarYearInput,
    now: NaiveDateTime,
) -> AppResult<(WorkingCalendar, CalendarYear)> {
    lvyue_db::write_tx(conn, |conn| {
        let calendar = load_year(conn, year, input, now)?;
        let view = read_year(conn, year)?.ok_or_else(|| AppError::internal("a stored year did not read back"))?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "calendar.load",
                entity_type: "calendar_year",
                entity_id: &year.to_string(),
                before: None,
                after: Some(serde_json::to_value(&view).unwrap_or_default()),
            },
        )?;
        Ok((calendar, view))
    })
}

/// Reads a loaded year.
pub fn read_year(conn: &mut DbConn, year: i32) -> AppResult<Option<CalendarYear>> {
    Ok(lvyue_db::calendar::read_year(conn, year)?.map(|y| CalendarYear {
        year,
        source: y.source,
        loaded_at: lvyue_core::time::stored_to_shanghai(y.loaded_at),
        holidays: y.exceptions.iter().filter(|e| !e.working).map(|e| e.day).collect(),
        working_weekends: y.exceptions.iter().filter(|e| e.working).map(|e| e.day).collect(),
    }))
}
