//! Reading deliveries and their attempts, and replaying one by hand.

use crate::dispatch::{with_targets, Claimed, Job};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{AppError, AppResult, Message};
use lvyue_db::schema::{webhook_attempts, webhook_deliveries, webhook_subscriptions};
use lvyue_db::{write_tx, DbConn};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

lvyue_core::code_enum! {
    /// Where a delivery stands (推送状态).
    pub enum DeliveryStatus {
        /// Not yet delivered; retried until it succeeds or gives up.
        Pending => ("pending", "待送达", "pending"),
        /// The receiver answered 2xx.
        Succeeded => ("succeeded", "已送达", "succeeded"),
        /// Given up (retries exhausted, or the subscription answered 410).
        Failed => ("failed", "送达失败", "failed"),
    }
}

/// A stored delivery.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: i64,
    pub subscription_id: String,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub give_up_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

/// One attempt.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Attempt {
    /// 1, 2, …
    pub attempt: i32,
    /// True for a replay by hand.
    pub manual: bool,
    /// When it was made.
    pub attempted_at: DateTime<FixedOffset>,
    /// How long the receiver took.
    pub duration_ms: i64,
    /// Its HTTP status, if it answered.
    pub status_code: Option<i32>,
    /// The transport error, if it did not.
    pub error: Option<String>,
}

/// A delivery as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Delivery {
    /// Its id (for replays).
    pub id: String,
    /// The subscription.
    pub subscription_id: String,
    /// The `webhook-id` header: the event id, the same on every attempt.
    pub webhook_id: String,
    /// Event type.
    pub event_type: String,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// When the next attempt is due (pending only).
    pub next_attempt_at: Option<DateTime<FixedOffset>>,
    /// The last answer's status.
    pub last_status_code: Option<i32>,
    /// The last error.
    pub last_error: Option<String>,
    /// When it was created.
    pub created_at: DateTime<FixedOffset>,
    /// When retries stop.
    pub give_up_at: DateTime<FixedOffset>,
    /// When it succeeded.
    pub delivered_at: Option<DateTime<FixedOffset>>,
    /// The body sent (only on a single delivery).
    #[schema(value_type = Option<Object>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Box<serde_json::value::RawValue>>,
    /// Every attempt (only on a single delivery).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt_log: Option<Vec<Attempt>>,
}

/// A page of deliveries.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryPage {
    /// Newest first.
    pub deliveries: Vec<Delivery>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

impl DeliveryRow {
    fn view(self, detail: Option<Vec<Attempt>>) -> Delivery {
        let shanghai = lvyue_core::time::stored_to_shanghai;
        Delivery {
            id: self.id.to_string(),
            subscription_id: self.subscription_id,
            webhook_id: self.event_id,
            event_type: self.event_type,
            next_attempt_at: (self.status == "pending").then(|| shanghai(self.next_attempt_at)),
            status: self.status,
            attempts: self.attempts,
            last_status_code: self.last_status_code,
            last_error: self.last_error,
            created_at: shanghai(self.created_at),
            give_up_at: shanghai(self.give_up_at),
            delivered_at: self.delivered_at.map(shanghai),
            payload: detail.as_ref().and_then(|_| serde_json::value::RawValue::from_string(self.payload).ok()),
            attempt_log: detail,
        }
    }
}

fn parse_id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// A subscription's deliveries, newest first, optionally by status.
pub fn list(
    conn: &mut DbConn,
    subscription_id: &str,
    status: Option<&str>,
    cursor_raw: Option<&str>,
    limit: i64,
) -> AppResult<DeliveryPage> {
    let mut query = webhook_deliveries::table
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .select(DeliveryRow::as_select())
        .into_boxed();
    if let Some(s) = status {
        query = query.filter(webhook_deliveries::status.eq(s.to_owned()));
    }
    if let Some(before) = lvyue_db::page::after_number(cursor_raw)? {
        query = query.filter(webhook_deliveries::id.lt(before));
    }
    let rows: Vec<DeliveryRow> = query.order_by(webhook_deliveries::id.desc()).limit(limit + 1).load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| vec![r.id.to_string()]);
    Ok(DeliveryPage { deliveries: rows.into_iter().map(|r| r.view(None)).collect(), next_cursor })
}

/// One delivery with its attempts.
pub fn get(conn: &mut DbConn, raw_id: &str) -> AppResult<Delivery> {
    let id = parse_id(raw_id)?;
    let row: DeliveryRow = webhook_deliveries::table
        .find(id)
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    type AttemptTuple = (i32, bool, NaiveDateTime, i64, Option<i32>, Option<String>);
    let attempts: Vec<AttemptTuple> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq(id))
        .order_by(webhook_attempts::id.asc())
        .select((
            webhook_attempts::attempt,
            webhook_attempts::manual,
            webhook_attempts::attempted_at,
            webhook_attempts::duration_ms,
            webhook_attempts::status_code,
            webhook_attempts::error,
        ))
        .load(conn)?;
    let log = attempts
        .into_iter()
        .map(|(attempt, manual, at, duration_ms, status_code, error)| Attempt {
            attempt,
            manual,
            attempted_at: lvyue_core::time::stored_to_shanghai(at),
            duration_ms,
            status_code,
            error,
        })
        .collect();
    Ok(row.view(Some(log)))
}

/// Claims a delivery for a replay by hand, whatever its status: it is pending again with a
/// fresh retry window, and this caller sends it now (same `webhook-id`).
pub fn claim_replay(
    conn: &mut DbConn,
    raw_id: &str,
    now: NaiveDateTime,
    lease: chrono::Duration,
    window: chrono::Duration,
) -> AppResult<Job> {
    let id = parse_id(raw_id)?;
    write_tx(conn, |conn| {
        let active: Option<bool> = webhook_deliveries::table
            .inner_join(webhook_subscriptions::table)
            .filter(webhook_deliveries::id.eq(id))
            .select(webhook_subscriptions::active)
            .first(conn)
            .optional()?;
        match active {
            None => return Err(AppError::NotFound),
            Some(false) => {
                return Err(AppError::conflict(
                    "subscription_inactive",
                    Message::new(
                        "该订阅已停用，请先重新启用再重发",
                        "the subscription is disabled; enable it again before replaying",
                    ),
                ))
            }
            Some(true) => {}
        }
        let n = diesel::update(webhook_deliveries::table.find(id))
            .set((
                webhook_deliveries::status.eq("pending"),
                webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                webhook_deliveries::next_attempt_at.eq(now + lease),
                webhook_deliveries::give_up_at.eq(now + window),
            ))
            .execute(conn)?;
        if n == 0 {
            return Err(AppError::NotFound);
        }
        let row: DeliveryRow = webhook_deliveries::table.find(id).select(DeliveryRow::as_select()).first(conn)?;
        let claimed = Claimed {
            id: row.id,
            subscription_id: row.subscription_id,
            event_id: row.event_id,
            payload: row.payload,
            attempts: row.attempts,
            give_up_at: row.give_up_at,
        };
        with_targets(conn, vec![claimed], true)?.pop().ok_or(AppError::NotFound)
    })
}
