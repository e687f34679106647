//! The unified social credit code (统一社会信用代码, GB 32100-2015).

use crate::error::FieldError;
use crate::message::Message;
use serde::{Deserialize, Serialize};

/// The 31-character alphabet; a character's value is its index (no I, O, S, V, Z).
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17: 3^(i−1) mod 31.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A unified social credit code whose check character is right (统一社会信用代码).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Uscc(String);

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

impl Uscc {
    /// Parses a code: upper-cases it, then checks length, alphabet and check character.
    pub fn parse(raw: &str) -> Result<Uscc, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        let bytes = code.as_bytes();
        if bytes.len() != 18 {
            return Err(FieldError::new(
                "",
                "invalid_length",
                Message::new(
                    format!("统一社会信用代码应为 18 位，实为 {} 位", code.chars().count()),
                    format!("a unified social credit code has 18 characters, not {}", code.chars().count()),
                ),
            ));
        }
        let mut sum = 0u32;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(v) = value_of(c) else {
                return Err(FieldError::new(
                    "",
                    "invalid_character",
                    Message::new(
                        format!("第 {} 位字符“{}”不在代码字符集内（不含 I、O、S、V、Z）", i + 1, c as char),
                        format!("character {} '{}' is not allowed (I, O, S, V and Z never occur)", i + 1, c as char),
                    ),
                ));
            };
            if i < 17 {
                sum += v * WEIGHTS[i];
            }
        }
        let expected = ALPHABET[((31 - sum % 31) % 31) as usize];
        if bytes[17] != expected {
            return Err(FieldError::new(
                "",
                "invalid_check_character",
                Message::new(
                    format!("校验码错误：第 18 位应为“{}”", expected as char),
                    format!("wrong check character: position 18 should be '{}'", expected as char),
                ),
            ));
        }
        Ok(Uscc(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The registration category, positions 1–2 (`11` 机关, `12` 事业单位, `91` 企业 …).
    pub fn category(&self) -> &str {
        &self.0[..2]
    }

    /// The registering authority's division code, positions 3–8.
    pub fn division_code(&self) -> &str {
        &self.0[2..8]
    }

    /// Builds a valid code from its first 17 characters by appending the check character.
    /// Used by the demo and test-data generators; the input must use the code alphabet.
    pub fn with_check_character(first17: &str) -> Result<Uscc, FieldError> {
        let bytes = first17.as_bytes();
        if bytes.len() != 17 {
            return Err(FieldError::new("", "invalid_length", Message::new("需要 17 位", "17 characters are needed")));
        }
        let mut sum = 0u32;
        for (i, &c) in bytes.iter().enumerate() {
            let v = value_of(c).ok_or_else(|| {
                FieldError::new("", "invalid_character", Message::new("字符无效", "invalid character"))
            })?;
            sum += v * WEIGHTS[i];
        }
        let check = ALPHABET[((31 - sum % 31) % 31) as usize] as char;
        Uscc::parse(&format!("{first17}{check}"))
    }
}

impl TryFrom<String> for Uscc {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Uscc::parse(&s).map_err(|e| e.message.en.into_owned())
    }
}

impl From<Uscc> for String {
    fn from(u: Uscc) -> String {
        u.0
    }
}

impl std::fmt::Display for Uscc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_published_examples() {
        for ok in ["91350100M000100Y43", "91110000802100433B", "91110000802100433b"] {
            assert!(Uscc::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_a_wrong_check_character() {
        let err = Uscc::parse("91350100M000100Y44").unwrap_err();
        assert_eq!(err.code, "invalid_check_character");
        assert!(err.message.en.contains("'3'"));
    }

    #[test]
    fn rejects_bad_length_and_alphabet() {
        assert_eq!(Uscc::parse("9135").unwrap_err().code, "invalid_length");
        assert_eq!(Uscc::parse("91350100M000100I43").unwrap_err().code, "invalid_character");
    }

    #[test]
    fn check_character_of_zero_sum_is_zero() {
        // 31 − 0 mod 31 = 31 → 0
        assert_eq!(Uscc::with_check_character("00000000000000000").unwrap().as_str(), "000000000000000000");
    }

    #[test]
    fn generator_round_trips() {
        let u = Uscc::with_check_character("11340300MB1234567").unwrap();
        assert_eq!(u.category(), "11");
        assert_eq!(u.division_code(), "340300");
        assert!(Uscc::parse(u.as_str()).is_ok());
    }
}
