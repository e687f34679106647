//! The persons responsible for a breach (责任人): named in a ledger item and in a
//! determination. Personal data: shown in clear only to those who act on it.

use crate::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A person responsible (责任人): name and post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponsiblePerson {
    /// 姓名 (1–50 characters).
    pub name: String,
    /// 职务 (1–100 characters).
    pub post: String,
}

/// A person's name masked (个人信息脱敏): `张三丰` → `张**`; empty stays empty.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

impl ResponsiblePerson {
    /// The same person with the name masked (`王**`).
    pub fn masked(&self) -> ResponsiblePerson {
        ResponsiblePerson { name: mask_name(&self.name), post: self.post.clone() }
    }
}

/// `list` checked (at most 20; each name 1–50 and post 1–100 characters, trimmed), errors named
/// under `at` (`responsible[0].name`).
pub fn checked(list: &[ResponsiblePerson], at: &str) -> AppResult<Vec<ResponsiblePerson>> {
    let text = crate::validation::bounded_text;
    if list.len() > 20 {
        return Err(AppError::invalid(at, "too_many", "责任人最多 20 名", "at most 20 persons"));
    }
    list.iter()
        .enumerate()
        .map(|(i, p)| {
            Ok(ResponsiblePerson {
                name: text(&format!("{at}[{i}].name"), &p.name, 50)?,
                post: text(&format!("{at}[{i}].post"), &p.post, 100)?,
            })
        })
        .collect()
}
