//! One provider row as sent, and what it must satisfy.

use chrono::NaiveDate;
use lvyue_core::{Grade, Lang, RecordKind, RecordVisibility, Uscc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// One row of an import (JSON object, NDJSON line or CSV record with these headers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportRow {
    /// The provider's own id of the record (1–100 characters): re-sending it updates the record.
    pub provider_ref: String,
    /// `commitment_fulfilment`, `arrears` or `judgment_defaulter` (失信 findings), or
    /// `fulfilment` (positive or neutral information on policies honoured and commitments kept).
    pub kind: String,
    /// The subject's 统一社会信用代码; it must be in the registry.
    pub subject_uscc: String,
    /// The facts found (1–20,000 characters).
    pub facts: String,
    /// Amount involved, in fen (≥ 0).
    #[serde(default)]
    pub amount_fen: Option<i64>,
    /// `minor`, `general`, `serious` for a 失信 finding; empty or absent for `fulfilment`.
    #[serde(default)]
    pub grade: String,
    /// The day of the finding (YYYY-MM-DD), not in the future.
    pub decided_on: String,
    /// A category of the provider's own, up to 100 characters.
    #[serde(default)]
    pub category: Option<String>,
    /// `public`, `shared`, `internal`; by default `shared` for minor findings and fulfilment
    /// information, else `public`. Fulfilment information is always shared with the platform
    /// (`internal` is refused).
    #[serde(default)]
    pub visibility: Option<String>,
    /// The body that made the finding, when not the provider itself.
    #[serde(default)]
    pub determining_body: Option<String>,
    /// `true` withdraws a record sent before as wrong (撤销).
    #[serde(default)]
    pub revoked: Option<bool>,
    /// `true`: the court removed this judgment defaulter from its list (移出失信被执行人名单); the
    /// record was right, and it ends as `removed`. Only for `judgment_defaulter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<bool>,
}

impl ImportRow {
    /// How this row ends the record it names, if it does: a withdrawal or a court's removal.
    pub fn ending(&self) -> Option<Ending> {
        if self.revoked == Some(true) {
            Some(Ending::Revoked)
        } else if self.removed == Some(true) {
            Some(Ending::Removed)
        } else {
            None
        }
    }
}

/// How a provider's row ends its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Withdrawn as wrong (撤销).
    Revoked,
    /// Removed from the court's list (移出): it was right, and it is over.
    Removed,
}

impl Ending {
    /// The status the record takes.
    pub fn status(self) -> lvyue_core::RecordStatus {
        match self {
            Ending::Revoked => lvyue_core::RecordStatus::Revoked,
            Ending::Removed => lvyue_core::RecordStatus::Removed,
        }
    }

    /// The field of the row that says it.
    pub fn field(self) -> &'static str {
        match self {
            Ending::Revoked => "revoked",
            Ending::Removed => "removed",
        }
    }
}

/// An example import (a JSON array of rows), as the document shows it; the tests send it.
pub fn example_rows() -> serde_json::Value {
    serde_json::json!([{
        "provider_ref": "JXJ-2026-0042",
        "kind": "arrears",
        "subject_uscc": "11340321MB0000011N",
        "facts": "拖欠中小企业工程款逾期未付",
        "amount_fen": 1200000,
        "grade": "general",
        "decided_on": "2026-11-02"
    }])
}

/// Why a row was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RowError {
    /// The field (`grade`), or `row` for the row as a whole.
    pub field: String,
    /// Stable code.
    pub code: &'static str,
    /// In the caller's language.
    pub message: String,
}

impl RowError {
    /// An error in `lang`.
    pub fn new(field: &str, code: &'static str, lang: Lang, zh: &str, en: &str) -> RowError {
        let message = match lang {
            Lang::Zh => zh,
            Lang::En => en,
        };
        RowError { field: field.to_owned(), code, message: message.to_owned() }
    }
}

/// A row that passed the checks that need no database.
#[derive(Debug, Clone)]
pub struct CheckedRow {
    /// As sent.
    pub row: ImportRow,
    /// Parsed.
    pub kind: RecordKind,
    /// Parsed; None for fulfilment information.
    pub grade: Option<Grade>,
    /// Parsed.
    pub decided_on: NaiveDate,
    /// Given or by default.
    pub visibility: RecordVisibility,
    /// Normalised.
    pub subject_uscc: Uscc,
    /// SHA-256 of the row's canonical JSON: the same row again changes nothing.
    pub hash: String,
}

/// The row with text trimmed and blank optional text absent: what is stored and hashed, so
/// a difference of whitespace alone changes nothing.
fn normalised(mut row: ImportRow) -> ImportRow {
    let text = |s: Option<String>| s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    row.provider_ref = row.provider_ref.trim().to_owned();
    row.kind = row.kind.trim().to_owned();
    row.subject_uscc = row.subject_uscc.trim().to_ascii_uppercase();
    row.facts = row.facts.trim().to_owned();
    row.grade = row.grade.trim().to_owned();
    row.decided_on = row.decided_on.trim().to_owned();
    row.category = text(row.category);
    row.visibility = text(row.visibility);
    row.determining_body = text(row.determining_body);
    row
}

