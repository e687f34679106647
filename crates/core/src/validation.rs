//! Glue to the `validator` crate: its nested errors as field errors with JSON paths,
//! and our parse errors as its custom-validator errors.

use crate::error::FieldError;
use crate::message::Message;
use std::borrow::Cow;
use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

/// Flattens `validator`'s nested errors into `FieldError`s named by path
/// (`complainant.uscc`, `attachments[2].url`).
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect("", errors, &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

/// `prefix.name`, or `name` at the top.
pub(crate) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

fn collect(prefix: &str, errors: &ValidationErrors, out: &mut Vec<FieldError>) {
    for (name, kind) in errors.errors() {
        let path = join(prefix, name);
        match kind {
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| to_field_error(&path, e))),
            ValidationErrorsKind::Struct(inner) => collect(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(&format!("{path}[{i}]"), inner, out);
                }
            }
        }
    }
}

fn param(e: &ValidationError, key: &str) -> Option<String> {
    e.params.get(key).map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn to_field_error(path: &str, e: &ValidationError) -> FieldError {
    let code: &'static str = match e.code.as_ref() {
        "length" => "invalid_length",
        "range" => "out_of_range",
        "required" => "required",
        "url" => "invalid_url",
        "email" => "invalid_email",
        _ => "invalid_value",
    };
    // Custom validators carry their own bilingual text and code.
    if let (Some(zh), Some(en)) = (param(e, "zh"), param(e, "en")) {
        let custom_code = param(e, "code").map(|c| leak_code(&c)).unwrap_or(code);
        return FieldError::new(path, custom_code, Message::new(zh, en));
    }
    let message = match e.code.as_ref() {
        "length" => {
            let min = param(e, "min");
            let max = param(e, "max");
            match (min.as_deref(), max.as_deref()) {
                (Some("1"), None) => Message::new("此项不能为空", "must not be empty"),
                (Some(a), Some(b)) => {
                    Message::new(format!("长度须在 {a} 至 {b} 之间"), format!("length must be {a} to {b}"))
                }
                (None, Some(b)) => Message::new(format!("长度不得超过 {b}"), format!("length must be at most {b}")),
                (Some(a), None) => Message::new(format!("长度不得少于 {a}"), format!("length must be at least {a}")),
                (None, None) => Message::new("长度不符合要求", "invalid length"),
            }
        }
        "range" => {
            let min = param(e, "min").unwrap_or_else(|| "-∞".into());
            let max = param(e, "max").unwrap_or_else(|| "∞".into());
            Message::new(format!("取值须在 {min} 至 {max} 之间"), format!("must be between {min} and {max}"))
        }
        "url" => Message::new("须为有效的 URL", "must be a valid URL"),
        _ => Message::new("取值无效", "invalid value"),
    };
    FieldError::new(path, code, message)
}

/// Maps a custom validator's code back to the static code it came from.
pub(crate) fn leak_code(code: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "invalid_length",
        "invalid_character",
        "invalid_check_character",
        "invalid_region_code",
        "invalid_channel_code",
        "out_of_range",
        "invalid_value",
        "invalid_sha256",
        "required",
        "unknown_code",
        "invalid_type",
        "invalid_uscc",
    ];
    KNOWN.iter().copied().find(|k| *k == code).unwrap_or("invalid_value")
}

/// A `validator` error built from one of our own field errors (for custom validators).
pub fn to_validation_error(err: FieldError) -> ValidationError {
    let mut v = ValidationError::new(err.code);
    v.add_param(Cow::Borrowed("zh"), &err.message.zh.as_ref());
    v.add_param(Cow::Borrowed("en"), &err.message.en.as_ref());
    v.add_param(Cow::Borrowed("code"), &err.code);
    v
}

/// Deserialises `json` into `T`, naming the failing field's path on error.
pub fn parse_value<T: serde::de::DeserializeOwned>(json: &serde_json::Value) -> Result<T, FieldError> {
    serde_path_to_error::deserialize::<_, T>(json).map_err(|e| {
        let path = e.path().to_string();
        describe_serde_error(&path, &e.into_inner().to_string())
    })
}

/// Deserialises `json` into `T`; on failure every required field missing anywhere in the body
/// is reported at once (read from `T`'s OpenAPI schema, the one the document shows), with the
/// error serde stopped at.
pub fn parse_body<T: serde::de::DeserializeOwned + utoipa::ToSchema>(
    json: &serde_json::Value,
) -> Result<T, Vec<FieldError>> {
    // A loose date is refused before serde takes it for another day (the schema walk only
    // when some string looks like a date that is not strict: the common body pays nothing).
    if has_suspect_date(json) {
        let loose: Vec<FieldError> = crate::required::loose_dates::<T>(json)
            .into_iter()
            .map(|(path, _)| {
                FieldError::new(
                    path,
                    "invalid_date",
                    Message::new("日期格式须为 YYYY-MM-DD（如 2026-02-03）", "a date is YYYY-MM-DD (e.g. 2026-02-03)"),
                )
            })
            .collect();
        if !loose.is_empty() {
            return Err(loose);
        }
    }
    parse_value::<T>(json).map_err(|first| {
        let mut errors: Vec<FieldError> =
            crate::required::missing_required::<T>(json).into_iter().map(FieldError::required).collect();
        if !errors.iter().any(|e| e.field == first.field) {
            errors.push(first);
        }
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        errors
    })
}

