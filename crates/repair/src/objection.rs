//! An objection to a credit record (信用异议) as stored and as shown: the subject's reasons
//! and evidence, whether the record's measures are suspended meanwhile, the day the decision
//! is due (flagged `decision_overdue` once past) and the decision.

use crate::application::{DecidingBody, Subject};
use crate::scope::Parties;
use crate::steps::Step;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::repair::ObjectionStatus;
use lvyue_core::AppResult;
use lvyue_db::schema::credit_objections;
use serde::Serialize;
use utoipa::ToSchema;

/// A stored objection.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = credit_objections, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ObjectionRow {
    pub id: String,
    pub record_id: String,
    pub subject_org_id: Option<String>,
    pub subject_uscc: Option<String>,
    pub subject_name: String,
    pub region_code: String,
    pub deciding_org_id: Option<String>,
    pub deciding_body: String,
    pub objector: String,
    pub objector_org_id: Option<String>,
    pub reasons: String,
    pub evidence: String,
    pub measures_suspended: bool,
    pub status: String,
    pub due_on: NaiveDate,
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An objection as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Objection {
    /// Opaque id.
    pub id: String,
    /// The record objected to.
    pub record_id: String,
    /// Whose record it is.
    pub subject: Subject,
    /// Who decides (the body that determined the record).
    pub deciding_body: DecidingBody,
    /// Who objected (token subject).
    pub objector: String,
    /// Why the record is wrong.
    pub reasons: String,
    /// Supporting material.
    #[schema(value_type = Vec<Object>)]
    pub evidence: serde_json::Value,
    /// True when the record's measures are suspended while it is reviewed.
    pub measures_suspended: bool,
    /// `pending`, `upheld`, `corrected`, `revoked`.
    pub status: String,
    /// The decision is due by.
    pub due_on: NaiveDate,
    /// True when pending past `due_on` (computed when read).
    pub decision_overdue: bool,
    /// The decision's reasons.
    pub decision_note: Option<String>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<FixedOffset>>,
    /// Pass back with a decision; a stale one answers 409.
    pub version: i32,
    /// When it was filed.
    pub filed_at: DateTime<FixedOffset>,
    /// Every step, oldest first.
    pub steps: Vec<Step>,
}

impl ObjectionRow {
    /// The status, as parsed.
    pub fn status(&self) -> AppResult<ObjectionStatus> {
        ObjectionStatus::from_stored(&self.status)
    }

    /// Who is involved.
    pub fn parties(&self) -> Parties<'_> {
        Parties {
            region_code: &self.region_code,
            subject_org_id: self.subject_org_id.as_deref(),
            deciding_org_id: self.deciding_org_id.as_deref(),
            filer_org_id: self.objector_org_id.as_deref(),
        }
    }

    /// True when pending past its day.
    pub fn overdue_on(&self, today: NaiveDate) -> bool {
        self.status == ObjectionStatus::Pending.code() && today > self.due_on
    }

    /// The view; `today` decides the overdue flag.
    pub fn view(&self, today: NaiveDate, steps: Vec<Step>) -> Objection {
        Objection {
            id: self.id.clone(),
            record_id: self.record_id.clone(),
            subject: Subject {
                org_id: self.subject_org_id.clone(),
                uscc: self.subject_uscc.clone(),
                name: self.subject_name.clone(),
                region_code: self.region_code.clone(),
            },
            deciding_body: DecidingBody { org_id: self.deciding_org_id.clone(), name: self.deciding_body.clone() },
            objector: self.objector.clone(),
            reasons: self.reasons.clone(),
            evidence: serde_json::from_str(&self.evidence).unwrap_or_else(|_| serde_json::json!([])),
            measures_suspended: self.measures_suspended,
            status: self.status.clone(),
            due_on: self.due_on,
            decision_overdue: self.overdue_on(today),
            decision_note: self.decision_note.clone(),
            decided_by: self.decided_by.clone(),
            decided_at: self.decided_at.map(lvyue_core::time::stored_to_shanghai),
            version: self.version,
            filed_at: lvyue_core::time::stored_to_shanghai(self.created_at),
            steps,
        }
    }
}

crate::store::repair_store!(credit_objections, objector_org_id, ObjectionRow);
