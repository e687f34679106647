//! A payload's fingerprint: SHA-256 of its canonical JSON (keys sorted, no whitespace),
//! so the same lead pushed again matches however the platform orders its keys.

use sha2::{Digest, Sha256};

fn canonical(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                canonical(&map[k], out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The hex SHA-256 of the canonical form of `value`.
pub fn fingerprint(value: &serde_json::Value) -> String {
    let mut text = String::new();
    canonical(value, &mut text);
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The key under which the same complaint from several channels meets:
/// complainant, respondent and contract, normalised.
pub fn duplicate_key(complainant: &str, respondent: &str, contract: &str) -> String {
    let norm = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    let text = format!("{}\u{1f}{}\u{1f}{}", norm(complainant), norm(respondent), norm(contract));
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_does_not_matter() {
        let a: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":{"y":[1,2],"x":"é"}}"#).unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"{"a":{"x":"é","y":[1,2]},"b":1}"#).unwrap();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c: serde_json::Value = serde_json::from_str(r#"{"a":{"x":"é","y":[2,1]},"b":1}"#).unwrap();
        assert_ne!(fingerprint(&a), fingerprint(&c));
    }

    #[test]
    fn duplicate_key_ignores_spacing_and_case() {
        assert_eq!(duplicate_key("甲 公司", "X局", "Contract A"), duplicate_key("甲公司", "X局", "contract  a"));
    }
}
