//! The history of a repair application or an objection: one row per step (applied, more
//! requested, supplemented, decided, …), with its actor, note and attachments.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppResult};
use lvyue_db::schema::repair_steps;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// A stored step.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = repair_steps)]
pub struct StepRow {
    pub id: i64,
    pub item_id: String,
    pub action: String,
    pub status: String,
    pub note: Option<String>,
    pub attachments: String,
    pub actor_subject: String,
    pub actor_role: String,
    pub actor_org: Option<String>,
    pub occurred_at: NaiveDateTime,
}

/// A step as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Step {
    /// What was done: `apply`, `request_more`, `supplement`, `approve`, `reject`; `object`,
    /// `uphold`, `correct`, `revoke`.
    pub action: String,
    /// The status after it.
    pub status: String,
    /// Free text (the reasons of a decision).
    pub note: Option<String>,
    /// Material added with it.
    #[schema(value_type = Vec<Object>)]
    pub attachments: serde_json::Value,
    /// Who (token subject).
    pub actor: String,
    /// Their role.
    pub actor_role: String,
    /// Their organisation's credit code.
    pub actor_org: Option<String>,
    /// When.
    pub occurred_at: DateTime<FixedOffset>,
}

/// Records a step of item `item_id` in the caller's transaction.
pub fn record(
    conn: &mut DbConn,
    item_id: &str,
    (action, status): (&str, &str),
    actor: &Actor,
    note: Option<&str>,
    attachments: &serde_json::Value,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::insert_into(repair_steps::table)
        .values((
            repair_steps::item_id.eq(item_id),
            repair_steps::action.eq(action),
            repair_steps::status.eq(status),
            repair_steps::note.eq(note),
            repair_steps::attachments.eq(attachments.to_string()),
            repair_steps::actor_subject.eq(&actor.subject),
            repair_steps::actor_role.eq(actor.role.code()),
            repair_steps::actor_org.eq(actor.org.as_ref().map(|o| o.as_str().to_owned())),
            repair_steps::occurred_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The steps of item `item_id`, oldest first.
pub fn of(conn: &mut DbConn, item_id: &str) -> AppResult<Vec<Step>> {
    let rows: Vec<StepRow> = repair_steps::table
        .filter(repair_steps::item_id.eq(item_id))
        .order_by(repair_steps::id)
        .select(StepRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Step {
            action: r.action,
            status: r.status,
            note: r.note,
            attachments: serde_json::from_str(&r.attachments).unwrap_or_else(|_| serde_json::json!([])),
            actor: r.actor_subject,
            actor_role: r.actor_role,
            actor_org: r.actor_org,
            occurred_at: lvyue_core::time::stored_to_shanghai(r.occurred_at),
        })
        .collect())
}
