//! The dispatcher: claims due deliveries, sends them, records each attempt.
//!
//! A claim pushes `next_attempt_at` one lease ahead in the same statement that selects the
//! deliveries (PostgreSQL: `FOR UPDATE SKIP LOCKED`), so replicas never send the same
//! delivery at the same time, and a delivery whose sender died mid-flight becomes due again
//! when the lease runs out — sent again with the same `webhook-id`. Success is any 2xx;
//! 410 Gone disables the subscription; anything else is retried with backoff until the
//! delivery's give-up time, then marked `failed`.

use crate::retry;
use crate::signature::sign;
use crate::subscription;
use crate::WebhookSettings;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};
use lvyue_core::AppResult;
use lvyue_db::schema::{webhook_attempts, webhook_deliveries, webhook_subscriptions};
use lvyue_db::{write_tx, DbConn};
use std::collections::HashMap;
use std::time::Instant;

/// A claimed delivery, ready to send.
#[derive(Debug, Clone, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub subscription_id: String,
    #[diesel(sql_type = Text)]
    pub event_id: String,
    #[diesel(sql_type = Text)]
    pub payload: String,
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    #[diesel(sql_type = Timestamp)]
    pub give_up_at: NaiveDateTime,
}

/// A delivery with where and how to send it.
#[derive(Debug, Clone)]
pub struct Job {
    /// The delivery.
    pub delivery: Claimed,
    /// Its URL.
    pub url: String,
    /// Its signing secret.
    pub secret: String,
    /// True for a replay by hand.
    pub manual: bool,
}

/// What the receiver did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The HTTP status, if it answered.
    pub status: Option<u16>,
    /// The transport error, if it did not.
    pub error: Option<String>,
    /// How long it took.
    pub duration_ms: i64,
}

const CLAIM_SQL_PG: &str = "UPDATE webhook_deliveries SET next_attempt_at = $1, attempts = attempts + 1 \
     WHERE id IN (SELECT d.id FROM webhook_deliveries d \
        JOIN webhook_subscriptions s ON s.id = d.subscription_id \
        WHERE d.status = 'pending' AND d.next_attempt_at <= $2 AND s.active \
        ORDER BY d.next_attempt_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED) \
     RETURNING id, subscription_id, event_id, payload, attempts, give_up_at";

const CLAIM_SQL_SQLITE: &str = "UPDATE webhook_deliveries SET next_attempt_at = ?, attempts = attempts + 1 \
     WHERE id IN (SELECT d.id FROM webhook_deliveries d \
        JOIN webhook_subscriptions s ON s.id = d.subscription_id \
        WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND s.active \
        ORDER BY d.next_attempt_at LIMIT ?) \
     RETURNING id, subscription_id, event_id, payload, attempts, give_up_at";

/// Claims up to `limit` due deliveries for one lease.
pub fn claim(conn: &mut DbConn, now: NaiveDateTime, lease: chrono::Duration, limit: i64) -> AppResult<Vec<Job>> {
    let until = now + lease;
    write_tx(conn, |conn| {
        let claimed: Vec<Claimed> = match conn {
            DbConn::Pg(pg) => diesel::sql_query(CLAIM_SQL_PG)
                .bind::<Timestamp, _>(until)
                .bind::<Timestamp, _>(now)
                .bind::<BigInt, _>(limit)
                .load(pg)?,
            DbConn::Sqlite(lite) => diesel::sql_query(CLAIM_SQL_SQLITE)
                .bind::<Timestamp, _>(until)
                .bind::<Timestamp, _>(now)
                .bind::<BigInt, _>(limit)
                .load(lite)?,
        };
        with_targets(conn, claimed, false)
    })
}

/// Attaches each delivery's URL and secret.
pub fn with_targets(conn: &mut DbConn, claimed: Vec<Claimed>, manual: bool) -> AppResult<Vec<Job>> {
    let mut ids: Vec<&str> = claimed.iter().map(|c| c.subscription_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let subs: HashMap<String, (String, String)> = webhook_subscriptions::table
        .filter(webhook_subscriptions::id.eq_any(ids))
        .select((webhook_subscriptions::id, webhook_subscriptions::url, webhook_subscriptions::secret))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, url, secret)| (id, (url, secret)))
        .collect();
    Ok(claimed
        .into_iter()
        .filter_map(|delivery| {
            let (url, secret) = subs.get(&delivery.subscription_id)?.clone();
            Some(Job { delivery, url, secret, manual })
        })
        .collect())
}

