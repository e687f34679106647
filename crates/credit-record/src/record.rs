//! A credit record as stored, as shown (which is also the exchange format the public credit
//! platform receives), and its versions.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::repair::EarlyRemedy;
use lvyue_core::{AppResult, Grade, RecordKind, RecordStatus, RecordVisibility};
use lvyue_db::schema::{credit_record_versions, credit_records};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A stored record (its current version).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = credit_records, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct CreditRecordRow {
    pub id: String,
    pub kind: String,
    pub subject_org_id: Option<String>,
    pub subject_uscc: Option<String>,
    pub subject_name: String,
    pub region_code: String,
    pub complaint_id: Option<String>,
    pub determination_id: Option<String>,
    pub provider_org_id: Option<String>,
    pub provider_ref: Option<String>,
    pub determining_org_id: Option<String>,
    pub determining_body: String,
    pub category: Option<String>,
    pub facts: String,
    pub amount_fen: Option<i64>,
    pub grade: String,
    pub decided_on: NaiveDate,
    pub repairable_from: NaiveDate,
    pub expires_on: NaiveDate,
    pub status: String,
    pub visibility: String,
    pub version: i32,
    pub content_hash: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub early_remedy: Option<String>,
}

impl CreditRecordRow {
    /// The status, as parsed.
    pub fn status(&self) -> AppResult<RecordStatus> {
        RecordStatus::from_stored(&self.status)
    }

    /// The visibility, as parsed.
    pub fn visibility(&self) -> AppResult<RecordVisibility> {
        RecordVisibility::from_stored(&self.visibility)
    }

    /// The grade, as parsed; an error for fulfilment information, which has none (see
    /// [`Self::graded`]).
    pub fn grade(&self) -> AppResult<Grade> {
        Grade::from_stored(&self.grade)
    }

    /// The grade, or None for fulfilment information (stored as an empty grade).
    pub fn graded(&self) -> AppResult<Option<Grade>> {
        if self.grade.is_empty() && !self.kind()?.is_breach() {
            return Ok(None);
        }
        self.grade().map(Some)
    }

    /// True for 失信 information (see [`RecordKind::is_breach`]).
    pub fn is_breach(&self) -> bool {
        RecordKind::from_code(&self.kind).is_none_or(RecordKind::is_breach)
    }

    /// The kind, as parsed.
    pub fn kind(&self) -> AppResult<RecordKind> {
        RecordKind::from_stored(&self.kind)
    }
}

/// Whose record it is (信用主体).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordSubject {
    /// 统一社会信用代码.
    pub uscc: Option<String>,
    /// Name.
    pub name: String,
    /// Registry id, when the subject is in the registry.
    pub org_id: Option<String>,
    /// The subject's division (行政区划代码).
    pub region_code: String,
}

/// Where the record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordSource {
    /// `case` (a determined complaint) or `provider` (司法局, 经信局, a court).
    #[serde(rename = "type")]
    pub source_type: String,
    /// The case, for `case`.
    pub complaint_id: Option<String>,
    /// The determination, for `case`.
    pub determination_id: Option<String>,
    /// The providing organisation's registry id, for `provider`.
    pub provider_org_id: Option<String>,
    /// The provider's own id of the record, for `provider`.
    pub provider_ref: Option<String>,
}

/// The body that made the finding (认定单位): it also decides repairs (谁认定、谁修复).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeterminingBody {
    /// Name.
    pub name: String,
    /// Registry id, when in the registry.
    pub org_id: Option<String>,
}

/// The publicity window its grade implies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Publicity {
    /// A repair may be applied for from this day (the minimum period has passed).
    pub repairable_from: NaiveDate,
    /// Publication ends by itself on this day (the maximum period).
    pub expires_on: NaiveDate,
}

