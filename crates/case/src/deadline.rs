//! The time limit of a case's next step: working days on the loaded calendar, or calendar
//! days under 民法典 Arts. 201–203, as each stage's rule says.

use crate::complaint::Deadline;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::settings::TimeLimits;
use lvyue_core::time::shanghai_date;

lvyue_core::code_enum! {
    /// The step a case waits for (待办环节).
    pub enum NextStep {
        /// The credit office routes it (已受理 → 已转交).
        Assign => ("assign", "转交", "assign"),
        /// The handling department accepts it (已转交 → 核实中).
        Accept => ("accept", "接收", "accept"),
        /// The handling department concludes the verification.
        Conclude => ("conclude", "核实办结", "conclude the verification"),
        /// The respondent rectifies by the date set.
        Rectify => ("rectify", "整改", "rectify"),
        /// The dispute is resolved (negotiated, mediated, ruled).
        ResolveDispute => ("resolve_dispute", "分歧处理", "resolve the dispute"),
    }
}

/// The channel whose cases follow Order 802 Art. 25 (forward within 10 working days) unless
/// the channel says the complainant is no small or medium enterprise.
pub const SME_PAYMENT_CHANNEL: &str = "sme_payment";

/// True when a case follows 保障中小企业款项支付条例 Art. 25 (forward within 10 working days, a
/// result within 30 days of forwarding, extensions to at most 90): its complainant is a small
/// or medium enterprise, as the channel said (`complainant.sme`), or — when it did not say —
/// the case came through the SME-payment complaint platform.
pub fn follows_order_802(channel: &str, complainant_sme: Option<bool>) -> bool {
    complainant_sme.unwrap_or(channel == SME_PAYMENT_CHANNEL)
}

/// How a stage's limit is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Working days (工作日) on the holiday calendar.
    WorkingDays(u32),
    /// Calendar days; a period ending on a holiday ends on the next working day (民法典 Art. 203).
    CalendarDays(u32),
}

/// The period of `step` for a case that follows Order 802 (`sme`) or not. Rectification has
/// no fixed period (the department sets a date) and answers None; a dispute's period depends
/// on its route.
pub fn period(limits: &TimeLimits, step: NextStep, sme: bool, at_law: bool) -> Option<Period> {
    Some(match step {
        NextStep::Assign if sme => Period::WorkingDays(limits.route_working_days_sme),
        NextStep::Assign => Period::WorkingDays(limits.route_working_days),
        NextStep::Accept => Period::WorkingDays(limits.accept_working_days),
        NextStep::Conclude if sme => Period::CalendarDays(limits.verify_calendar_days_sme),
        NextStep::Conclude => Period::WorkingDays(limits.verify_working_days),
        NextStep::ResolveDispute if at_law => Period::CalendarDays(limits.litigation_calendar_days),
        NextStep::ResolveDispute => Period::WorkingDays(limits.negotiation_working_days),
        NextStep::Rectify => return None,
    })
}

/// The last day of `period` starting at the instant `from` (the start day is not counted).
pub fn end_of(calendar: &WorkingCalendar, period: Period, from: DateTime<Utc>) -> NaiveDate {
    let start = shanghai_date(from);
    let due = match period {
        Period::WorkingDays(n) => calendar.add_working_days(start, n),
        Period::CalendarDays(n) => calendar.add_calendar_days(start, n),
    };
    for year in [start.year(), due.year()] {
        if !calendar.covers(year) {
            tracing::warn!(year, "the holiday arrangement of this year is not loaded; counting Monday to Friday");
        }
    }
    due
}

/// The last day for `step` (one with a fixed period), starting from the instant `from`.
pub fn due_on(
    calendar: &WorkingCalendar,
    limits: &TimeLimits,
    step: NextStep,
    sme: bool,
    from: DateTime<Utc>,
) -> NaiveDate {
    match period(limits, step, sme, false) {
        Some(p) => end_of(calendar, p, from),
        None => shanghai_date(from),
    }
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
