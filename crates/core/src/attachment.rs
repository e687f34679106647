//! A supporting document (附件) that a channel, a department or a repair applicant names:
//! held by the sender's own file store, shared by every context that takes one.

use crate::validation::to_validation_error;
use crate::{FieldError, Message};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

fn check_sha256(v: &str) -> Result<(), ValidationError> {
    if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(to_validation_error(FieldError::new(
            "",
            "invalid_sha256",
            Message::new("须为 64 位十六进制 SHA-256 摘要", "must be a 64-character hex SHA-256 digest"),
        )))
    }
}

/// A supporting document, held by the channel platform.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct AttachmentInput {
    /// File name.
    #[validate(length(min = 1, max = 255))]
    pub name: String,
    /// Where lvyue's users can fetch it.
    #[validate(url, length(max = 2000))]
    pub url: String,
    /// Hex SHA-256 of the content, so a reader can check what they fetched.
    #[serde(default)]
    #[validate(custom(function = "check_sha256"))]
    pub sha256: Option<String>,
}

/// Checks a list of attachments under `field`: at most `max`, each valid (errors name
/// `field[i].name`, …).
pub fn check_all(field: &str, items: &[AttachmentInput], max: usize) -> crate::AppResult<()> {
    if items.len() > max {
        return Err(crate::AppError::invalid(
            field,
            "too_many",
            format!("最多 {max} 个附件"),
            format!("at most {max} attachments"),
        ));
    }
    for (i, a) in items.iter().enumerate() {
        a.validate().map_err(|e| {
            crate::AppError::Validation(
                crate::validation::field_errors(&e)
                    .into_iter()
                    .map(|f| {
                        let at = format!("{field}[{i}].{}", f.field);
                        f.at(at)
                    })
                    .collect(),
            )
        })?;
    }
    Ok(())
}
