//! A repair application (信用修复申请) as stored and as shown, with the deadline of its
//! decision: due `decision_working_days` after it was made, paused while more material is
//! awaited, flagged `decision_overdue` once past.

use crate::scope::{files, Parties, RepairScope};
use crate::steps::Step;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::repair::RepairStatus;
use lvyue_core::{AppError, AppResult, Message};
use lvyue_db::schema::repair_applications;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// A stored application.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = repair_applications, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ApplicationRow {
    pub id: String,
    pub record_id: String,
    pub subject_org_id: Option<String>,
    pub subject_uscc: Option<String>,
    pub subject_name: String,
    pub region_code: String,
    pub deciding_org_id: Option<String>,
    pub deciding_body: String,
    pub applicant: String,
    pub applicant_org_id: Option<String>,
    pub on_behalf: bool,
    pub statement: String,
    pub evidence: String,
    pub pledge: String,
    pub status: String,
    pub due_on: Option<NaiveDate>,
    pub paused_working_days: Option<i32>,
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ApplicationRow {
    /// The status, as parsed.
    pub fn status(&self) -> AppResult<RepairStatus> {
        RepairStatus::from_stored(&self.status)
    }

    /// Who is involved.
    pub fn parties(&self) -> Parties<'_> {
        Parties {
            region_code: &self.region_code,
            subject_org_id: self.subject_org_id.as_deref(),
            deciding_org_id: self.deciding_org_id.as_deref(),
            filer_org_id: self.applicant_org_id.as_deref(),
        }
    }

    /// True when the decision is pending and its day has passed.
    pub fn overdue_on(&self, today: NaiveDate) -> bool {
        self.status == RepairStatus::Pending.code() && self.due_on.is_some_and(|d| today > d)
    }

    /// The view; `today` decides the overdue flag.
    pub fn view(&self, today: NaiveDate, steps: Vec<Step>) -> RepairApplication {
        RepairApplication {
            id: self.id.clone(),
            record_id: self.record_id.clone(),
            subject: Subject {
                org_id: self.subject_org_id.clone(),
                uscc: self.subject_uscc.clone(),
                name: self.subject_name.clone(),
                region_code: self.region_code.clone(),
            },
            deciding_body: DecidingBody { org_id: self.deciding_org_id.clone(), name: self.deciding_body.clone() },
            applicant: self.applicant.clone(),
            on_behalf: self.on_behalf,
            statement: self.statement.clone(),
            evidence: serde_json::from_str(&self.evidence).unwrap_or_else(|_| serde_json::json!([])),
            pledge: self.pledge.clone(),
            status: self.status.clone(),
            due_on: self.due_on,
            paused_working_days: self.paused_working_days,
            decision_overdue: self.overdue_on(today),
            decision_note: self.decision_note.clone(),
            decided_by: self.decided_by.clone(),
            decided_at: self.decided_at.map(lvyue_core::time::stored_to_shanghai),
            version: self.version,
            applied_at: lvyue_core::time::stored_to_shanghai(self.created_at),
            updated_at: lvyue_core::time::stored_to_shanghai(self.updated_at),
            steps,
        }
    }
}

/// The subject of the record (信用主体).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Subject {
    /// Registry id.
    pub org_id: Option<String>,
    /// 统一社会信用代码.
    pub uscc: Option<String>,
    /// Name.
    pub name: String,
    /// Division.
    pub region_code: String,
}

/// The body that decides: the one that determined the record (谁认定、谁修复).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecidingBody {
    /// Registry id; null when not in the registry (the region's credit office decides).
    pub org_id: Option<String>,
    /// Name.
    pub name: String,
}

/// A repair application as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RepairApplication {
    /// Opaque id.
    pub id: String,
    /// The record to repair.
    pub record_id: String,
    /// Whose record it is.
    pub subject: Subject,
    /// Who decides.
    pub deciding_body: DecidingBody,
    /// Who applied (token subject).
    pub applicant: String,
    /// True when the handling department applied on the subject's behalf.
    pub on_behalf: bool,
    /// How the breach was corrected and the contract performed (已纠正失信行为、完成履约).
    pub statement: String,
    /// Proof of performance or correction (attachments, supplements included).
    #[schema(value_type = Vec<Object>)]
    pub evidence: serde_json::Value,
    /// The credit-repair pledge (信用修复承诺书).
    pub pledge: String,
    /// `pending`, `more_requested`, `approved`, `rejected`.
    pub status: String,
    /// The decision is due by this day; null while paused, and once decided.
    pub due_on: Option<NaiveDate>,
    /// While paused for more material: the working days left on the clock.
    pub paused_working_days: Option<i32>,
    /// True when pending past `due_on` (computed when read).
    pub decision_overdue: bool,
    /// The decision's reasons (and what more is asked for).
    pub decision_note: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<FixedOffset>>,
    /// Pass back with a decision or a supplement; a stale one answers 409.
    pub version: i32,
    /// When it was made.
    pub applied_at: DateTime<FixedOffset>,
    /// Last changed.
    pub updated_at: DateTime<FixedOffset>,
    /// Every step, oldest first.
    pub steps: Vec<Step>,
}

crate::store::repair_store!(repair_applications, applicant_org_id, ApplicationRow);

/// Loads application `id` (locked) for a step by its filing side, the applicant or the
/// subject: 404 when the caller does not see it, 403 with `refused` when it is not on that
/// side, 409 on a stale `version`.
pub(crate) fn load_for_filer(
    conn: &mut DbConn,
    scope: &RepairScope,
    id: &str,
    version: i32,
    refused: Message,
) -> AppResult<ApplicationRow> {
    let before = load_visible(conn, scope, id, true)?;
    if !files(scope, before.parties()) {
        return Err(AppError::Forbidden(refused));
    }
    lvyue_db::versioned::check(version, before.version)?;
    Ok(before)
}
