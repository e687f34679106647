//! Stable English codes with Chinese and English labels.
//!
//! `code_enum!` declares an enumeration whose wire form is its code, whose
//! labels are served by `GET /api/v1/meta/enums`, and which parses from text.

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
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

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

            /// The code list with labels, for the meta endpoint.
            pub fn code_list() -> Vec<$crate::codes::CodeLabel> {
                Self::ALL
                    .iter()
                    .map(|v| $crate::codes::CodeLabel {
                        code: v.code().to_owned(),
                        label_zh: v.label_zh().to_owned(),
                        label_en: v.label_en().to_owned(),
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
                Self::from_code(s).ok_or_else(|| {
                    $crate::error::FieldError::new(
                        "",
                        "unknown_code",
                        $crate::message::Message::new(
                            format!("未知代码“{}”，可选：{}", s, Self::codes_joined()),
                            format!("unknown code '{}'; expected one of: {}", s, Self::codes_joined()),
                        ),
                    )
                })
            }
        }
    };
}
