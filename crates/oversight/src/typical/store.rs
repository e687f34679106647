//! A typical case as stored, as its office and the departments concerned see it, and as the
//! public sees it (the summary and the record's public facts; never a case's parties).

use super::candidates::{Outcry, Repeated, Serious};
use super::{allowed, OpinionPosition, TypicalCaseAction, TypicalCaseStatus, WithdrawalReason};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{AppError, AppResult, Grade, Role};
use lvyue_db::schema::{typical_case_opinions, typical_cases};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The three criteria as they stood when the case was proposed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Criteria {
    /// How many it met (0–3).
    pub criteria_met: u8,
    /// 失信情形严重.
    pub serious: Serious,
    /// 多次反复失信.
    pub repeated: Repeated,
    /// 人民群众反映强烈.
    pub outcry: Outcry,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = typical_cases, treat_none_as_null = true)]
pub(crate) struct TypicalCaseRow {
    pub id: String,
    pub region_code: String,
    pub record_id: String,
    pub complaint_id: Option<String>,
    pub subject_name: String,
    pub subject_uscc: Option<String>,
    pub subject_org_id: Option<String>,
    pub determining_org_id: Option<String>,
    pub grade: String,
    pub amount_fen: Option<i64>,
    pub decided_on: NaiveDate,
    pub title: String,
    pub summary: String,
    pub criteria: String,
    pub status: String,
    pub withdrawal_reason: Option<String>,
    pub withdrawal_note: Option<String>,
    pub version: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = typical_case_opinions)]
pub(crate) struct OpinionRow {
    pub id: String,
    pub typical_case_id: String,
    pub org_id: String,
    pub org_name: String,
    pub position: String,
    pub opinion: String,
    pub given_by: String,
    pub given_at: NaiveDateTime,
}

/// A department's opinion (有关单位意见).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Opinion {
    /// Opaque id.
    pub id: String,
    /// The department.
    pub org_id: String,
    /// Its name.
    pub org_name: String,
    /// `agree`, `amend` or `disagree`.
    pub position: OpinionPosition,
    /// What it says.
    pub opinion: String,
    /// When.
    pub given_at: DateTime<FixedOffset>,
}

/// A typical case as its office and the departments concerned see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TypicalCase {
    /// Opaque id.
    pub id: String,
    /// The division (the record's).
    pub region_code: String,
    /// The credit record it is made of.
    pub record_id: String,
    /// The case behind the record, if any.
    pub complaint_id: Option<String>,
    /// The subject (信用主体): the government body.
    pub subject_name: String,
    /// Its credit code.
    pub subject_uscc: Option<String>,
    /// The record's grade.
    pub grade: Grade,
    /// The record's amount (分).
    pub amount_fen: Option<i64>,
    /// The record's decision day.
    pub decided_on: NaiveDate,
    /// 标题.
    pub title: String,
    /// The anonymised summary (案情摘要).
    pub summary: String,
    /// The criteria as they stood when it was proposed.
    pub criteria: Criteria,
    /// `draft`, `published`, `withdrawn`.
    pub status: TypicalCaseStatus,
    /// Why it was withdrawn.
    pub withdrawal_reason: Option<WithdrawalReason>,
    /// The office's note on withdrawing.
    pub withdrawal_note: Option<String>,
    /// The departments' opinions, oldest first.
    pub opinions: Vec<Opinion>,
    /// What the caller may do now.
    pub allowed_actions: Vec<TypicalCaseAction>,
    /// Pass back to change it.
    pub version: i32,
    /// Proposed.
    pub created_at: DateTime<FixedOffset>,
    /// Published.
    pub published_at: Option<DateTime<FixedOffset>>,
    /// Withdrawn.
    pub withdrawn_at: Option<DateTime<FixedOffset>>,
}

/// A published typical case as the public sees it (信用网站).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicTypicalCase {
    /// Opaque id.
    pub id: String,
    /// The division.
    pub region_code: String,
    /// The government body (信用主体).
    pub subject_name: String,
    /// Its credit code.
    pub subject_uscc: Option<String>,
    /// The grade of its breach.
    pub grade: Grade,
    /// The amount involved (分).
    pub amount_fen: Option<i64>,
    /// When the breach was determined.
    pub decided_on: NaiveDate,
    /// 标题.
    pub title: String,
    /// 案情摘要.
    pub summary: String,
    /// Published.
    pub published_at: DateTime<FixedOffset>,
}

impl OpinionRow {
    fn view(&self) -> AppResult<Opinion> {
        Ok(Opinion {
            id: self.id.clone(),
            org_id: self.org_id.clone(),
            org_name: self.org_name.clone(),
            position: OpinionPosition::from_stored(&self.position)?,
            opinion: self.opinion.clone(),
            given_at: lvyue_core::time::stored_to_shanghai(self.given_at),
        })
    }
}

