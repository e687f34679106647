//! Quotas (调用配额): requests per caller per minute, so one approval system calling in a loop,
//! or a channel platform retrying too eagerly, cannot take the service from everyone else. The
//! caller is the token's subject and role (never the address: many callers share a gateway);
//! the sanction check, which approval systems call in bulk, has a quota of its own. Over it:
//! 429 with `Retry-After`. `governor` (MIT) keeps the counts, as a GCRA per caller.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use lvyue_core::{Actor, AppError};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

/// The path prefix of the sanction check, which has its own quota.
pub const SANCTION_CHECK_PATH: &str = "/api/v1/sanction-checks";

/// The quotas of one process (each replica keeps its own counts).
pub struct Quotas {
    general: Option<DefaultKeyedRateLimiter<String>>,
    sanction_check: Option<DefaultKeyedRateLimiter<String>>,
    anonymous: Option<DefaultKeyedRateLimiter<String>>,
    checks: AtomicU64,
}

impl std::fmt::Debug for Quotas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Quotas").finish_non_exhaustive()
    }
}

fn limiter(per_minute: u32) -> Option<DefaultKeyedRateLimiter<String>> {
    NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

impl Quotas {
    /// Quotas of `per_minute` requests per caller (0: none), `sanction_checks_per_minute` for
    /// the sanction check, and `anonymous_per_minute` per address for the public face.
    pub fn new(per_minute: u32, sanction_checks_per_minute: u32, anonymous_per_minute: u32) -> Self {
        Quotas {
            general: limiter(per_minute),
            sanction_check: limiter(sanction_checks_per_minute),
            anonymous: limiter(anonymous_per_minute),
            checks: AtomicU64::new(0),
        }
    }

    /// No quota at all.
    pub fn unlimited() -> Self {
        Quotas::new(0, 0, 0)
    }

    /// Counts one request of `actor` to `path`; 429 with the seconds to wait when over quota.
    pub fn admit(&self, actor: &Actor, path: &str) -> Result<(), AppError> {
        let limiter = if path.starts_with(SANCTION_CHECK_PATH) { &self.sanction_check } else { &self.general };
        self.count(limiter, format!("{}:{}", actor.role.code(), actor.subject))
    }

    /// Counts one request without a token from address `ip` (the public face).
    pub fn admit_address(&self, ip: &str) -> Result<(), AppError> {
        self.count(&self.anonymous, ip.to_owned())
    }

    fn count(&self, limiter: &Option<DefaultKeyedRateLimiter<String>>, key: String) -> Result<(), AppError> {
        let Some(limiter) = limiter else { return Ok(()) };
        // Forget callers idle for a while, now and then, so the table stays small.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 10_000 == 9_999 {
            limiter.retain_recent();
        }
        limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::TooManyRequests { retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0) }
        })
    }
}

/// Counts a request without a token against its address's quota (the connection's peer, never
/// a header a client could forge); 429 over it.
pub fn admit_anonymous(req: &actix_web::HttpRequest) -> Result<(), AppError> {
    let Some(quotas) = req.app_data::<actix_web::web::Data<Quotas>>() else { return Ok(()) };
    let ip = req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    quotas.admit_address(&ip)
}
