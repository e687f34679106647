//! The backoff schedule: the n-th failed attempt waits base·2^(n−1), capped at six hours,
//! with ±25% jitter so receivers coming back from an outage are not hit all at once.

use rand::Rng;
use std::time::Duration;

/// The longest wait between two attempts.
pub const MAX_DELAY: Duration = Duration::from_secs(6 * 3600);

/// The wait after failed attempt number `attempt` (1-based), without jitter.
pub fn nominal_delay(base: Duration, attempt: i32) -> Duration {
    let exp = u32::try_from(attempt.saturating_sub(1)).unwrap_or(0).min(30);
    base.checked_mul(1u32 << exp).unwrap_or(MAX_DELAY).min(MAX_DELAY)
}

/// The wait after failed attempt `attempt`, jittered by ±25%.
pub fn delay(base: Duration, attempt: i32) -> Duration {
    let nominal = nominal_delay(base, attempt);
    let factor: f64 = rand::thread_rng().gen_range(0.75..=1.25);
    nominal.mul_f64(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_six_hours() {
        let base = Duration::from_secs(5);
        assert_eq!(nominal_delay(base, 1), Duration::from_secs(5));
        assert_eq!(nominal_delay(base, 2), Duration::from_secs(10));
        assert_eq!(nominal_delay(base, 5), Duration::from_secs(80));
        assert_eq!(nominal_delay(base, 20), MAX_DELAY);
        assert_eq!(nominal_delay(base, 1000), MAX_DELAY);
        for attempt in 1..30 {
            let d = delay(base, attempt);
            let n = nominal_delay(base, attempt);
            assert!(d >= n.mul_f64(0.74) && d <= n.mul_f64(1.26));
        }
    }
}
