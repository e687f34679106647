//! The determination of a breach (认定违约失信) as a case shows it and as
//! `complaint.determined` announces it: the contract between verification, which records it,
//! and the credit record, which turns it into a record.

use chrono::{DateTime, FixedOffset};
use lvyue_core::repair::EarlyRemedy;
use lvyue_core::{BreachCategory, Grade};
use lvyue_registry::organisation::OrgRef;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The subject of a determination (失信主体): the respondent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubjectView {
    /// Its registry id, when the respondent resolved to a registry entry.
    pub org_id: Option<String>,
    /// Name.
    pub name: String,
    /// Credit code.
    pub uscc: Option<String>,
}

/// A determination as shown and as announced in `complaint.determined`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BreachDetermination {
    /// Opaque id.
    pub id: String,
    /// The case.
    pub complaint_id: String,
    /// The body that determined it (the handling department; "谁认定、谁修复").
    pub determining_org: OrgRef,
    /// Who breached.
    pub subject: SubjectView,
    /// `refusal` (拒不整改) or `ruling` (不履行生效裁判).
    pub basis: String,
    /// Breach category.
    pub category: BreachCategory,
    /// The facts found.
    pub facts: String,
    /// Amount involved in fen.
    pub amount_fen: Option<i64>,
    /// `minor`, `general`, `serious`.
    pub grade: Grade,
    /// The token subject of the official who recorded it.
    pub determined_by: String,
    /// When.
    pub determined_at: DateTime<FixedOffset>,
    /// The early remedy recorded with it, if any (主动纠正).
    pub early_remedy: Option<EarlyRemedy>,
    /// 问题成因, when the department named it.
    #[serde(default)]
    pub cause: Option<String>,
    /// 责任人, when the department named them (names masked on the timeline, in the feed and
    /// for roles that see no personal data).
    #[serde(default)]
    pub responsible: Vec<lvyue_core::person::ResponsiblePerson>,
}
