//! 认定违约失信: the determination of a breach, one per case, recorded by the handling
//! department when the respondent refuses to rectify or does not perform a ruling against it.

use crate::input::DeterminationInput;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::repair::EarlyRemedy;
use lvyue_core::{Actor, AppResult};
use lvyue_db::schema::breach_determinations;
use lvyue_db::DbConn;
use lvyue_intake::complaint::ComplaintRow;
use lvyue_registry::organisation::OrgRef;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A stored determination.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = breach_determinations)]
pub struct DeterminationRow {
    pub id: String,
    pub complaint_id: String,
    pub determining_org_id: String,
    pub subject_org_id: Option<String>,
    pub subject_name: String,
    pub subject_uscc: Option<String>,
    pub basis: String,
    pub category: String,
    pub facts: String,
    pub amount_fen: Option<i64>,
    pub grade: String,
    pub determined_by: String,
    pub determined_at: NaiveDateTime,
    pub early_remedy: Option<String>,
}

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
    pub category: String,
    /// The facts found.
    pub facts: String,
    /// Amount involved in fen.
    pub amount_fen: Option<i64>,
    /// `minor`, `general`, `serious`.
    pub grade: String,
    /// The token subject of the official who recorded it.
    pub determined_by: String,
    /// When.
    pub determined_at: DateTime<FixedOffset>,
    /// The early remedy recorded with it, if any (主动纠正).
    pub early_remedy: Option<EarlyRemedy>,
}

impl DeterminationRow {
    /// The view, with the determining organisation resolved.
    pub fn view(self, determining_org: OrgRef) -> BreachDetermination {
        BreachDetermination {
            determined_at: lvyue_core::time::stored_to_shanghai(self.determined_at),
            subject: SubjectView { org_id: self.subject_org_id, name: self.subject_name, uscc: self.subject_uscc },
            id: self.id,
            complaint_id: self.complaint_id,
            determining_org,
            basis: self.basis,
            category: self.category,
            facts: self.facts,
            amount_fen: self.amount_fen,
            grade: self.grade,
            determined_by: self.determined_by,
            early_remedy: self.early_remedy.and_then(|r| serde_json::from_str(&r).ok()),
        }
    }
}

/// Records the determination of `case` (in the caller's transaction).
pub fn record(
    conn: &mut DbConn,
    case: &ComplaintRow,
    determining_org_id: &str,
    basis: &str,
    input: &DeterminationInput,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<DeterminationRow> {
    let row = DeterminationRow {
        id: lvyue_core::ids::DeterminationId::generate().into_string(),
        complaint_id: case.id.clone(),
        determining_org_id: determining_org_id.to_owned(),
        subject_org_id: case.respondent_org_id.clone(),
        subject_name: case.respondent_name.clone(),
        subject_uscc: case.respondent_uscc.clone(),
        basis: basis.to_owned(),
        category: input.category.code().to_owned(),
        facts: input.facts.clone(),
        amount_fen: input.amount_fen,
        grade: input.grade.code().to_owned(),
        determined_by: actor.subject.clone(),
        determined_at: now,
        early_remedy: input.early_remedy.as_ref().and_then(|r| serde_json::to_string(r).ok()),
    };
    diesel::insert_into(breach_determinations::table).values(&row).execute(conn)?;
    Ok(row)
}

/// The determination of a case, if any.
pub fn find_for_case(conn: &mut DbConn, complaint_id: &str) -> AppResult<Option<DeterminationRow>> {
    Ok(breach_determinations::table
        .filter(breach_determinations::complaint_id.eq(complaint_id))
        .select(DeterminationRow::as_select())
        .first(conn)
        .optional()?)
}
