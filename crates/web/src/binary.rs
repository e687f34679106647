//! A file's bytes in a body — an Excel workbook, a PDF — as the OpenAPI document describes it:
//! `type: string, format: binary`, so a generated client reads or sends a file, not a JSON
//! array of numbers.

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};

/// The schema of a file's bytes (`body = Binary`).
pub struct Binary;

impl utoipa::PartialSchema for Binary {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .description(Some("The file's bytes"))
            .into()
    }
}

impl utoipa::ToSchema for Binary {}