/// True when some string of `json` starts like a date (`NNNN-`) but is not a strict
/// `YYYY-MM-DD…`, or names a year before 2000.
fn has_suspect_date(json: &serde_json::Value) -> bool {
    match json {
        serde_json::Value::String(s) => {
            let b = s.as_bytes();
            let dated = b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-';
            dated
                && (s.get(..4).and_then(|y| y.parse::<i32>().ok()).is_some_and(|y| y < 2000)
                    || !s.get(..10).is_some_and(crate::required::is_strict_date))
        }
        serde_json::Value::Array(items) => items.iter().any(has_suspect_date),
        serde_json::Value::Object(map) => map.values().any(has_suspect_date),
        _ => false,
    }
}

/// A serde error at `path` as a field error a person can read: no Rust type names, in both
/// languages. Messages made with `message::serde_error` (unknown codes, identifiers) keep their
/// own code and text.
pub fn describe_serde_error(path: &str, inner: &str) -> FieldError {
    let mut path = if path == "." { String::new() } else { path.to_owned() };
    if let Some((code, message)) = Message::coded_from_serde_error(inner) {
        return FieldError::new(path, crate::validation::leak_code(&code), message);
    }
    if let Some(rest) = inner.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        path = join(&path, name);
        return FieldError::required(path);
    }
    if let Some(rest) = inner.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        path = join(&path, name);
        return FieldError::new(path, "unknown_field", Message::new("不接受此字段", "this field is not accepted"));
    }
    if let Some(rest) = inner.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or("");
        path = join(&path, name);
        return FieldError::new(path, "duplicate_field", Message::new("此项重复出现", "this field appears twice"));
    }
    if inner.starts_with("invalid type") || inner.starts_with("invalid value") || inner.starts_with("invalid length") {
        let (zh, en) = expected_kind(inner.split("expected ").nth(1).unwrap_or(""));
        let code = if inner.starts_with("invalid type") { "invalid_type" } else { "invalid_value" };
        return FieldError::new(path, code, Message::new(format!("须为{zh}"), format!("must be {en}")));
    }
    let lower = inner.to_ascii_lowercase();
    let (zh, en) = if lower.contains("digit") || lower.contains("parse integer") || lower.contains("number too") {
        ("须为整数", "must be an integer")
    } else if lower.contains("float") {
        ("须为数字", "must be a number")
    } else if lower.contains("`true` or `false`") {
        ("须为 true 或 false", "must be true or false")
    } else if lower.starts_with("input ") || lower.contains("premature end") || lower.contains("trailing input") {
        (
            "日期或时间格式无效（日期为 YYYY-MM-DD，时间为带时区的 RFC 3339）",
            "not a valid date (YYYY-MM-DD) or time (RFC 3339 with an offset)",
        )
    } else if lower.contains("did not match any variant") {
        ("取值不符合任何一种允许的格式", "matches none of the accepted shapes")
    } else {
        return FieldError::new(path, "invalid_value", Message::new("取值无效", "invalid value"));
    };
    FieldError::new(path, "invalid_value", Message::new(zh, en))
}

/// What serde's "expected …" names, in words for people rather than Rust types.
fn expected_kind(expected: &str) -> (&'static str, &'static str) {
    let e = expected.trim();
    let integer = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize", "an integer"];
    if integer.iter().any(|t| e == *t || e.starts_with(&format!("{t} "))) {
        ("整数", "an integer")
    } else if e.starts_with("f32") || e.starts_with("f64") || e.contains("number") {
        ("数字", "a number")
    } else if e.contains("bool") {
        ("布尔值（true 或 false）", "a boolean (true or false)")
    } else if e.contains("code") {
        ("代码字符串", "a code (a string)")
    } else if e.contains("date and time") || e.contains("datetime") {
        ("带时区的 RFC 3339 时间字符串", "an RFC 3339 time string with an offset")
    } else if e.contains("date") {
        ("日期字符串（YYYY-MM-DD）", "a date string (YYYY-MM-DD)")
    } else if e.contains("string") || e.contains("char") {
        ("字符串", "a string")
    } else if e.starts_with("struct") || e.contains("map") || e.starts_with("enum") {
        ("对象", "an object")
    } else if e.contains("sequence") || e.contains("array") || e.contains("tuple") || e.starts_with("a list") {
        ("数组", "an array")
    } else {
        ("有效的取值", "a valid value")
    }
}

/// The path of the first string (key or value) in `json` that contains a NUL character, which
/// PostgreSQL cannot store in text; `None` when there is none.
pub fn find_nul(json: &serde_json::Value) -> Option<String> {
    fn walk(v: &serde_json::Value, path: &str) -> Option<String> {
        match v {
            serde_json::Value::String(s) if s.contains('\0') => Some(path.to_owned()),
            serde_json::Value::Array(items) => {
                items.iter().enumerate().find_map(|(i, item)| walk(item, &format!("{path}[{i}]")))
            }
            serde_json::Value::Object(map) => map.iter().find_map(|(k, item)| {
                let here = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                if k.contains('\0') {
                    Some(here)
                } else {
                    walk(item, &here)
                }
            }),
            _ => None,
        }
    }
    walk(json, "")
}

/// `value` trimmed, refused (the field `field`, `invalid_length`) unless 1–`max` characters.
pub fn bounded_text(field: &str, value: &str, max: usize) -> crate::AppResult<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(crate::AppError::invalid(
            field,
            "invalid_length",
            format!("须为 1–{max} 个字符"),
            format!("must be 1–{max} characters"),
        ));
    }
    Ok(v.to_owned())
}
