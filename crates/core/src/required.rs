//! The required fields a JSON body lacks, read from its type's OpenAPI schema.
//!
//! serde stops at the first missing field; a clerk filling a form wants all of them at once.
//! The schema the document publishes says which fields are required, so it is walked here
//! (through `$ref`s, `allOf` from flattened structs, optional nested objects and arrays) and
//! every missing one is named by its path, `complainant.name` or `attachments[1].url`.
//!
//! The same walk finds loose dates: serde (through chrono) takes `2026-2-3` for a date, and a
//! clerk's typo would be stored as another day than the one meant. Every property the schema
//! says is a `date` must be exactly `YYYY-MM-DD`.

use crate::validation::join;
use std::collections::BTreeMap;
use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::RefOr;

type Components = BTreeMap<String, RefOr<Schema>>;

/// What the walk found.
#[derive(Debug, Default)]
struct Found {
    /// Required fields absent.
    missing: Vec<String>,
    /// Dates and moments that are not what their format says.
    loose: Vec<(String, &'static str)>,
}

fn found<T: utoipa::ToSchema>(json: &serde_json::Value) -> Found {
    let mut collected = Vec::new();
    T::schemas(&mut collected);
    let components: Components = collected.into_iter().collect();
    let mut out = Found::default();
    walk(json, &T::schema(), &components, "", &mut out, 0);
    out.missing.sort();
    out.missing.dedup();
    out.loose.sort();
    out.loose.dedup();
    out
}

/// The paths of the required fields `json` lacks, by `T`'s schema.
pub fn missing_required<T: utoipa::ToSchema>(json: &serde_json::Value) -> Vec<String> {
    found::<T>(json).missing
}

/// The dates of `json` that are not strict by `T`'s schema: `(path, "date")` for a date
/// other than `YYYY-MM-DD`.
pub fn loose_dates<T: utoipa::ToSchema>(json: &serde_json::Value) -> Vec<(String, &'static str)> {
    found::<T>(json).loose
}

/// True for exactly `YYYY-MM-DD`.
pub fn is_strict_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn check_format(value: &serde_json::Value, object: &utoipa::openapi::schema::Object, path: &str, out: &mut Found) {
    use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
    let Some(text) = value.as_str() else { return };
    match &object.format {
        Some(SchemaFormat::KnownFormat(KnownFormat::Date)) if !is_strict_date(text) => {
            out.loose.push((path.to_owned(), "date"));
        }
        _ => {}
    }
}

fn walk(
    json: &serde_json::Value,
    schema: &RefOr<Schema>,
    components: &Components,
    path: &str,
    out: &mut Found,
    depth: u8,
) {
    if depth > 16 {
        return;
    }
    let schema = match schema {
        RefOr::Ref(r) => {
            let name = r.ref_location.rsplit('/').next().unwrap_or("");
            match components.get(name) {
                Some(s) => s,
                None => return,
            }
        }
        RefOr::T(_) => schema,
    };
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            let Some(map) = json.as_object() else {
                check_format(json, object, path, out);
                return;
            };
            for name in &object.required {
                if !map.contains_key(name) {
                    out.missing.push(join(path, name));
                }
            }
            for (name, property) in &object.properties {
                if let Some(value) = map.get(name) {
                    walk(value, property, components, &join(path, name), out, depth + 1);
                }
            }
        }
        Schema::AllOf(all) => {
            for item in &all.items {
                walk(json, item, components, path, out, depth + 1);
            }
        }
        Schema::OneOf(one) if !json.is_null() => {
            // `Option<Nested>`: a null alternative beside the nested object's.
            for item in &one.items {
                walk(json, item, components, path, out, depth + 1);
            }
        }
        Schema::Array(array) => {
            let (Some(items), ArrayItems::RefOrSchema(item_schema)) = (json.as_array(), &array.items) else { return };
            for (i, item) in items.iter().enumerate() {
                walk(item, item_schema, components, &format!("{path}[{i}]"), out, depth + 1);
            }
        }
        _ => {}
    }
}
