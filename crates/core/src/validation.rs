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

fn join(prefix: &str, name: &str) -> String {
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
fn leak_code(code: &str) -> &'static str {
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

/// Deserialises `json` into `T`, naming the failing field's path on error .
pub fn parse_value<T: serde::de::DeserializeOwned>(json: &serde_json::Value) -> Result<T, FieldError> {
    serde_path_to_error::deserialize::<_, T>(json).map_err(|e| {
        let mut path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let (code, zh) = if let Some(rest) = inner.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or("");
            path = if path == "." || path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
            ("required", "此项为必填项".to_owned())
        } else if inner.starts_with("invalid type") {
            ("invalid_type", format!("类型错误：{inner}"))
        } else if inner.starts_with("unknown variant") {
            ("unknown_code", format!("未知代码：{inner}"))
        } else {
            ("invalid_value", format!("取值无效：{inner}"))
        };
        if path == "." {
            path.clear();
        }
        FieldError::new(path, code, Message::new(zh, inner))
    })
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
