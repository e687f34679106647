//! Fan-out: for each active subscription, walks the event feed from its saved position and
//! creates one delivery per event it may see and wants. The position and the deliveries
//! commit together under the subscription's row lock (PostgreSQL: `FOR UPDATE SKIP LOCKED`,
//! so replicas share the work without waiting), and a delivery is unique per
//! (subscription, event): nothing is created twice, nothing is skipped.

use crate::subscription::{wants, SubscriptionRow};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::AppResult;
use lvyue_db::schema::{webhook_deliveries, webhook_subscriptions};
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::events::{feed_rows, EventRow};

/// Events read per subscription per round.
const BATCH: i64 = 500;

/// The insert form of a delivery.
#[derive(Debug, Insertable)]
#[diesel(table_name = webhook_deliveries, treat_none_as_default_value = false)]
struct DeliveryInsert {
    subscription_id: String,
    event_id: String,
    event_type: String,
    payload: String,
    status: &'static str,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    created_at: NaiveDateTime,
    give_up_at: NaiveDateTime,
}

/// The body delivered for an event: Standard Webhooks' `type`, `timestamp`, `data`, plus
/// the event and case ids. Stored once, so every attempt sends the same bytes.
pub fn payload(event: &EventRow) -> String {
    let head = serde_json::json!({
        "type": event.event_type,
        "timestamp": lvyue_core::time::stored_to_shanghai(event.occurred_at),
        "event_id": event.event_id,
        "complaint_id": event.complaint_id,
    })
    .to_string();
    // `data` is stored JSON; splice it in rather than parse and re-encode it.
    format!("{},\"data\":{}}}", &head[..head.len() - 1], event.data)
}

fn lock(conn: &mut DbConn, id: &str) -> AppResult<Option<SubscriptionRow>> {
    let active = webhook_subscriptions::table.find(id).filter(webhook_subscriptions::active.eq(true));
    Ok(match conn {
        DbConn::Pg(pg) => {
            active.select(SubscriptionRow::as_select()).for_update().skip_locked().first(pg).optional()?
        }
        DbConn::Sqlite(lite) => active.select(SubscriptionRow::as_select()).first(lite).optional()?,
    })
}

/// One round for one subscription: answers how many events it read (0 when caught up or
/// when another replica holds it).
fn round(conn: &mut DbConn, id: &str, now: NaiveDateTime, give_up_after: chrono::Duration) -> AppResult<usize> {
    write_tx(conn, |conn| {
        let Some(sub) = lock(conn, id)? else { return Ok(0) };
        let events = feed_rows(conn, &sub.visibility(), Some((sub.feed_txid, sub.feed_id)), BATCH)?;
        let Some(last) = events.last() else { return Ok(0) };
        let (txid, last_id) = (last.txid, last.id);
        let filter = sub.types();
        let rows: Vec<DeliveryInsert> = events
            .iter()
            .filter(|e| wants(&filter, &e.event_type))
            .map(|e| DeliveryInsert {
                subscription_id: sub.id.clone(),
                event_id: e.event_id.clone(),
                event_type: e.event_type.clone(),
                payload: payload(e),
                status: "pending",
                attempts: 0,
                next_attempt_at: now,
                created_at: now,
                give_up_at: now + give_up_after,
            })
            .collect();
        if !rows.is_empty() {
            let insert = diesel::insert_into(webhook_deliveries::table).values(&rows);
            match conn {
                DbConn::Pg(pg) => insert.on_conflict_do_nothing().execute(pg)?,
                DbConn::Sqlite(lite) => insert.on_conflict_do_nothing().execute(lite)?,
            };
        }
        diesel::update(webhook_subscriptions::table.find(&sub.id))
            .set((webhook_subscriptions::feed_txid.eq(txid), webhook_subscriptions::feed_id.eq(last_id)))
            .execute(conn)?;
        Ok(events.len())
    })
}

/// Brings every active subscription up to the feed; answers how many events were read.
pub fn run(conn: &mut DbConn, now: NaiveDateTime, give_up_after: chrono::Duration) -> AppResult<usize> {
    let ids: Vec<String> = webhook_subscriptions::table
        .filter(webhook_subscriptions::active.eq(true))
        .select(webhook_subscriptions::id)
        .load(conn)?;
    let mut total = 0;
    for id in ids {
        loop {
            let n = round(conn, &id, now, give_up_after)?;
            total += n;
            if n < BATCH as usize {
                break;
            }
        }
    }
    Ok(total)
}
