//! The time limit of a case's next step, counted in working days on the loaded calendar.

use crate::complaint::Deadline;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::settings::TimeLimits;
use lvyue_core::time::shanghai_date;

/// The step a case waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// The credit office routes it (已受理 → 已转交).
    Assign,
    /// The handling department accepts it (已转交 → 核实中).
    Accept,
}

impl NextStep {
    /// Its code.
    pub fn code(self) -> &'static str {
        match self {
            NextStep::Assign => "assign",
            NextStep::Accept => "accept",
        }
    }
}

/// The channel whose cases follow Order 802 Art. 25 (forward within 10 working days).
pub const SME_PAYMENT_CHANNEL: &str = "sme_payment";

/// The last day for `step`, starting from the instant `from` (the start day is not counted).
pub fn due_on(
    calendar: &WorkingCalendar,
    limits: &TimeLimits,
    step: NextStep,
    channel: &str,
    from: DateTime<Utc>,
) -> NaiveDate {
    let days = match step {
        NextStep::Assign if channel == SME_PAYMENT_CHANNEL => limits.route_working_days_sme,
        NextStep::Assign => limits.route_working_days,
        NextStep::Accept => limits.accept_working_days,
    };
    let start = shanghai_date(from);
    let due = calendar.add_working_days(start, days);
    for year in [start.year(), due.year()] {
        if !calendar.covers(year) {
            tracing::warn!(year, "the holiday arrangement of this year is not loaded; counting Monday to Friday");
        }
    }
    due
}

/// The deadline as shown, with `overdue` judged at `now`.
pub fn shown(step: Option<&str>, due: Option<NaiveDate>, now: DateTime<Utc>) -> Option<Deadline> {
    match (step, due) {
        (Some(step), Some(due_on)) => {
            Some(Deadline { step: step.to_owned(), due_on, overdue: shanghai_date(now) > due_on })
        }
        _ => None,
    }
}
