//! 认定违约失信: the determination of a breach, one per case, recorded by the handling
//! department when the respondent refuses to rectify or does not perform a ruling against it.

use crate::input::DeterminationInput;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_case::complaint::ComplaintRow;
pub use lvyue_case::determination::{BreachDetermination, SubjectView};
use lvyue_core::{Actor, AppResult, BreachCategory, Grade};
use lvyue_db::schema::breach_determinations;
use lvyue_db::DbConn;
use lvyue_registry::organisation::OrgRef;
use serde::Serialize;

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
    /// The determining body's name as it was when the determination was made.
    pub determining_org_name: String,
    /// Its credit code then.
    pub determining_org_uscc: String,
    /// 问题成因.
    pub cause: Option<String>,
    /// 责任人 (JSON).
    pub responsible: String,
}

impl DeterminationRow {
    /// The view: the determining body as it was named when the determination was made (a
    /// later renaming in the registry does not rewrite it).
    /// `clear`: the responsible persons' names in clear; masked otherwise.
    pub fn view(self, clear: bool) -> AppResult<BreachDetermination> {
        let mut responsible: Vec<lvyue_core::person::ResponsiblePerson> = serde_json::from_str(&self.responsible)
            .map_err(|e| lvyue_core::AppError::internal(format!("stored responsible: {e}")))?;
        if !clear {
            responsible = responsible.iter().map(|p| p.masked()).collect();
        }
        let determining_org = OrgRef {
            id: self.determining_org_id.clone(),
            uscc: self.determining_org_uscc.clone(),
            name: self.determining_org_name.clone(),
        };
        Ok(BreachDetermination {
            determined_at: lvyue_core::time::stored_to_shanghai(self.determined_at),
            subject: SubjectView { org_id: self.subject_org_id, name: self.subject_name, uscc: self.subject_uscc },
            id: self.id,
            complaint_id: self.complaint_id,
            determining_org,
            basis: self.basis,
            category: BreachCategory::from_stored(&self.category)?,
            facts: self.facts,
            amount_fen: self.amount_fen,
            grade: Grade::from_stored(&self.grade)?,
            determined_by: self.determined_by,
            early_remedy: self.early_remedy.and_then(|r| serde_json::from_str(&r).ok()),
            cause: self.cause,
            responsible,
        })
    }
}

/// Records the determination of `case` (in the caller's transaction).
pub fn record(
    conn: &mut DbConn,
    case: &ComplaintRow,
    determining: &OrgRef,
    basis: &str,
    input: &DeterminationInput,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<DeterminationRow> {
    let row = DeterminationRow {
        id: lvyue_core::ids::DeterminationId::generate().into_string(),
        complaint_id: case.id.clone(),
        determining_org_id: determining.id.clone(),
        determining_org_name: determining.name.clone(),
        determining_org_uscc: determining.uscc.clone(),
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
        cause: input
            .cause
            .as_deref()
            .map(|c| lvyue_core::validation::bounded_text("determination.cause", c, 5_000))
            .transpose()?,
        responsible: serde_json::to_string(&lvyue_core::person::checked(
            &input.responsible,
            "determination.responsible",
        )?)
        .map_err(|e| lvyue_core::AppError::internal(e.to_string()))?,
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