/// Sends one delivery — unless its URL no longer passes `policy` (a URL saved before the policy
/// tightened, or an address literal the resolver never sees), which fails the attempt.
pub async fn send(client: &reqwest::Client, job: &Job, policy: crate::address::UrlPolicy) -> Outcome {
    if let Err(e) = crate::address::check_url(&job.url, policy) {
        let why = match e {
            lvyue_core::AppError::Validation(list) => {
                list.first().map_or_else(String::new, |f| format!("refused: {}", f.message.en))
            }
            other => other.to_string(),
        };
        return Outcome { status: None, error: Some(why), duration_ms: 0 };
    }
    let started = Instant::now();
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let signature = match sign(&job.secret, &job.delivery.event_id, timestamp, &job.delivery.payload) {
        Ok(s) => s,
        Err(e) => return Outcome { status: None, error: Some(e.to_string()), duration_ms: 0 },
    };
    let result = client
        .post(&job.url)
        .header("content-type", "application/json")
        .header("webhook-id", &job.delivery.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .header("user-agent", concat!("lvyue-webhooks/", env!("CARGO_PKG_VERSION")))
        .body(job.delivery.payload.clone())
        .send()
        .await;
    let duration_ms = started.elapsed().as_millis() as i64;
    match result {
        Ok(res) => Outcome { status: Some(res.status().as_u16()), error: None, duration_ms },
        Err(e) => Outcome { status: None, error: Some(describe(&e)), duration_ms },
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "could not connect".to_owned()
    } else {
        let text = e.to_string();
        text.chars().take(500).collect()
    }
}

/// Records an attempt and its consequence: delivered, retried later, failed for good, or
/// (410) the subscription disabled.
pub fn record(
    conn: &mut DbConn,
    job: &Job,
    outcome: &Outcome,
    now: NaiveDateTime,
    settings: &WebhookSettings,
) -> AppResult<()> {
    let d = &job.delivery;
    write_tx(conn, |conn| {
        diesel::insert_into(webhook_attempts::table)
            .values((
                webhook_attempts::delivery_id.eq(d.id),
                webhook_attempts::attempt.eq(d.attempts),
                webhook_attempts::manual.eq(job.manual),
                webhook_attempts::attempted_at.eq(now),
                webhook_attempts::duration_ms.eq(outcome.duration_ms),
                webhook_attempts::status_code.eq(outcome.status.map(i32::from)),
                webhook_attempts::error.eq(&outcome.error),
            ))
            .execute(conn)?;
        let code = outcome.status.map(i32::from);
        // A success is final whoever sent it. Anything else only changes the delivery if
        // this attempt still holds it: a sender whose lease ran out (and whose delivery
        // another replica already claimed again) must not overwrite the newer schedule.
        let pending = webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(d.id))
            .filter(webhook_deliveries::status.eq("pending"));
        let target = pending.filter(webhook_deliveries::attempts.eq(d.attempts));
        match outcome.status {
            Some(s) if (200..300).contains(&s) => {
                diesel::update(pending)
                    .set((
                        webhook_deliveries::status.eq("succeeded"),
                        webhook_deliveries::delivered_at.eq(Some(now)),
                        webhook_deliveries::last_status_code.eq(code),
                        webhook_deliveries::last_error.eq(None::<String>),
                    ))
                    .execute(conn)?;
            }
            Some(410) => {
                diesel::update(target)
                    .set((
                        webhook_deliveries::status.eq("failed"),
                        webhook_deliveries::last_status_code.eq(code),
                        webhook_deliveries::last_error.eq(Some("410 Gone: subscription disabled")),
                    ))
                    .execute(conn)?;
                // The receiver said so, whichever attempt heard it.
                subscription::disable_gone(conn, &d.subscription_id, now)?;
                tracing::warn!(subscription = %d.subscription_id, "receiver answered 410 Gone; subscription disabled");
            }
            _ => {
                let wait = retry::delay(settings.retry_base, d.attempts);
                let next = now + chrono::Duration::from_std(wait).unwrap_or_else(|_| chrono::Duration::hours(6));
                let error = outcome.error.clone().or_else(|| outcome.status.map(|s| format!("HTTP {s}")));
                let give_up = next > d.give_up_at && !job.manual;
                diesel::update(target)
                    .set((
                        webhook_deliveries::status.eq(if give_up { "failed" } else { "pending" }),
                        webhook_deliveries::next_attempt_at.eq(next),
                        webhook_deliveries::last_status_code.eq(code),
                        webhook_deliveries::last_error.eq(error),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(())
    })
}
