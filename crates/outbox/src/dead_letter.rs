//! Dead letters (死信): an event of a known type that a consumer inside lvyue could not read.
//!
//! The consumer does not pass over it — a determination that never became a credit record
//! would be lost silently. It stops on the event: its position stays just before it, the
//! event is listed here with the error, and the error is logged. Nothing behind it is handled
//! until an admin asks for a retry (`POST /api/v1/admin/dead-letters/{id}/retry`), once the
//! cause is fixed; the next round then reads the event again, and the letter is resolved or
//! opened again with the new error.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{AppError, AppResult};
use lvyue_db::schema::dead_letters;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// Who reads and retries dead letters.
pub const HANDLERS: &[lvyue_core::Role] = &[lvyue_core::Role::Admin];

lvyue_core::code_enum! {
    /// A dead letter's state.
    pub enum DeadLetterStatus {
        /// The consumer is stopped on the event.
        Open => ("open", "待处理", "open"),
        /// An admin asked for a retry; the consumer reads the event again at its next round.
        Retrying => ("retrying", "重试中", "retrying"),
        /// The event was read at a retry; the consumer went on.
        Resolved => ("resolved", "已解决", "resolved"),
    }
}

/// A stored dead letter.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = dead_letters)]
pub struct DeadLetterRow {
    pub id: String,
    pub consumer: String,
    pub event_id: String,
    pub event_type: String,
    pub error: String,
    pub status: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
}

/// A dead letter as an admin reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeadLetter {
    /// Its id.
    pub id: String,
    /// The consumer stopped on the event (`credit_record.from_case`, `sanction.follow`).
    pub consumer: String,
    /// The event, as `GET /api/v1/events` shows it (`id`).
    pub event_id: String,
    /// Its type.
    pub event_type: String,
    /// Why the consumer could not read it.
    pub error: String,
    /// `open`, `retrying` or `resolved`.
    pub status: DeadLetterStatus,
    /// How many times the consumer tried.
    pub attempts: i32,
    /// When it first failed (RFC 3339, Shanghai).
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    /// When it last changed.
    pub updated_at: chrono::DateTime<chrono::FixedOffset>,
    /// When a retry read it.
    pub resolved_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl DeadLetterRow {
    /// The view.
    pub fn view(self) -> AppResult<DeadLetter> {
        let at = lvyue_core::time::stored_to_shanghai;
        Ok(DeadLetter {
            status: DeadLetterStatus::from_stored(&self.status)?,
            id: self.id,
            consumer: self.consumer,
            event_id: self.event_id,
            event_type: self.event_type,
            error: self.error,
            attempts: self.attempts,
            created_at: at(self.created_at),
            updated_at: at(self.updated_at),
            resolved_at: self.resolved_at.map(at),
        })
    }
}

/// The consumer's unresolved letter, if it is stopped (`open`) or about to retry (`retrying`).
pub fn pending(conn: &mut DbConn, consumer: &str) -> AppResult<Option<DeadLetterRow>> {
    Ok(dead_letters::table
        .filter(dead_letters::consumer.eq(consumer))
        .filter(dead_letters::status.ne(DeadLetterStatus::Resolved.code()))
        .select(DeadLetterRow::as_select())
        .first(conn)
        .optional()?)
}

/// How many letters are unresolved (open or retrying), for the metrics.
pub fn open_count(conn: &mut DbConn) -> AppResult<i64> {
    Ok(dead_letters::table
        .filter(dead_letters::status.ne(DeadLetterStatus::Resolved.code()))
        .count()
        .get_result(conn)?)
}

/// Records that `consumer` could not read `event_id` (a new letter, or the retried one opened
/// again), in the consumer's transaction, and logs it.
pub fn record(
    conn: &mut DbConn,
    consumer: &str,
    event: &crate::events::EventRow,
    error: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    tracing::error!(consumer, event = %event.event_id, event_type = %event.event_type, error,
        "a consumer cannot read an event of a known type; it stops there until an admin retries (GET /api/v1/admin/dead-letters)");
    let existing = dead_letters::table
        .filter(dead_letters::consumer.eq(consumer))
        .filter(dead_letters::event_id.eq(&event.event_id))
        .select(DeadLetterRow::as_select())
        .first(conn)
        .optional()?;
    match existing {
        Some(letter) => {
            diesel::update(dead_letters::table.find(&letter.id))
                .set((
                    dead_letters::status.eq(DeadLetterStatus::Open.code()),
                    dead_letters::error.eq(error),
                    dead_letters::attempts.eq(letter.attempts + 1),
                    dead_letters::updated_at.eq(now),
                    dead_letters::resolved_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
        }
        None => {
            let row = DeadLetterRow {
                id: uuid::Uuid::now_v7().to_string(),
                consumer: consumer.to_owned(),
                event_id: event.event_id.clone(),
                event_type: event.event_type.clone(),
                error: error.to_owned(),
                status: DeadLetterStatus::Open.code().to_owned(),
                attempts: 1,
                created_at: now,
                updated_at: now,
                resolved_at: None,
            };
            diesel::insert_into(dead_letters::table).values(&row).execute(conn)?;
        }
    }
    Ok(())
}

/// Marks `letter` resolved: the retry read its event.
pub fn resolve(conn: &mut DbConn, letter: &DeadLetterRow, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(dead_letters::table.find(&letter.id))
        .set((
            dead_letters::status.eq(DeadLetterStatus::Resolved.code()),
            dead_letters::attempts.eq(letter.attempts + 1),
            dead_letters::updated_at.eq(now),
            dead_letters::resolved_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every dead letter, newest first (there are few: each stops a consumer).
pub fn list(conn: &mut DbConn, limit: i64) -> AppResult<Vec<DeadLetter>> {
    let rows: Vec<DeadLetterRow> = dead_letters::table
        .order_by(dead_letters::created_at.desc())
        .then_order_by(dead_letters::id.desc())
        .limit(limit)
        .select(DeadLetterRow::as_select())
        .load(conn)?;
    rows.into_iter().map(DeadLetterRow::view).collect()
}

/// An admin's retry: an `open` letter becomes `retrying`, and its consumer reads the event
/// again at its next round. A letter already retrying answers as it is; a resolved one is a
/// conflict.
pub fn retry(conn: &mut DbConn, actor: &lvyue_core::Actor, id: &str, now: NaiveDateTime) -> AppResult<DeadLetter> {
    lvyue_db::write_tx(conn, |conn| {
        let letter = dead_letters::table
            .find(id)
            .select(DeadLetterRow::as_select())
            .first(conn)
            .optional()?
            .ok_or(AppError::NotFound)?;
        if letter.status == DeadLetterStatus::Resolved.code() {
            return Err(AppError::conflict(
                "already_resolved",
                lvyue_core::Message::new("该死信已处理，无需重试", "this dead letter is resolved already"),
            ));
        }
        diesel::update(dead_letters::table.find(id))
            .set((dead_letters::status.eq(DeadLetterStatus::Retrying.code()), dead_letters::updated_at.eq(now)))
            .execute(conn)?;
        crate::audit::append(
            conn,
            now,
            crate::audit::AuditEntry {
                actor,
                action: "dead_letter.retry",
                entity_type: "dead_letter",
                entity_id: id,
                before: Some(serde_json::json!({ "status": letter.status })),
                after: Some(serde_json::json!({ "status": DeadLetterStatus::Retrying.code() })),
            },
        )?;
        DeadLetterRow { status: DeadLetterStatus::Retrying.code().to_owned(), updated_at: now, ..letter }.view()
    })
}
