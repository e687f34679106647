//! One cell of a spreadsheet or CSV row, turned into the JSON value its column's API field
//! takes — or the reason it cannot be.

use super::columns::{CellKind, Column};
use chrono::NaiveDate;
use lvyue_core::{FieldError, Message};
use serde_json::Value;

/// A cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// Nothing.
    Blank,
    /// Text (every CSV cell).
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Flag(bool),
    /// An Excel date.
    Date(NaiveDate),
    /// An Excel error value (`#REF!`).
    Error(String),
}

fn bad(c: &Column, code: &'static str, zh: String, en: String) -> FieldError {
    FieldError::new(c.key, code, Message::new(zh, en))
}

/// A number as text without a needless `.0` (an Excel cell holding `2026001`).
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A day from `2026-05-01`, `2026/5/1` or `2026年5月1日`.
fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let s = s.get(..10).filter(|_| s.len() > 10 && s.as_bytes().get(10) == Some(&b'T')).unwrap_or(s);
    ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"].iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// Yuan text (`1,200.5`, `￥300`) in 分.
fn parse_yuan(s: &str) -> Option<i64> {
    let s: String = s.trim().trim_start_matches(['¥', '￥']).chars().filter(|c| *c != ',').collect();
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cents = format!("{frac:0<2}").parse::<i64>().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

/// The JSON value of `raw` in column `c`; None when blank.
pub fn value(c: &Column, raw: &Raw) -> Result<Option<Value>, FieldError> {
    let text = match raw {
        Raw::Blank => return Ok(None),
        Raw::Text(t) if t.trim().is_empty() => return Ok(None),
        Raw::Error(e) => {
            return Err(bad(c, "cell_error", format!("单元格为错误值 {e}"), format!("the cell holds the error {e}")))
        }
        Raw::Text(t) => t.trim().to_owned(),
        Raw::Number(n) => number_text(*n),
        Raw::Flag(b) => b.to_string(),
        Raw::Date(d) => d.to_string(),
    };
    Ok(Some(match c.cell {
        CellKind::Text => Value::String(text),
        CellKind::Date => {
            let day = match raw {
                Raw::Date(d) => Some(*d),
                _ => parse_day(&text),
            };
            let day = day.ok_or_else(|| {
                bad(
                    c,
                    "invalid_date",
                    format!("日期“{text}”无法识别，请写作 2026-05-01"),
                    format!("“{text}” is not a day; write 2026-05-01"),
                )
            })?;
            Value::String(day.to_string())
        }
        CellKind::Flag => Value::Bool(match text.to_lowercase().as_str() {
            "是" | "true" | "1" | "y" | "yes" => true,
            "否" | "false" | "0" | "n" | "no" => false,
            _ => {
                return Err(bad(
                    c,
                    "invalid_flag",
                    format!("“{text}”应为“是”或“否”"),
                    format!("“{text}” is neither 是 nor 否"),
                ))
            }
        }),
        CellKind::Yuan => {
            let fen = match raw {
                Raw::Number(n) if *n >= 0.0 && *n < 1e13 => Some((n * 100.0).round() as i64),
                Raw::Number(_) => None,
                _ => parse_yuan(&text),
            };
            let fen = fen.ok_or_else(|| {
                bad(
                    c,
                    "invalid_amount",
                    format!("金额“{text}”应为非负的元数，最多两位小数"),
                    format!("“{text}” is not an amount in yuan (0 or more, two decimals at most)"),
                )
            })?;
            Value::from(fen)
        }
        CellKind::Code(table) => {
            let code = table.iter().find(|(code, zh, _)| *code == text || *zh == text).map(|(code, _, _)| *code);
            let code = code.ok_or_else(|| {
                let labels: Vec<&str> = table.iter().map(|(_, zh, _)| *zh).collect();
                bad(
                    c,
                    "unknown_code",
                    format!("“{text}”不在代码表中，可选：{}", labels.join("、")),
                    format!("“{text}” is not in the code list"),
                )
            })?;
            Value::String(code.to_owned())
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_text_becomes_fen() {
        assert_eq!(parse_yuan("1,200.5"), Some(120_050));
        assert_eq!(parse_yuan("￥300"), Some(30_000));
        assert_eq!(parse_yuan("0.07"), Some(7));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("-5"), None);
        assert_eq!(parse_yuan("abc"), None);
    }

    #[test]
    fn days_in_the_usual_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 1);
        assert_eq!(parse_day("2026-05-01"), d);
        assert_eq!(parse_day("2026/5/1"), d);
        assert_eq!(parse_day("2026年5月1日"), d);
        assert_eq!(parse_day("2026-05-01T00:00:00"), d);
        assert_eq!(parse_day("5/1/2026"), None);
    }
}
