//! The working-day calendar (工作日历) and the two ways a time limit is counted.
//!
//! The State Council's yearly holiday arrangement moves weekends, so the
//! calendar is data — the exceptions to "Monday to Friday" for each loaded
//! year — never computed from rules. Counting follows 民法典 Arts. 201–203:
//! the first day is not counted, and a calendar-day period that ends on a
//! rest day ends on the next working day.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::{BTreeSet, HashMap};

/// One exception to the Monday-to-Friday rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarException {
    /// The day.
    pub day: NaiveDate,
    /// True for a working weekend (调休上班), false for a holiday (放假).
    pub working: bool,
}

/// The loaded working-day calendar.
#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    exceptions: HashMap<NaiveDate, bool>,
    years: BTreeSet<i32>,
}

impl WorkingCalendar {
    /// Builds a calendar from the loaded years and their exceptions.
    pub fn new(years: impl IntoIterator<Item = i32>, exceptions: impl IntoIterator<Item = CalendarException>) -> Self {
        WorkingCalendar {
            exceptions: exceptions.into_iter().map(|e| (e.day, e.working)).collect(),
            years: years.into_iter().collect(),
        }
    }

    /// True when the year's holiday arrangement has been loaded.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The loaded years.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// True when `day` is a working day. For a year not loaded, Monday to Friday.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.exceptions.get(&day) {
            Some(&working) => working,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The day on which a period of `n` working days that starts on `start` ends.
    /// The start day itself is not counted; `n == 0` ends on `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = next_day(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The day on which a period of `n` calendar days that starts on `start` ends:
    /// `start + n`, moved to the next working day when that is a rest day.
    pub fn add_calendar_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start.checked_add_days(Days::new(u64::from(n))).unwrap_or(NaiveDate::MAX);
        while !self.is_working_day(day) && day < NaiveDate::MAX {
            day = next_day(day);
        }
        day
    }

    /// The number of working days after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = next_day(day);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day.succ_opt().unwrap_or(NaiveDate::MAX)
}

/// The 2025 and 2026 arrangements from DOMAIN.md (国办发明电〔2025〕7号 for 2026),
/// loaded into the database at start for any of these years not loaded yet.
pub fn shipped_exceptions() -> Vec<CalendarException> {
    let off = |y, ranges: &[(u32, u32, u32, u32)]| {
        ranges
            .iter()
            .flat_map(move |&(m1, d1, m2, d2)| {
                let (Some(a), Some(b)) = (NaiveDate::from_ymd_opt(y, m1, d1), NaiveDate::from_ymd_opt(y, m2, d2))
                else {
                    return Vec::new();
                };
                a.iter_days().take_while(|d| *d <= b).collect::<Vec<_>>()
            })
            .map(|day| CalendarException { day, working: false })
            .collect::<Vec<_>>()
    };
    let on = |y, days: &[(u32, u32)]| {
        days.iter()
            .filter_map(move |&(m, d)| NaiveDate::from_ymd_opt(y, m, d))
            .map(|day| CalendarException { day, working: true })
            .collect::<Vec<_>>()
    };
    let mut all = Vec::new();
    all.extend(off(2025, &[(1, 1, 1, 1), (1, 28, 2, 4), (4, 4, 4, 6), (5, 1, 5, 5), (5, 31, 6, 2), (10, 1, 10, 8)]));
    all.extend(on(2025, &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)]));
    all.extend(off(
        2026,
        &[(1, 1, 1, 3), (2, 15, 2, 23), (4, 4, 4, 6), (5, 1, 5, 5), (6, 19, 6, 21), (9, 25, 9, 27), (10, 1, 10, 7)],
    ));
    all.extend(on(2026, &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)]));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> WorkingCalendar {
        WorkingCalendar::new([2025, 2026], shipped_exceptions())
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn national_day_2026_and_its_working_weekends() {
        let c = cal();
        assert!(!c.is_working_day(d(2026, 10, 1)));
        assert!(c.is_working_day(d(2026, 10, 10))); // a Saturday worked
        assert!(c.is_working_day(d(2026, 9, 20))); // a Sunday worked
                                                   // From Wed 30 Sep: 1–7 Oct off, Thu 8 and Fri 9 work, Sat 10 works.
        assert_eq!(c.add_working_days(d(2026, 9, 30), 1), d(2026, 10, 8));
        assert_eq!(c.add_working_days(d(2026, 9, 30), 3), d(2026, 10, 10));
        assert_eq!(c.add_working_days(d(2026, 9, 30), 4), d(2026, 10, 12));
    }

    #[test]
    fn spring_festival_2026() {
        let c = cal();
        // Fri 13 Feb; Sat 14 works; 15–23 off; Tue 24 onwards.
        assert_eq!(c.add_working_days(d(2026, 2, 13), 1), d(2026, 2, 14));
        assert_eq!(c.add_working_days(d(2026, 2, 13), 2), d(2026, 2, 24));
        assert_eq!(c.add_working_days(d(2026, 2, 13), 10), d(2026, 3, 5));
    }

    #[test]
    fn calendar_days_end_moves_off_a_holiday() {
        let c = cal();
        // 30 days from 2 Sep 2026 is 2 Oct, a holiday → 8 Oct.
        assert_eq!(c.add_calendar_days(d(2026, 9, 2), 30), d(2026, 10, 8));
        assert_eq!(c.add_calendar_days(d(2026, 11, 2), 30), d(2026, 12, 2));
    }

    #[test]
    fn counts_between() {
        let c = cal();
        assert_eq!(c.working_days_between(d(2026, 9, 30), d(2026, 10, 12)), 4);
        assert_eq!(c.working_days_between(d(2026, 10, 12), d(2026, 10, 12)), 0);
    }
}
