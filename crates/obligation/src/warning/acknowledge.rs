//! `POST /warnings/{id}/acknowledgement`: the unit answers a warning with the action taken.

use super::store::Warning;
use super::WarningStatus;
use crate::contract::register::text;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message};
use lvyue_db::schema::warnings;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/warnings/{id}/acknowledgement`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarningAcknowledgementInput {
    /// The version read.
    pub version: i32,
    /// What the unit did about it (1–2,000 characters).
    pub action_taken: String,
}

/// Acknowledges warning `id` (open or escalated) for its unit.
pub fn acknowledge(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: WarningAcknowledgementInput,
    now: NaiveDateTime,
) -> AppResult<Warning> {
    let action = text("action_taken", &input.action_taken, 2_000)?;
    write_tx(conn, |conn| {
        let mut w = super::read::load_locked(conn, actor, id)?;
        crate::access::may_write(conn, actor, &w.org_id)?;
        lvyue_db::versioned::check(input.version, w.version)?;
        if w.status == WarningStatus::Acknowledged.code() {
            return Err(AppError::conflict(
                "already_acknowledged",
                Message::new("该提示已处理", "the warning is already acknowledged"),
            ));
        }
        w.status = WarningStatus::Acknowledged.code().to_owned();
        w.action_taken = Some(action);
        w.acknowledged_by = Some(actor.subject.clone());
        w.acknowledged_at = Some(now);
        w.version += 1;
        diesel::update(warnings::table.find(id)).set(&w).execute(conn)?;
        let view = w.view()?;
        lvyue_outbox::events::append(conn, now, crate::events::warning(crate::events::WARNING_ACKNOWLEDGED, &view))?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "warning.acknowledge",
                entity_type: "warning",
                entity_id: id,
                before: None,
                after: serde_json::to_value(&view).ok(),
            },
        )?;
        Ok(view)
    })
}
