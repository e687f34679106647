//! Opaque cursors: clients get base64url text and hand it back unchanged.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use lvyue_core::{AppError, Message};

/// Encodes cursor parts as opaque text.
pub fn encode(parts: &[&str]) -> String {
    URL_SAFE_NO_PAD.encode(parts.join("\u{1f}"))
}

/// Decodes a cursor made by `encode` with `n` parts; anything else is a 400.
pub fn decode(raw: &str, n: usize) -> Result<Vec<String>, AppError> {
    let bad = || AppError::Malformed(Message::new("无效的分页游标", "invalid cursor"));
    let bytes = URL_SAFE_NO_PAD.decode(raw.as_bytes()).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    if text.contains('\0') {
        return Err(bad());
    }
    let parts: Vec<String> = text.split('\u{1f}').map(str::to_owned).collect();
    if parts.len() == n {
        Ok(parts)
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let c = encode(&["12", "34"]);
        assert_eq!(decode(&c, 2).unwrap(), vec!["12", "34"]);
        assert!(decode(&c, 3).is_err());
        assert!(decode("%%%", 2).is_err());
    }
}