/// Checks a row; `today` bounds `decided_on`.
pub fn check(row: ImportRow, today: NaiveDate, lang: Lang) -> Result<CheckedRow, Vec<RowError>> {
    let row = normalised(row);
    let mut errors = Vec::new();
    let e = |f: &str, c: &'static str, zh: &str, en: &str| RowError::new(f, c, lang, zh, en);
    let reference = row.provider_ref.trim();
    if reference.is_empty() || reference.chars().count() > 100 {
        errors.push(e("provider_ref", "invalid_length", "须为 1–100 个字符", "must be 1–100 characters"));
    }
    let kind = RecordKind::from_code(&row.kind);
    match kind {
        None => errors.push(e("kind", "unknown_code", "未知的记录类别", "unknown record kind")),
        Some(k) if !k.from_providers() => errors.push(e(
            "kind",
            "not_from_providers",
            "违约失信认定信息只来自案件办理",
            "breach determinations come only from cases",
        )),
        Some(_) => {}
    }
    let uscc = match Uscc::parse(&row.subject_uscc) {
        Ok(u) => Some(u),
        Err(err) => {
            errors.push(RowError {
                field: "subject_uscc".to_owned(),
                code: err.code,
                message: err.message.get(lang).to_owned(),
            });
            None
        }
    };
    let facts = row.facts.chars().count();
    if facts == 0 || facts > crate::MAX_FACTS {
        errors.push(e("facts", "invalid_length", "须为 1–20000 个字符", "must be 1–20000 characters"));
    }
    if row.amount_fen.is_some_and(|a| a < 0) {
        errors.push(e("amount_fen", "negative", "金额不能为负", "an amount cannot be negative"));
    }
    let breach = kind.is_none_or(RecordKind::is_breach);
    let grade = Grade::from_code(&row.grade);
    if breach && grade.is_none() {
        errors.push(e(
            "grade",
            "unknown_code",
            "等级须为 minor、general 或 serious",
            "grade is minor, general or serious",
        ));
    }
    if !breach && !row.grade.is_empty() {
        errors.push(e(
            "grade",
            "not_graded",
            "履约践诺信息不分失信等级，请留空",
            "fulfilment information has no grade; leave it empty",
        ));
    }
    // A NUL cannot be stored by PostgreSQL (it would answer "try again" forever) and is never
    // meant: refused as a row error on both databases.
    let texts = [
        ("provider_ref", Some(&row.provider_ref)),
        ("kind", Some(&row.kind)),
        ("subject_uscc", Some(&row.subject_uscc)),
        ("facts", Some(&row.facts)),
        ("grade", Some(&row.grade)),
        ("decided_on", Some(&row.decided_on)),
        ("category", row.category.as_ref()),
        ("visibility", row.visibility.as_ref()),
        ("determining_body", row.determining_body.as_ref()),
    ];
    for (field, text) in texts {
        if text.is_some_and(|t| t.contains('\0')) {
            errors.push(e(field, "invalid_character", "不得包含空字符（\\u0000）", "must not contain a NUL character"));
        }
    }
    let strict = lvyue_core::required::is_strict_date(&row.decided_on);
    let decided_on = match row.decided_on.parse::<NaiveDate>().ok().filter(|_| strict).ok_or(()) {
        Ok(d) if d > today => {
            errors.push(e(
                "decided_on",
                "in_future",
                "认定日期不能晚于今天",
                "the finding cannot be dated after today",
            ));
            None
        }
        Ok(d) => Some(d),
        Err(()) => {
            errors.push(e("decided_on", "invalid_date", "日期格式须为 YYYY-MM-DD", "a date is YYYY-MM-DD"));
            None
        }
    };
    let visibility = match row.visibility.as_deref() {
        None if !breach => Some(RecordVisibility::Shared),
        None => grade.map(RecordVisibility::default_for),
        Some("internal") if !breach => {
            errors.push(e(
                "visibility",
                "must_be_shared",
                "履约践诺信息须全量共享，不能设为 internal",
                "fulfilment information is shared in full; it cannot be internal",
            ));
            None
        }
        Some(v) => {
            let parsed = RecordVisibility::from_code(v);
            if parsed.is_none() {
                errors.push(e(
                    "visibility",
                    "unknown_code",
                    "须为 public、shared 或 internal",
                    "public, shared or internal",
                ));
            }
            parsed
        }
    };
    if row.category.as_deref().is_some_and(|c| c.chars().count() > 100) {
        errors.push(e("category", "too_long", "最多 100 个字符", "at most 100 characters"));
    }
    if row.removed == Some(true) && kind.is_some_and(|k| k != RecordKind::JudgmentDefaulter) {
        errors.push(e(
            "removed",
            "not_a_listing",
            "只有失信被执行人记录可以移出名单",
            "only a judgment defaulter's listing is removed",
        ));
    }
    if row.removed == Some(true) && row.revoked == Some(true) {
        errors.push(e(
            "removed",
            "removed_and_revoked",
            "移出与撤销不能同时成立",
            "a record is removed or revoked, not both",
        ));
    }
    if row.determining_body.as_deref().is_some_and(|c| c.chars().count() > 200) {
        errors.push(e("determining_body", "too_long", "最多 200 个字符", "at most 200 characters"));
    }
    match (kind, decided_on, visibility, uscc) {
        (Some(kind), Some(decided_on), Some(visibility), Some(subject_uscc)) if errors.is_empty() => {
            let canonical = serde_json::to_vec(&row).unwrap_or_default();
            let hash = hex::encode(Sha256::digest(&canonical));
            Ok(CheckedRow { row, kind, grade, decided_on, visibility, subject_uscc, hash })
        }
        _ => Err(errors),
    }
}
