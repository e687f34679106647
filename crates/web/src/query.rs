//! `Query<T>`: query parameters read into a typed struct, or 422 naming the parameter.
//!
//! actix's own `web::Query` reports a failure as one line of serde text with no name
//! ("Query deserialize error: invalid digit found in string"). This one names the parameter
//! and says what it must be, in the caller's language, like a body's field errors: an unknown
//! code lists the allowed codes with their labels.

use crate::problem::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use lvyue_core::validation::describe_serde_error;
use lvyue_core::AppError;
use serde::de::DeserializeOwned;
use std::future::{ready, Ready};

/// Typed query parameters.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    /// The parameters.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// The longest value any query parameter takes, in characters: free-text filters (`q`, a
/// target, an entity id) are documented with this `maxLength`, and a longer one is a 422
/// naming it — before it reaches a database (SQLite refuses LIKE patterns past 50,000 bytes).
pub const MAX_QUERY_VALUE_CHARS: usize = 200;

/// Parses a query string into `T`, naming the failing parameter.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    let too_long: Vec<lvyue_core::FieldError> = form_urlencoded::parse(query.as_bytes())
        .filter(|(_, v)| v.chars().count() > MAX_QUERY_VALUE_CHARS)
        .map(|(k, _)| {
            lvyue_core::FieldError::new(
                k.as_ref(),
                "too_long",
                lvyue_core::Message::new(
                    format!("查询参数最多 {MAX_QUERY_VALUE_CHARS} 个字符"),
                    format!("a query parameter takes at most {MAX_QUERY_VALUE_CHARS} characters"),
                ),
            )
        })
        .collect();
    if !too_long.is_empty() {
        return Err(AppError::Validation(too_long));
    }
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize::<_, T>(deserializer).map_err(|e| {
        let path = e.path().to_string();
        AppError::field(describe_serde_error(&path, &e.into_inner().to_string()))
    })
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query::<T>(req.query_string()).map(Query).map_err(ApiError))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lvyue_core::Grade;

    #[derive(Debug, serde::Deserialize)]
    struct Q {
        grade: Option<Grade>,
        limit: Option<i64>,
    }

    fn only_error(q: &str) -> lvyue_core::FieldError {
        match parse_query::<Q>(q) {
            Err(AppError::Validation(mut list)) if list.len() == 1 => list.remove(0),
            other => panic!("expected one field error, got {other:?}"),
        }
    }

    #[test]
    fn errors_name_the_parameter_and_say_what_it_must_be() {
        let e = only_error("limit=abc");
        assert_eq!((e.field.as_str(), e.code), ("limit", "invalid_value"));
        assert_eq!(e.message.en, "must be an integer");
        let e = only_error("grade=Minor");
        assert_eq!((e.field.as_str(), e.code), ("grade", "unknown_code"));
        assert!(e.message.zh.contains("minor（轻微）"), "{}", e.message.zh);
        let long = format!("grade={}", "x".repeat(MAX_QUERY_VALUE_CHARS + 1));
        let e = only_error(&long);
        assert_eq!((e.field.as_str(), e.code), ("grade", "too_long"));
        let ok = parse_query::<Q>("grade=serious&limit=5").unwrap();
        assert_eq!((ok.grade, ok.limit), (Some(Grade::Serious), Some(5)));
    }
}
