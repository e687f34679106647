//! Keyset paging, written once: a list fetches `limit + 1` rows in its key order after the
//! cursor's key, [`cut`] keeps `limit` of them and makes the next cursor from the last one
//! kept. Cursors are one opaque format for every list: the key's parts, base64url-encoded;
//! clients hand them back unchanged, and anything else is a 400.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use lvyue_core::{AppError, AppResult, Message};

/// Encodes a key's parts as a cursor.
pub fn encode(parts: &[&str]) -> String {
    URL_SAFE_NO_PAD.encode(parts.join("\u{1f}"))
}

/// Decodes a cursor made by [`encode`] with `n` parts; anything else is a 400.
pub fn decode(raw: &str, n: usize) -> AppResult<Vec<String>> {
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

/// The key after which a page starts, from an optional single-part cursor (an id).
pub fn after_id(cursor: Option<&str>) -> AppResult<Option<String>> {
    cursor.map(|c| decode(c, 1).map(|mut parts| parts.remove(0))).transpose()
}

/// The numeric key after which a page starts, from an optional single-part cursor.
pub fn after_number(cursor: Option<&str>) -> AppResult<Option<i64>> {
    let bad = || AppError::Malformed(Message::new("无效的分页游标", "invalid cursor"));
    after_id(cursor)?.map(|id| id.parse::<i64>().map_err(|_| bad())).transpose()
}

/// How a cursor writes a moment (microseconds, as stored).
pub const CURSOR_TIME: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// The `(moment, id)` key after which a page starts, from a cursor made by [`time_id`].
pub fn after_time_id(cursor: Option<&str>) -> AppResult<Option<(chrono::NaiveDateTime, String)>> {
    let Some(raw) = cursor else { return Ok(None) };
    let mut parts = decode(raw, 2)?;
    let at = chrono::NaiveDateTime::parse_from_str(&parts[0], CURSOR_TIME)
        .map_err(|_| AppError::Malformed(Message::new("无效的分页游标", "invalid cursor")))?;
    Ok(Some((at, parts.remove(1))))
}

/// The key parts of a row ordered by `(moment, id)`, for [`cut`].
pub fn time_id(at: chrono::NaiveDateTime, id: &str) -> Vec<String> {
    vec![at.format(CURSOR_TIME).to_string(), id.to_owned()]
}

/// Keeps `limit` of `rows` (fetched with `limit + 1`) and answers the cursor of the next
/// page, made from the last row kept by `key`; None at the end.
pub fn cut<T, K>(mut rows: Vec<T>, limit: i64, key: K) -> (Vec<T>, Option<String>)
where
    K: Fn(&T) -> Vec<String>,
{
    let limit = usize::try_from(limit).unwrap_or(0);
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(|r| {
        let parts = key(r);
        encode(&parts.iter().map(String::as_str).collect::<Vec<_>>())
    });
    (rows, next)
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
        assert_eq!(after_id(Some(&encode(&["a"]))).unwrap().as_deref(), Some("a"));
    }

    #[test]
    fn a_page_keeps_limit_rows_and_names_the_next() {
        let (rows, next) = cut(vec![1, 2, 3], 2, |r| vec![r.to_string()]);
        assert_eq!((rows, next.map(|c| decode(&c, 1).unwrap())), (vec![1, 2], Some(vec!["2".to_owned()])));
        assert_eq!(cut(vec![1, 2], 2, |r| vec![r.to_string()]), (vec![1, 2], None));
    }
}
