//! Page sizes: every list is bounded.

use lvyue_core::{AppError, FieldError, Message};

/// A validated page size: 1–200, default 50.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(pub i64);

/// The default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// The largest page size.
pub const MAX_LIMIT: i64 = 200;

impl Limit {
    /// Parses `?limit=`; None gives the default.
    pub fn parse(raw: Option<i64>) -> Result<Limit, AppError> {
        match raw {
            None => Ok(Limit(DEFAULT_LIMIT)),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(Limit(n)),
            Some(_) => Err(AppError::field(FieldError::new(
                "limit",
                "out_of_range",
                Message::new(format!("limit 须在 1 至 {MAX_LIMIT} 之间"), format!("limit must be 1 to {MAX_LIMIT}")),
            ))),
        }
    }
}