impl TypicalCaseRow {
    pub fn status(&self) -> AppResult<TypicalCaseStatus> {
        TypicalCaseStatus::from_stored(&self.status)
    }

    /// The view for `role` (whose actions it lists; `concerned`: the caller is a department
    /// concerned, the only ones that give opinions), with the opinions given.
    pub fn view(&self, opinions: &[OpinionRow], role: Role, concerned: bool) -> AppResult<TypicalCase> {
        let status = self.status()?;
        let criteria = serde_json::from_str(&self.criteria)
            .map_err(|e| AppError::internal(format!("stored typical case {}: {e}", self.id)))?;
        let allowed_actions =
            allowed(status, role).into_iter().filter(|a| *a != TypicalCaseAction::AddOpinion || concerned).collect();
        Ok(TypicalCase {
            id: self.id.clone(),
            region_code: self.region_code.clone(),
            record_id: self.record_id.clone(),
            complaint_id: self.complaint_id.clone(),
            subject_name: self.subject_name.clone(),
            subject_uscc: self.subject_uscc.clone(),
            grade: Grade::from_stored(&self.grade)?,
            amount_fen: self.amount_fen,
            decided_on: self.decided_on,
            title: self.title.clone(),
            summary: self.summary.clone(),
            criteria,
            status,
            withdrawal_reason: self.withdrawal_reason.as_deref().map(WithdrawalReason::from_stored).transpose()?,
            withdrawal_note: self.withdrawal_note.clone(),
            opinions: opinions.iter().map(OpinionRow::view).collect::<AppResult<_>>()?,
            allowed_actions,
            version: self.version,
            created_at: lvyue_core::time::stored_to_shanghai(self.created_at),
            published_at: self.published_at.map(lvyue_core::time::stored_to_shanghai),
            withdrawn_at: self.withdrawn_at.map(lvyue_core::time::stored_to_shanghai),
        })
    }

    /// The public view; None unless published.
    pub fn public(&self) -> AppResult<Option<PublicTypicalCase>> {
        let Some(published_at) = self.published_at.filter(|_| self.status == TypicalCaseStatus::Published.code())
        else {
            return Ok(None);
        };
        Ok(Some(PublicTypicalCase {
            id: self.id.clone(),
            region_code: self.region_code.clone(),
            subject_name: self.subject_name.clone(),
            subject_uscc: self.subject_uscc.clone(),
            grade: Grade::from_stored(&self.grade)?,
            amount_fen: self.amount_fen,
            decided_on: self.decided_on,
            title: self.title.clone(),
            summary: self.summary.clone(),
            published_at: lvyue_core::time::stored_to_shanghai(published_at),
        }))
    }
}

/// The organisations concerned (有关单位): the record's subject, the body that determined it,
/// and the case's handling body.
pub(crate) fn concerned(conn: &mut lvyue_db::DbConn, row: &TypicalCaseRow) -> AppResult<Vec<String>> {
    let mut orgs: Vec<String> =
        [row.subject_org_id.clone(), row.determining_org_id.clone()].into_iter().flatten().collect();
    if let Some(c) = &row.complaint_id {
        let handling: Option<Option<String>> = lvyue_db::schema::oversight_case_facts::table
            .find(c)
            .select(lvyue_db::schema::oversight_case_facts::handling_org_id)
            .first(conn)
            .optional()?;
        orgs.extend(handling.flatten());
    }
    Ok(orgs)
}

/// The opinions on `id`, oldest first.
pub(crate) fn opinions_of(conn: &mut lvyue_db::DbConn, id: &str) -> AppResult<Vec<OpinionRow>> {
    let mut all = opinions_of_many(conn, &[id.to_string()])?;
    Ok(all.remove(id).unwrap_or_default())
}

/// The opinions on several typical cases in one query, keyed by case, oldest first.
pub(crate) fn opinions_of_many(
    conn: &mut lvyue_db::DbConn,
    ids: &[String],
) -> AppResult<std::collections::HashMap<String, Vec<OpinionRow>>> {
    let mut out: std::collections::HashMap<String, Vec<OpinionRow>> = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<OpinionRow> = typical_case_opinions::table
        .filter(typical_case_opinions::typical_case_id.eq_any(ids))
        .order_by((typical_case_opinions::given_at.asc(), typical_case_opinions::id.asc()))
        .select(OpinionRow::as_select())
        .load(conn)?;
    for o in rows {
        out.entry(o.typical_case_id.clone()).or_default().push(o);
    }
    Ok(out)
}
