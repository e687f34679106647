//! The answers every operation can give, documented once.
//!
//! Handlers document what is theirs (200, 201, a conflict, a role refusal). What the shared
//! layers answer — a broken or oversized body, a bad token, an unknown id in the path, a query
//! that does not parse, the database being away — follows from the operation's shape, so it is
//! added here from that shape, for every operation alike. The spec is what clients are
//! generated from: each of these is what `JsonBody`, `Caller`, `Query`, the path and the pool
//! really answer.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

/// The content type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer: a `Problem` as `application/problem+json`.
pub fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
        .build()
}

fn add(operation: &mut Operation, status: &str, description: &str) {
    operation.responses.responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(problem_response(description)));
}

/// Ids in paths are UUIDs (`lvyue_core::ids`): say so, so a generated client and a fuzzer send one.
fn mark_ids(operation: &mut Operation) {
    use utoipa::openapi::schema::{KnownFormat, Schema, SchemaFormat};
    for p in operation.parameters.iter_mut().flatten() {
        if p.parameter_in == ParameterIn::Path && p.name == "id" {
            if let Some(RefOr::T(Schema::Object(o))) = p.schema.as_mut() {
                o.format.get_or_insert(SchemaFormat::KnownFormat(KnownFormat::Uuid));
            }
        }
    }
}

/// Adds the shared layers' answers to one operation, from its shape.
fn add_standard_answers(path: &str, operation: &mut Operation) {
    mark_ids(operation);
    let params = operation.parameters.as_deref().unwrap_or_default();
    let has_path = params.iter().any(|p| p.parameter_in == ParameterIn::Path) || path.contains('{');
    let has_query = params.iter().any(|p| p.parameter_in == ParameterIn::Query);
    let json_body = operation.request_body.as_ref().is_some_and(|b| b.content.keys().any(|k| k.contains("json")));
    let has_body = operation.request_body.is_some();
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    if has_path || has_query || json_body {
        add(operation, "400", "Malformed request: a body that is not JSON, or a NUL character in the path or query");
    }
    if secured {
        add(operation, "401", "No bearer token, or one that is invalid or expired");
        add(operation, "403", "The caller's role or organisation may not do this");
    }
    if has_path {
        add(operation, "404", "Nothing at this path, or nothing the caller may see");
    }
    if has_body {
        add(operation, "408", "The client did not send its body within the client timeout");
        add(operation, "413", "The body is larger than the configured limit");
        add(operation, "415", "The body's content type is not the one documented");
    }
    if path.starts_with("/api/v1/public/") {
        add(operation, "429", "Over the address's quota for the public face: `Retry-After` says when to come back");
    }
    if secured {
        add(
            operation,
            "429",
            "Over the caller's quota (requests per minute per token subject and role; the sanction check has its own): `Retry-After` says when to come back",
        );
    }
    if has_query || has_body {
        add(
            operation,
            "422",
            "Invalid fields: every one is named in `errors`, with the allowed codes where it takes a code",
        );
    }
    if path.starts_with("/api/") || path == "/readyz" {
        add(operation, "503", "The database is unavailable: retry after `Retry-After` seconds");
    }
}

/// Adds the shared layers' answers to every operation of `doc`.
pub fn add_standard_answers_to_all(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            add_standard_answers(path, operation);
        }
    }
}
