//! The one place a credit record is created or changed. Every write adds a version row with
//! the whole record as it now is, an event and an audit entry, in the caller's transaction;
//! a change is applied only to the version it was based on (409 otherwise).

use crate::events;
use crate::record::{CreditRecordRow, VersionRow};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, RecordStatus};
use lvyue_db::schema::{credit_record_versions, credit_records};
use lvyue_db::DbConn;
use lvyue_outbox::audit::{self, AuditEntry};

/// What a write is, for the version row, the event and the audit trail.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The version's `change` code (`created`, `corrected`, `updated`, `expired`, …).
    pub code: &'a str,
    /// The event type.
    pub event_type: &'static str,
    /// Why.
    pub reason: Option<&'a str>,
    /// Who.
    pub by: &'a Actor,
}

fn version_row(row: &CreditRecordRow, change: &Change<'_>, now: NaiveDateTime) -> VersionRow {
    VersionRow {
        record_id: row.id.clone(),
        version: row.version,
        change: change.code.to_owned(),
        reason: change.reason.map(str::to_owned),
        snapshot: serde_json::to_string(&row.view()).unwrap_or_else(|_| "{}".to_owned()),
        changed_by: change.by.subject.clone(),
        changed_at: now,
    }
}

fn record_change(
    conn: &mut DbConn,
    before: Option<&CreditRecordRow>,
    after: &CreditRecordRow,
    change: &Change<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::insert_into(credit_record_versions::table).values(version_row(after, change, now)).execute(conn)?;
    lvyue_outbox::events::append(
        conn,
        now,
        events::about(before, after, change.event_type, change.code, change.reason),
    )?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: change.by,
            action: &format!("credit_record.{}", change.code),
            entity_type: "credit_record",
            entity_id: &after.id,
            before: before.map(|b| serde_json::to_value(b.view()).unwrap_or_default()),
            after: Some(serde_json::to_value(after.view()).unwrap_or_default()),
        },
    )
}

/// Stores new records as version 1, many per statement (an import's batch): the records,
/// their first versions, their events and their audit entries in four statements.
pub fn create_many(
    conn: &mut DbConn,
    mut rows: Vec<CreditRecordRow>,
    change: &Change<'_>,
    now: NaiveDateTime,
) -> AppResult<Vec<CreditRecordRow>> {
    for row in &mut rows {
        row.version = 1;
        row.created_at = now;
        row.updated_at = now;
    }
    let versions: Vec<VersionRow> = rows.iter().map(|r| version_row(r, change, now)).collect();
    for (records, versions) in rows.chunks(500).zip(versions.chunks(500)) {
        let records = diesel::insert_into(credit_records::table).values(records);
        let versions = diesel::insert_into(credit_record_versions::table).values(versions);
        match conn {
            DbConn::Pg(pg) => {
                records.execute(pg)?;
                versions.execute(pg)?;
            }
            DbConn::Sqlite(lite) => {
                records.execute(lite)?;
                versions.execute(lite)?;
            }
        }
    }
    let events =
        rows.iter().map(|r| events::about(None, r, change.event_type, change.code, change.reason)).collect::<Vec<_>>();
    lvyue_outbox::events::append_many(conn, now, events)?;
    let action = format!("credit_record.{}", change.code);
    let entries = rows
        .iter()
        .map(|r| AuditEntry {
            actor: change.by,
            action: &action,
            entity_type: "credit_record",
            entity_id: &r.id,
            before: None,
            after: Some(serde_json::to_value(r.view()).unwrap_or_default()),
        })
        .collect();
    audit::append_many(conn, now, entries)?;
    Ok(rows)
}

/// Stores a new record as version 1.
pub fn create(
    conn: &mut DbConn,
    mut row: CreditRecordRow,
    change: &Change<'_>,
    now: NaiveDateTime,
) -> AppResult<CreditRecordRow> {
    row.version = 1;
    row.created_at = now;
    row.updated_at = now;
    diesel::insert_into(credit_records::table).values(&row).execute(conn)?;
    record_change(conn, None, &row, change, now)?;
    Ok(row)
}

/// Replaces `before` by `after` as the next version; 409 when `before` is no longer current.
pub fn revise(
    conn: &mut DbConn,
    before: &CreditRecordRow,
    mut after: CreditRecordRow,
    change: &Change<'_>,
    now: NaiveDateTime,
) -> AppResult<CreditRecordRow> {
    after.id = before.id.clone();
    after.version = before.version + 1;
    after.created_at = before.created_at;
    after.updated_at = now;
    let updated = diesel::update(
        credit_records::table
            .filter(credit_records::id.eq(&before.id))
            .filter(credit_records::version.eq(before.version)),
    )
    .set(&after)
    .execute(conn)?;
    if updated == 0 {
        return Err(AppError::stale_version(before.version + 1));
    }
    record_change(conn, Some(before), &after, change, now)?;
    Ok(after)
}

/// Moves `before` to status `to` as the next version; 409 when the status may not change so.
pub fn transition(
    conn: &mut DbConn,
    before: &CreditRecordRow,
    to: RecordStatus,
    change: &Change<'_>,
    now: NaiveDateTime,
) -> AppResult<CreditRecordRow> {
    let from = before.status()?;
    if !from.may_become(to) {
        return Err(AppError::conflict(
            "invalid_record_transition",
            Message::new(
                format!("信用记录状态为“{}”，不能变为“{}”", from.label_zh(), to.label_zh()),
                format!("a record that is {} cannot become {}", from.code(), to.code()),
            ),
        ));
    }
    let after = CreditRecordRow { status: to.code().to_owned(), ..before.clone() };
    revise(conn, before, after, change, now)
}

/// Loads a record, locked for the rest of the transaction on PostgreSQL.
pub fn load_for_update(conn: &mut DbConn, id: &str) -> AppResult<Option<CreditRecordRow>> {
    // The query is written inside the macro: `as_select` takes its backend from each arm.
    Ok(lvyue_db::locked!(
        conn,
        for_update,
        credit_records::table.find(id).select(CreditRecordRow::as_select()),
        |q, c| q.first(c).optional()
    )?)
}

/// Locks record `id` for the rest of the transaction (PostgreSQL; SQLite's one writer
/// already excludes everyone), if it exists.
pub fn lock(conn: &mut DbConn, id: &str) -> AppResult<()> {
    let query = credit_records::table.find(id).select(credit_records::id);
    let _: Option<String> = lvyue_db::locked!(conn, for_update, query, |q, c| q.first(c).optional())?;
    Ok(())
}
