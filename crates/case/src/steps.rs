//! The case timeline: one row per step, with its actor, note and attachments.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppResult};
use lvyue_db::schema::complaint_steps;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// The subject recorded for steps lvyue takes by rule.
pub const SYSTEM_SUBJECT: &str = "lvyue:routing";
/// The role recorded for steps lvyue takes by rule.
pub const SYSTEM_ROLE: &str = "system";

/// A step to record.
pub struct NewStep<'a> {
    /// The case.
    pub complaint_id: &'a str,
    /// What was done: `receive`, `assign`, …
    pub action: &'a str,
    /// Status before (None when the case was created).
    pub from_status: Option<&'a str>,
    /// Status after.
    pub to_status: &'a str,
    /// Who asked for it.
    pub actor: &'a Actor,
    /// True when lvyue took the step by rule (automatic routing): recorded as `lvyue:routing`,
    /// role `system`, in the request of `actor`.
    pub automatic: bool,
    /// Free text.
    pub note: Option<&'a str>,
    /// Attachments (JSON array).
    pub attachments: serde_json::Value,
    /// Step data (JSON object).
    pub data: serde_json::Value,
}

/// The insert form of a step.
#[derive(Debug, Insertable)]
#[diesel(table_name = complaint_steps, treat_none_as_default_value = false)]
struct StepInsert<'a> {
    complaint_id: &'a str,
    action: &'a str,
    from_status: Option<&'a str>,
    to_status: &'a str,
    actor_subject: &'a str,
    actor_role: &'a str,
    actor_org: Option<String>,
    note: Option<&'a str>,
    attachments: String,
    data: String,
    occurred_at: NaiveDateTime,
}

/// Records a step in the caller's transaction.
pub fn record(conn: &mut DbConn, now: NaiveDateTime, step: NewStep<'_>) -> AppResult<()> {
    record_many(conn, now, vec![step])
}

/// Records several steps in one statement, in order, in the caller's transaction.
pub fn record_many(conn: &mut DbConn, now: NaiveDateTime, steps: Vec<NewStep<'_>>) -> AppResult<()> {
    let rows: Vec<StepInsert<'_>> = steps
        .iter()
        .map(|step| StepInsert {
            complaint_id: step.complaint_id,
            action: step.action,
            from_status: step.from_status,
            to_status: step.to_status,
            actor_subject: if step.automatic { SYSTEM_SUBJECT } else { step.actor.subject.as_str() },
            actor_role: if step.automatic { SYSTEM_ROLE } else { step.actor.role.code() },
            actor_org: if step.automatic { None } else { step.actor.org.as_ref().map(|o| o.as_str().to_owned()) },
            note: step.note,
            attachments: step.attachments.to_string(),
            data: step.data.to_string(),
            occurred_at: now,
        })
        .collect();
    lvyue_db::execute_per_backend!(conn, diesel::insert_into(complaint_steps::table).values(&rows))?;
    Ok(())
}

/// A stored step.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = complaint_steps)]
pub struct StepRow {
    pub id: i64,
    pub complaint_id: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_subject: String,
    pub actor_role: String,
    pub actor_org: Option<String>,
    pub note: Option<String>,
    pub attachments: String,
    pub data: String,
    pub occurred_at: NaiveDateTime,
}

/// A step as the timeline shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineStep {
    /// What was done: `receive`, `assign`, …
    pub action: String,
    /// Status before.
    pub from_status: Option<String>,
    /// Status after.
    pub to_status: String,
    /// The actor's role.
    pub actor_role: String,
    /// The actor's organisation (USCC).
    pub actor_org: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// Attachments.
    #[schema(value_type = Vec<Object>)]
    pub attachments: serde_json::Value,
    /// Step details.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    /// When.
    pub occurred_at: DateTime<FixedOffset>,
}

/// The steps of a case, oldest first.
pub fn timeline(conn: &mut DbConn, complaint_id: &str) -> AppResult<Vec<TimelineStep>> {
    let rows: Vec<StepRow> = complaint_steps::table
        .filter(complaint_steps::complaint_id.eq(complaint_id))
        .order_by(complaint_steps::id.asc())
        .select(StepRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| TimelineStep {
            action: r.action,
            from_status: r.from_status,
            to_status: r.to_status,
            actor_role: r.actor_role,
            actor_org: r.actor_org,
            note: r.note,
            attachments: serde_json::from_str(&r.attachments).unwrap_or(serde_json::Value::Array(vec![])),
            data: serde_json::from_str(&r.data).unwrap_or(serde_json::Value::Null),
            occurred_at: lvyue_core::time::stored_to_shanghai(r.occurred_at),
        })
        .collect())
}
