//! Page sizes: every list is bounded, and the bound is in the document.

use lvyue_core::Message;
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};

/// A validated page size (`?limit=`): 1–200, default 50.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(pub i64);

/// The default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// The largest page size.
pub const MAX_LIMIT: i64 = 200;

impl Limit {
    /// The page size asked for, or the default.
    pub fn or_default(raw: Option<Limit>) -> Limit {
        raw.unwrap_or(Limit(DEFAULT_LIMIT))
    }

    /// A page size from a number, if it is within 1–200.
    pub fn new(n: i64) -> Result<Limit, Message> {
        if (1..=MAX_LIMIT).contains(&n) {
            Ok(Limit(n))
        } else {
            Err(Message::new(format!("须在 1 至 {MAX_LIMIT} 之间"), format!("must be 1 to {MAX_LIMIT}")))
        }
    }
}

impl<'de> serde::Deserialize<'de> for Limit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(deserializer)?;
        Limit::new(n).map_err(|m| lvyue_core::message::serde_error::<D::Error>("out_of_range", &m))
    }
}

impl utoipa::PartialSchema for Limit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Integer))
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
            .minimum(Some(1))
            .maximum(Some(MAX_LIMIT))
            .default(Some(DEFAULT_LIMIT.into()))
            .description(Some(format!("Page size, 1–{MAX_LIMIT} (default {DEFAULT_LIMIT}).")))
            .into()
    }
}

impl utoipa::ToSchema for Limit {}