/// A credit record as shown, and as the public credit platform receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CreditRecord {
    /// Opaque id.
    pub id: String,
    /// `breach_determination`, `commitment_fulfilment`, `arrears`, `judgment_defaulter`, or
    /// `fulfilment` (positive or neutral information: no grade, no window, no measures).
    pub kind: String,
    /// Whose record it is.
    pub subject: RecordSubject,
    /// Where it came from.
    pub source: RecordSource,
    /// Who found it.
    pub determining_body: DeterminingBody,
    /// Breach category: for `breach_determination` a code of `breach_categories` in
    /// `GET /api/v1/meta/enums`; for provider records the provider's own.
    pub category: Option<String>,
    /// The facts found.
    pub facts: String,
    /// Amount involved, in fen.
    pub amount_fen: Option<i64>,
    /// `minor`, `general`, `serious`; null for fulfilment information.
    pub grade: Option<String>,
    /// The day of the finding; the publicity window counts from it.
    pub decided_on: NaiveDate,
    /// The window; null for fulfilment information, which has none, and for a court's listing
    /// of a judgment defaulter, which lasts until the court removes it.
    pub publicity: Option<Publicity>,
    /// `active`, `under_objection`, `repaired`, `expired`, `revoked`, or `removed` (a court
    /// removed the listing).
    pub status: String,
    /// `public`, `shared`, `internal`.
    pub visibility: String,
    /// What the subject did to remedy before the determination (主动纠正), if anything.
    pub early_remedy: Option<EarlyRemedy>,
    /// The current version (each change adds one).
    pub version: i32,
    /// Created.
    pub created_at: DateTime<FixedOffset>,
    /// Last changed.
    pub updated_at: DateTime<FixedOffset>,
}

impl CreditRecordRow {
    /// The view.
    pub fn view(&self) -> CreditRecord {
        let source_type = if self.complaint_id.is_some() { "case" } else { "provider" };
        CreditRecord {
            id: self.id.clone(),
            kind: self.kind.clone(),
            subject: RecordSubject {
                uscc: self.subject_uscc.clone(),
                name: self.subject_name.clone(),
                org_id: self.subject_org_id.clone(),
                region_code: self.region_code.clone(),
            },
            source: RecordSource {
                source_type: source_type.to_owned(),
                complaint_id: self.complaint_id.clone(),
                determination_id: self.determination_id.clone(),
                provider_org_id: self.provider_org_id.clone(),
                provider_ref: self.provider_ref.clone(),
            },
            determining_body: DeterminingBody {
                name: self.determining_body.clone(),
                org_id: self.determining_org_id.clone(),
            },
            category: self.category.clone(),
            facts: self.facts.clone(),
            amount_fen: self.amount_fen,
            grade: Some(self.grade.clone()).filter(|_| self.is_breach()),
            decided_on: self.decided_on,
            publicity: RecordKind::from_code(&self.kind)
                .is_none_or(RecordKind::has_grade_window)
                .then_some(Publicity { repairable_from: self.repairable_from, expires_on: self.expires_on }),
            status: self.status.clone(),
            visibility: self.visibility.clone(),
            early_remedy: self.early_remedy.as_deref().and_then(|r| serde_json::from_str(r).ok()),
            version: self.version,
            created_at: lvyue_core::time::stored_to_shanghai(self.created_at),
            updated_at: lvyue_core::time::stored_to_shanghai(self.updated_at),
        }
    }
}

/// A stored version.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = credit_record_versions, treat_none_as_default_value = false)]
pub struct VersionRow {
    pub record_id: String,
    pub version: i32,
    pub change: String,
    pub reason: Option<String>,
    pub snapshot: String,
    pub changed_by: String,
    pub changed_at: NaiveDateTime,
}

/// One version in a record's history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecordVersion {
    /// 1 for the first.
    pub version: i32,
    /// What happened: `created`, `corrected`, `corrected_on_objection` (a correction decided
    /// on an objection), `updated` (by its provider), `expired`, `revoked`, `repaired`,
    /// `objected`, `reinstated`.
    pub change: String,
    /// Why (required for corrections).
    pub reason: Option<String>,
    /// Who (the token's subject, or `system:…`).
    pub changed_by: String,
    /// When.
    pub changed_at: DateTime<FixedOffset>,
    /// The record as it was at this version.
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
}

impl VersionRow {
    /// The view.
    pub fn view(self) -> RecordVersion {
        RecordVersion {
            version: self.version,
            change: self.change,
            reason: self.reason,
            changed_by: self.changed_by,
            changed_at: lvyue_core::time::stored_to_shanghai(self.changed_at),
            record: serde_json::from_str(&self.snapshot).unwrap_or(serde_json::Value::Null),
        }
    }
}
