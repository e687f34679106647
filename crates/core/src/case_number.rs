//! Human-readable case numbers (案件编号) read out over the phone: `BB-2026-000123`.

use crate::error::FieldError;
use crate::message::Message;
use serde::{Deserialize, Serialize};

/// A case number: prefix, year, six-digit (or longer) sequence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseNumber(String);

/// Checks a case-number prefix: 1–8 upper-case letters or digits.
pub fn parse_prefix(raw: &str) -> Result<String, FieldError> {
    if (1..=8).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        Ok(raw.to_owned())
    } else {
        Err(FieldError::new(
            "",
            "invalid_case_prefix",
            Message::new("案件编号前缀须为 1–8 位大写字母或数字", "a case prefix has 1–8 of [A-Z0-9]"),
        ))
    }
}

impl CaseNumber {
    /// Formats a case number from its parts.
    pub fn format(prefix: &str, year: i32, sequence: i64) -> CaseNumber {
        CaseNumber(format!("{prefix}-{year}-{sequence:06}"))
    }

    /// Parses a case number typed by a person (case-insensitive).
    pub fn parse(raw: &str) -> Result<CaseNumber, FieldError> {
        let up = raw.trim().to_ascii_uppercase();
        let mut parts = up.splitn(3, '-');
        let ok = match (parts.next(), parts.next(), parts.next()) {
            (Some(p), Some(y), Some(s)) => {
                parse_prefix(p).is_ok()
                    && y.len() == 4
                    && y.bytes().all(|b| b.is_ascii_digit())
                    && s.len() >= 6
                    && s.bytes().all(|b| b.is_ascii_digit())
            }
            _ => false,
        };
        if ok {
            Ok(CaseNumber(up))
        } else {
            Err(FieldError::new(
                "",
                "invalid_case_number",
                Message::new("案件编号格式应为 前缀-年份-序号", "a case number looks like PREFIX-YEAR-000123"),
            ))
        }
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_parse() {
        let n = CaseNumber::format("BB", 2024, 123);
        assert_eq!(n.as_str(), "BB-2024-000123");
        assert_eq!(CaseNumber::parse("bb-2024-000123").unwrap(), n);
        assert!(CaseNumber::parse("BB-24-1").is_err());
        assert!(parse_prefix("bb").is_err());
    }
}
