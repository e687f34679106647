//! Stable English codes with Chinese and English labels.
//!
//! `code_enum!` declares an enumeration from one table `Variant => ("code", "中文", "English")`.
//! Everything else is generated from that table, so nothing can drift from it: the wire form
//! (serde), the OpenAPI schema (a string `enum` of exactly the codes, its description listing the
//! labels), the code list `GET /api/v1/meta/enums` serves, and the error an unknown code gets
//! (which lists the allowed codes with their labels, in the caller's language).

use crate::message::Message;
use serde::Serialize;
use utoipa::ToSchema;

/// One entry of a code list as the meta endpoint serves it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct CodeLabel {
    /// The stable code clients send and branch on.
    pub code: String,
    /// 中文名称.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
}

/// The error an unknown code gets: the allowed codes with their labels, in both languages.
pub fn unknown_code_message(raw: &str, list: &[(&str, &str, &str)]) -> Message {
    let zh = list.iter().map(|(c, zh, _)| format!("{c}（{zh}）")).collect::<Vec<_>>().join("、");
    let en = list.iter().map(|(c, _, en)| format!("{c} ({en})")).collect::<Vec<_>>().join(", ");
    Message::new(format!("未知代码“{raw}”，可选：{zh}"), format!("unknown code '{raw}'; expected one of: {en}"))
}

/// The OpenAPI description of a code list: its codes with their labels.
pub fn schema_description(list: &[(&str, &str, &str)]) -> String {
    let items = list.iter().map(|(c, zh, en)| format!("`{c}` {zh} ({en})")).collect::<Vec<_>>().join("; ");
    format!("A code (see `GET /api/v1/meta/enums`): {items}.")
}

/// The OpenAPI schema of a code list: a string whose values are exactly the codes.
pub fn code_schema(list: &[(&str, &str, &str)]) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .enum_values(Some(list.iter().map(|(c, _, _)| *c)))
        .description(Some(schema_description(list)))
        .into()
}

/// Declares a code enumeration: `Variant => ("code", "中文", "English")`.
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($code:literal, $zh:literal, $en:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The table: `(code, 中文, English)` per value, in declaration order.
            pub const TABLE: &'static [(&'static str, &'static str, &'static str)] = &[$(($code, $zh, $en)),+];

            /// The stable wire code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// Parses a wire code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Reads a code stored in a column: what lvyue wrote is always a code of the list, so
            /// anything else is an internal error (logged, 500), never a client's fault. The one
            /// mapping of every status and code column to its type.
            pub fn from_stored(code: &str) -> $crate::error::AppResult<Self> {
                Self::from_code(code).ok_or_else(|| {
                    $crate::error::AppError::internal(format!("stored {} {code:?}", stringify!($name)))
                })
            }

            /// Parses a wire code, or says which codes there are (with their labels).
            pub fn parse_code(code: &str) -> Result<Self, $crate::message::Message> {
                Self::from_code(code).ok_or_else(|| $crate::codes::unknown_code_message(code, Self::TABLE))
            }

            /// The code list with labels, for the meta endpoint.
            pub fn code_list() -> Vec<$crate::codes::CodeLabel> {
                Self::TABLE
                    .iter()
                    .map(|(code, zh, en)| $crate::codes::CodeLabel {
                        code: (*code).to_owned(),
                        label_zh: (*zh).to_owned(),
                        label_en: (*en).to_owned(),
                    })
                    .collect()
            }

            /// The codes joined for error messages.
            pub fn codes_joined() -> String {
                Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse_code(s).map_err(|m| $crate::error::FieldError::new("", "unknown_code", m))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct CodeVisitor;
                impl serde::de::Visitor<'_> for CodeVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a code")
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::parse_code(v).map_err(|m| $crate::message::serde_error::<E>("unknown_code", &m))
                    }
                }
                deserializer.deserialize_str(CodeVisitor)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::codes::code_schema(Self::TABLE)
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::Grade;

    #[test]
    fn unknown_codes_list_the_allowed_ones_with_labels() {
        let err = serde_json::from_value::<Grade>(serde_json::json!("Minor")).unwrap_err().to_string();
        let m = crate::message::Message::from_serde_error(&err).expect("a bilingual message");
        assert!(m.zh.contains("minor（轻微）"), "{}", m.zh);
        assert!(m.en.starts_with("unknown code 'Minor'"), "{}", m.en);
        assert_eq!(serde_json::to_value(Grade::Minor).unwrap(), serde_json::json!("minor"));
    }
}
