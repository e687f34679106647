//! Loading and storing the working-day calendar.

use crate::conn::DbConn;
use crate::schema::{calendar_days, calendar_years};
use crate::tx::write_tx;
use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::calendar::{shipped_exceptions, CalendarException, WorkingCalendar};
use lvyue_core::AppError;

/// Reads the whole calendar (a few dozen rows a year).
pub fn load(conn: &mut DbConn) -> Result<WorkingCalendar, AppError> {
    let years: Vec<i32> = calendar_years::table.select(calendar_years::year).load(conn)?;
    let days: Vec<(chrono::NaiveDate, bool)> =
        calendar_days::table.select((calendar_days::day, calendar_days::working)).load(conn)?;
    Ok(WorkingCalendar::new(years, days.into_iter().map(|(day, working)| CalendarException { day, working })))
}

/// Replaces one year's exceptions and marks the year loaded.
pub fn store_year(
    conn: &mut DbConn,
    year: i32,
    source: &str,
    exceptions: &[CalendarException],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let (Some(first), Some(last)) =
            (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return Err(AppError::internal(format!("year {year} out of range")));
        };
        diesel::delete(calendar_days::table.filter(calendar_days::day.between(first, last))).execute(conn)?;
        for e in exceptions.iter().filter(|e| e.day.year() == year) {
            diesel::insert_into(calendar_days::table)
                .values((calendar_days::day.eq(e.day), calendar_days::working.eq(e.working)))
                .execute(conn)?;
        }
        diesel::delete(calendar_years::table.filter(calendar_years::year.eq(year))).execute(conn)?;
        diesel::insert_into(calendar_years::table)
            .values((
                calendar_years::year.eq(year),
                calendar_years::source.eq(source),
                calendar_years::loaded_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// Loads the shipped years (2025, 2026) that are not loaded yet; an admin's own data is kept.
pub fn ensure_shipped(conn: &mut DbConn, now: NaiveDateTime) -> Result<(), AppError> {
    let loaded: Vec<i32> = calendar_years::table.select(calendar_years::year).load(conn)?;
    let shipped = shipped_exceptions();
    for year in [2025, 2026] {
        if !loaded.contains(&year) {
            store_year(conn, year, "shipped: 国务院办公厅放假安排", &shipped, now)?;
        }
    }
    Ok(())
}

/// One loaded year: where it came from, when, and its exceptions in date order.
pub struct LoadedYear {
    /// The document it follows.
    pub source: String,
    /// When it was loaded.
    pub loaded_at: NaiveDateTime,
    /// Its exceptions.
    pub exceptions: Vec<CalendarException>,
}

/// Reads one year, if loaded.
pub fn read_year(conn: &mut DbConn, year: i32) -> Result<Option<LoadedYear>, AppError> {
    let found: Option<(String, NaiveDateTime)> = calendar_years::table
        .find(year)
        .select((calendar_years::source, calendar_years::loaded_at))
        .first(conn)
        .optional()?;
    let Some((source, loaded_at)) = found else { return Ok(None) };
    let (Some(first), Some(last)) =
        (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return Ok(None);
    };
    let days: Vec<(chrono::NaiveDate, bool)> = calendar_days::table
        .filter(calendar_days::day.between(first, last))
        .order_by(calendar_days::day.asc())
        .select((calendar_days::day, calendar_days::working))
        .load(conn)?;
    Ok(Some(LoadedYear {
        source,
        loaded_at,
        exceptions: days.into_iter().map(|(day, working)| CalendarException { day, working }).collect(),
    }))
}
