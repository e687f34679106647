//! The append-only audit trail (审计日志): every change, every read of personal data.
//!
//! The `audit_log` table refuses UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) by trigger on both backends.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppResult};
use lvyue_db::schema::audit_log;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// What to append.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    /// Who acted, and from which request.
    pub actor: &'a Actor,
    /// What was done, e.g. `complaint.create`, `personal_data.read`.
    pub action: &'a str,
    /// The kind of thing acted on, e.g. `complaint`.
    pub entity_type: &'a str,
    /// Its id.
    pub entity_id: &'a str,
    /// State before (None for creation and reads).
    pub before: Option<serde_json::Value>,
    /// State after (None for reads).
    pub after: Option<serde_json::Value>,
}

/// An entry's columns, for inserting many in one statement.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
struct AuditInsert {
    occurred_at: NaiveDateTime,
    actor_subject: String,
    actor_role: String,
    actor_org: Option<String>,
    request_id: String,
    action: String,
    entity_type: String,
    entity_id: String,
    before_state: Option<String>,
    after_state: Option<String>,
    client_request_id: Option<String>,
}

/// Appends several entries in one statement (per 500), in the caller's transaction.
pub fn append_many(conn: &mut DbConn, now: NaiveDateTime, entries: Vec<AuditEntry<'_>>) -> AppResult<()> {
    let rows: Vec<AuditInsert> = entries
        .into_iter()
        .map(|e| AuditInsert {
            occurred_at: now,
            actor_subject: e.actor.subject.clone(),
            actor_role: e.actor.role.code().to_owned(),
            actor_org: e.actor.org.as_ref().map(|o| o.as_str().to_owned()),
            request_id: e.actor.request_id.clone(),
            action: e.action.to_owned(),
            entity_type: e.entity_type.to_owned(),
            entity_id: e.entity_id.to_owned(),
            before_state: e.before.map(|v| v.to_string()),
            after_state: e.after.map(|v| v.to_string()),
            client_request_id: e.actor.client_request_id.clone(),
        })
        .collect();
    for chunk in rows.chunks(500) {
        lvyue_db::execute_per_backend!(conn, diesel::insert_into(audit_log::table).values(chunk))?;
    }
    Ok(())
}

/// Appends an entry in the caller's transaction.
pub fn append(conn: &mut DbConn, now: NaiveDateTime, entry: AuditEntry<'_>) -> AppResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::occurred_at.eq(now),
            audit_log::actor_subject.eq(&entry.actor.subject),
            audit_log::actor_role.eq(entry.actor.role.code()),
            audit_log::actor_org.eq(entry.actor.org.as_ref().map(|o| o.as_str().to_owned())),
            audit_log::request_id.eq(&entry.actor.request_id),
            audit_log::action.eq(entry.action),
            audit_log::entity_type.eq(entry.entity_type),
            audit_log::entity_id.eq(entry.entity_id),
            audit_log::before_state.eq(entry.before.map(|v| v.to_string())),
            audit_log::after_state.eq(entry.after.map(|v| v.to_string())),
            audit_log::client_request_id.eq(entry.actor.client_request_id.clone()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A stored entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    /// Position.
    pub id: i64,
    /// When (UTC).
    pub occurred_at: NaiveDateTime,
    /// The token's subject.
    pub actor_subject: String,
    /// The role.
    pub actor_role: String,
    /// The organisation (USCC).
    pub actor_org: Option<String>,
    /// The request id.
    pub request_id: String,
    /// What was done.
    pub action: String,
    /// The kind of thing.
    pub entity_type: String,
    /// Its id.
    pub entity_id: String,
    /// JSON before.
    pub before_state: Option<String>,
    /// JSON after.
    pub after_state: Option<String>,
    /// The writing transaction (PostgreSQL; 0 on SQLite): the chain's order.
    pub txid: i64,
    /// The client's own request id, when it sent one.
    pub client_request_id: Option<String>,
}

/// One audit entry as auditors read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditRecord {
    /// Position in the trail (increasing).
    pub id: i64,
    /// When (RFC 3339, Asia/Shanghai).
    pub occurred_at: chrono::DateTime<chrono::FixedOffset>,
    /// Who: the token's subject.
    pub actor_subject: String,
    /// Their role.
    pub actor_role: String,
    /// Their organisation's USCC.
    pub actor_org: Option<String>,
    /// The request that carried the action (lvyue's `x-request-id`).
    pub request_id: String,
    /// The client's own `x-request-id` for that request, when it sent one.
    pub client_request_id: Option<String>,
    /// What was done.
    pub action: String,
    /// The kind of thing acted on.
    pub entity_type: String,
    /// Its id.
    pub entity_id: String,
    /// State before.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// State after.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

/// A page of the trail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditPage {
    /// Entries, oldest first.
    pub entries: Vec<AuditRecord>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

fn parse_json(s: Option<String>) -> Option<serde_json::Value> {
    s.and_then(|t| serde_json::from_str(&t).ok())
}

/// Filters for reading the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only this kind of entity.
    pub entity_type: Option<String>,
    /// Only this entity.
    pub entity_id: Option<String>,
    /// Only this request: lvyue's request id, or the client's own.
    pub request_id: Option<String>,
}

/// Who reads the audit trail.
pub const READERS: &[lvyue_core::Role] = &[lvyue_core::Role::Auditor, lvyue_core::Role::Admin];

/// Reads the trail oldest first.
pub fn list(conn: &mut DbConn, filter: &AuditFilter, cursor_raw: Option<&str>, limit: i64) -> AppResult<AuditPage> {
    let mut query = audit_log::table.select(AuditRow::as_select()).into_boxed();
    if let Some(after) = lvyue_db::page::after_number(cursor_raw)? {
        query = query.filter(audit_log::id.gt(after));
    }
    if let Some(t) = &filter.entity_type {
        query = query.filter(audit_log::entity_type.eq(t.clone()));
    }
    if let Some(id) = &filter.entity_id {
        query = query.filter(audit_log::entity_id.eq(id.clone()));
    }
    if let Some(r) = &filter.request_id {
        query = query.filter(audit_log::request_id.eq(r.clone()).or(audit_log::client_request_id.eq(Some(r.clone()))));
    }
    let rows: Vec<AuditRow> = query.order_by(audit_log::id.asc()).limit(limit + 1).load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| vec![r.id.to_string()]);
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|r| AuditRecord {
                id: r.id,
                occurred_at: lvyue_core::time::stored_to_shanghai(r.occurred_at),
                actor_subject: r.actor_subject,
                actor_role: r.actor_role,
                actor_org: r.actor_org,
                request_id: r.request_id,
                client_request_id: r.client_request_id,
                action: r.action,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                before: parse_json(r.before_state),
                after: parse_json(r.after_state),
            })
            .collect(),
        next_cursor,
    })
}
