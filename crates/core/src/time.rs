//! Time as people in China read it: Asia/Shanghai is UTC+08:00 all year (no daylight saving).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

/// The Asia/Shanghai offset.
pub fn shanghai() -> FixedOffset {
    // 8 hours is always a valid offset; the fallback is never taken.
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// An instant shown in Asia/Shanghai.
pub fn to_shanghai(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&shanghai())
}

/// An instant stored as naive UTC, shown in Asia/Shanghai.
pub fn stored_to_shanghai(at: NaiveDateTime) -> DateTime<FixedOffset> {
    to_shanghai(Utc.from_utc_datetime(&at))
}

/// The calendar date in Asia/Shanghai of an instant.
pub fn shanghai_date(at: DateTime<Utc>) -> NaiveDate {
    to_shanghai(at).date_naive()
}

/// The stored (naive UTC) instants bounding the Asia/Shanghai days `[from, to]`: the start
/// of `from`, and the start of the day after `to` (exclusive).
pub fn stored_bounds(from: NaiveDate, to: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let start = |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(8);
    (start(from), start(to.succ_opt().unwrap_or(to)))
}

/// Truncates to microseconds, the precision both databases keep.
pub fn to_stored(at: DateTime<Utc>) -> NaiveDateTime {
    let naive = at.naive_utc();
    let micros = naive.and_utc().timestamp_subsec_micros();
    naive.with_nanosecond_checked(micros * 1000)
}

trait WithNanos {
    fn with_nanosecond_checked(self, nanos: u32) -> Self;
}

impl WithNanos for NaiveDateTime {
    fn with_nanosecond_checked(self, nanos: u32) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(nanos).unwrap_or(self)
    }
}
