//! What the clock, the calendar and the settings say while a case is taken in or moved.

use chrono::{DateTime, NaiveDateTime, Utc};
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::settings::DomainSettings;

/// The request's now, calendar and settings, handed to every case operation.
pub struct CaseContext<'a> {
    /// Now.
    pub now: DateTime<Utc>,
    /// Now, as stored.
    pub stored_now: NaiveDateTime,
    /// The working-day calendar.
    pub calendar: &'a WorkingCalendar,
    /// Case prefix and time limits.
    pub settings: &'a DomainSettings,
}
