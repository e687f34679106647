//! Money as integer fen (分): never a float.

use crate::error::FieldError;
use crate::message::Message;
use serde::{Deserialize, Serialize};

/// A non-negative amount in fen (1 yuan = 100 fen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct AmountFen(i64);

/// The largest amount accepted: one trillion yuan, far above any contract.
pub const MAX_FEN: i64 = 100_000_000_000_000;

impl AmountFen {
    /// Parses an amount: 0 ≤ fen ≤ one trillion yuan.
    pub fn new(fen: i64) -> Result<AmountFen, FieldError> {
        if !(0..=MAX_FEN).contains(&fen) {
            return Err(FieldError::new(
                "",
                "out_of_range",
                Message::new(
                    "金额（分）必须为 0 至 10^14 之间的整数",
                    "an amount in fen must be an integer from 0 to 10^14",
                ),
            ));
        }
        Ok(AmountFen(fen))
    }

    /// The amount in fen.
    pub fn fen(self) -> i64 {
        self.0
    }

    /// The amount as yuan text with two decimals (`1200000.00`), for people.
    pub fn to_yuan_string(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl TryFrom<i64> for AmountFen {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, Self::Error> {
        AmountFen::new(v).map_err(|e| e.message.en.into_owned())
    }
}

impl From<AmountFen> for i64 {
    fn from(a: AmountFen) -> i64 {
        a.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_rendering() {
        assert!(AmountFen::new(-1).is_err());
        assert!(AmountFen::new(MAX_FEN + 1).is_err());
        assert_eq!(AmountFen::new(120_000_005).unwrap().to_yuan_string(), "1200000.05");
    }
}
