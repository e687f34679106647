//! Channel codes (受理渠道代码): data, not code, so only their shape is fixed.

use crate::error::FieldError;
use crate::message::Message;
use serde::{Deserialize, Serialize};

/// A channel's stable code, e.g. `hotline_12345`: lower-case ASCII, digits and `_`, 2–40 long.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChannelCode(String);

impl ChannelCode {
    /// Parses a code.
    pub fn parse(raw: &str) -> Result<ChannelCode, FieldError> {
        let ok = (2..=40).contains(&raw.len())
            && raw.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(ChannelCode(raw.to_owned()))
        } else {
            Err(FieldError::new(
                "",
                "invalid_channel_code",
                Message::new(
                    "渠道代码须以小写字母开头，仅含小写字母、数字和下划线，长 2–40",
                    "a channel code starts with a lower-case letter and has 2–40 of [a-z0-9_]",
                ),
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ChannelCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ChannelCode::parse(&s).map_err(|e| e.message.en.into_owned())
    }
}

impl From<ChannelCode> for String {
    fn from(c: ChannelCode) -> String {
        c.0
    }
}

impl std::fmt::Display for ChannelCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(ChannelCode::parse("hotline_12345").is_ok());
        assert!(ChannelCode::parse("12345").is_err());
        assert!(ChannelCode::parse("Hotline").is_err());
        assert!(ChannelCode::parse("a").is_err());
    }
}
