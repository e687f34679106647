//! The required fields a JSON body lacks, read from its type's OpenAPI schema.
//!
//! serde stops at the first missing field; a clerk filling a form wants all of them at once.
//! The schema the document publishes says which fields are required, so it is walked here
//! (through `$ref`s, `allOf` from flattened structs, optional nested objects and arrays) and
//! every missing one is named by its path, `complainant.name` or `attachments[1].url`.

use crate::validation::join;
use std::collections::BTreeMap;
use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::RefOr;

type Components = BTreeMap<String, RefOr<Schema>>;

/// The paths of the required fields `json` lacks, by `T`'s schema.
pub fn missing_required<T: utoipa::ToSchema>(json: &serde_json::Value) -> Vec<String> {
    let mut collected = Vec::new();
    T::schemas(&mut collected);
    let components: Components = collected.into_iter().collect();
    let mut out = Vec::new();
    walk(json, &T::schema(), &components, "", &mut out, 0);
    out.sort();
    out.dedup();
    out
}

fn walk(
    json: &serde_json::Value,
    schema: &RefOr<Schema>,
    components: &Components,
    path: &str,
    out: &mut Vec<String>,
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
            let Some(map) = json.as_object() else { return };
            for name in &object.required {
                if !map.contains_key(name) {
                    out.push(join(path, name));
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
