//! The transactional outbox and the pull feed.
//!
//! Feed order is `(txid, id)`. On PostgreSQL `txid` is the writing
//! transaction's id and the feed only returns events whose transaction is
//! older than the oldest one still running (`pg_snapshot_xmin`): those can no
//! longer change, so a reader that has passed a position never misses an
//! event committed behind it, however many replicas write. On SQLite there is
//! one writer at a time, `txid` is 0 and id order is commit order.

use crate::cursor;
use crate::scope::Visibility;
use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use lvyue_core::{AppError, AppResult};
use lvyue_db::schema::events;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// The audience of events the public credit platform receives (shared credit records).
pub const AUDIENCE_CREDIT_PLATFORM: &str = "credit_platform";

/// An event to append.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Dotted type, e.g. `complaint.received`.
    pub event_type: &'static str,
    /// The case it concerns.
    pub complaint_id: Option<String>,
    /// The channel that sent the case (scopes the feed for channels).
    pub channel: Option<String>,
    /// The respondent's region (scopes the feed for credit offices).
    pub region_code: Option<String>,
    /// The handling organisation (scopes the feed for departments).
    pub handling_org_id: Option<String>,
    /// The organisation a credit record names (its own feed shows it too: its record, its
    /// repair applications, its objections); dropped when it is the handling one.
    pub subject_org_id: Option<String>,
    /// Who else receives it: [`AUDIENCE_CREDIT_PLATFORM`] for shared credit records.
    pub audience: Option<&'static str>,
    /// The event body.
    pub data: serde_json::Value,
}

/// A stored event's columns, for bulk loading (the position and `txid` come from the database).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = events, treat_none_as_default_value = false)]
pub struct EventInsert {
    /// Stable id.
    pub event_id: String,
    /// Dotted type.
    pub event_type: String,
    /// When (UTC).
    pub occurred_at: NaiveDateTime,
    /// The case.
    pub complaint_id: Option<String>,
    /// Channel scope.
    pub channel: Option<String>,
    /// Region scope.
    pub region_code: Option<String>,
    /// Handling-organisation scope.
    pub handling_org_id: Option<String>,
    /// Subject-organisation scope.
    pub subject_org_id: Option<String>,
    /// Audience beyond the scopes above.
    pub audience: Option<String>,
    /// JSON body.
    pub data: String,
}

/// Appends an event in the caller's transaction; returns its `event_id`.
pub fn append(conn: &mut DbConn, now: NaiveDateTime, event: NewEvent) -> AppResult<String> {
    let mut ids = append_many(conn, now, vec![event])?;
    ids.pop().ok_or_else(|| lvyue_core::AppError::internal("no event id"))
}

/// Appends several events in one statement, in order, in the caller's transaction.
pub fn append_many(conn: &mut DbConn, now: NaiveDateTime, new: Vec<NewEvent>) -> AppResult<Vec<String>> {
    let rows: Vec<EventInsert> = new
        .into_iter()
        .map(|e| EventInsert {
            event_id: uuid::Uuid::now_v7().to_string(),
            event_type: e.event_type.to_owned(),
            occurred_at: now,
            complaint_id: e.complaint_id,
            channel: e.channel,
            region_code: e.region_code,
            subject_org_id: e.subject_org_id.filter(|s| e.handling_org_id.as_ref() != Some(s)),
            handling_org_id: e.handling_org_id,
            audience: e.audience.map(str::to_owned),
            data: e.data.to_string(),
        })
        .collect();
    lvyue_db::execute_per_backend!(conn, diesel::insert_into(events::table).values(&rows))?;
    Ok(rows.into_iter().map(|r| r.event_id).collect())
}

/// A stored event.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    /// Position in the table.
    pub id: i64,
    /// Stable event id (UUIDv7).
    pub event_id: String,
    /// The writing transaction (PostgreSQL) or 0 (SQLite).
    pub txid: i64,
    /// Dotted type.
    pub event_type: String,
    /// When it happened (UTC).
    pub occurred_at: NaiveDateTime,
    /// The case it concerns.
    pub complaint_id: Option<String>,
    /// JSON body.
    pub data: String,
    /// The region it was scoped to (the respondent's, for a case's events).
    pub region_code: Option<String>,
}

/// One event as the feed shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Event {
    /// Stable id; the same event always has the same id.
    pub id: String,
    /// Dotted type, e.g. `complaint.received`, `complaint.assigned`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When it happened (RFC 3339, Asia/Shanghai).
    pub occurred_at: chrono::DateTime<chrono::FixedOffset>,
    /// The case it concerns.
    pub complaint_id: Option<String>,
    /// The event body; its shape depends on `type`. Served as stored, without re-encoding.
    #[schema(value_type = Object)]
    pub data: Box<serde_json::value::RawValue>,
}

/// A page of the feed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventPage {
    /// Events in feed order.
    pub events: Vec<Event>,
    /// Pass as `after` to continue; unchanged when nothing new has committed yet.
    pub next_cursor: Option<String>,
}

impl EventRow {
    /// The public view.
    pub fn into_event(self) -> Event {
        Event {
            id: self.event_id,
            event_type: self.event_type,
            occurred_at: lvyue_core::time::stored_to_shanghai(self.occurred_at),
            complaint_id: self.complaint_id,
            // A stored body is always JSON; `null` (the default) stands in if it ever is not.
            data: serde_json::value::RawValue::from_string(self.data).unwrap_or_default(),
        }
    }
}

fn position_cursor(txid: i64, id: i64) -> String {
    cursor::encode(&[&txid.to_string(), &id.to_string()])
}

fn parse_position(raw: &str) -> AppResult<(i64, i64)> {
    let parts = cursor::decode(raw, 2)?;
    let bad = || AppError::Malformed(lvyue_core::Message::new("无效的事件游标", "invalid event cursor"));
    let txid = parts[0].parse().map_err(|_| bad())?;
    let id = parts[1].parse().map_err(|_| bad())?;
    Ok((txid, id))
}

/// A request for a page of the feed: the position after which to read (from the `after`
/// cursor) and how many events at most.
#[derive(Debug, Clone)]
pub struct FeedRequest {
    after: Option<String>,
    position: Option<(i64, i64)>,
    limit: i64,
}

impl FeedRequest {
    /// Parses the `after` cursor (400 when it is not one of ours).
    pub fn parse(after: Option<String>, limit: i64) -> AppResult<FeedRequest> {
        let position = after.as_deref().map(parse_position).transpose()?;
        Ok(FeedRequest { after, position, limit })
    }

    /// The position after which to read.
    pub(crate) fn position(&self) -> Option<(i64, i64)> {
        self.position
    }

    /// The most events in the page.
    pub(crate) fn limit(&self) -> i64 {
        self.limit
    }

    /// The page made of `rows`, read for this request.
    pub(crate) fn page(&self, rows: Vec<EventRow>) -> EventPage {
        let next_cursor = match rows.last() {
            Some(last) => Some(position_cursor(last.txid, last.id)),
            None => self.after.clone(),
        };
        EventPage { events: rows.into_iter().map(EventRow::into_event).collect(), next_cursor }
    }
}

/// Reads up to `limit` events after `after`, restricted to what `visibility` allows.
pub fn read_feed(conn: &mut DbConn, visibility: &Visibility, request: &FeedRequest) -> AppResult<EventPage> {
    let rows = feed_rows(conn, visibility, request.position, request.limit)?;
    Ok(request.page(rows))
}

/// The feed's query: the events after `position` that `visibility` allows, in commit order,
/// only from transactions older than every running one when `horizon` (PostgreSQL). A macro,
/// so one text serves the pooled connection and the lean path's (`crate::lean`).
macro_rules! feed_query {
    ($visibility:expr, $position:expr, $horizon:expr, $limit:expr) => {{
        let mut query = events::table.select(EventRow::as_select()).into_boxed();
        if let Some((txid, id)) = $position {
            query = query.filter(crate::feed_sql::After { txid, id });
        }
        if $horizon {
            query = query.filter(crate::feed_sql::BeforeHorizon);
        }
        query = match $visibility {
            Visibility::All => query,
            Visibility::Channel(code) => query.filter(events::channel.eq(code.as_str().to_owned())),
            Visibility::HandlingOrg(org) => query.filter(
                events::handling_org_id
                    .eq(org.as_str().to_owned())
                    .or(events::subject_org_id.eq(org.as_str().to_owned())),
            ),
            Visibility::Region(region) => {
                let (lo, hi) = region.scope_range();
                query.filter(events::region_code.between(lo, hi))
            }
            Visibility::SharedRecords => query.filter(events::audience.eq(AUDIENCE_CREDIT_PLATFORM)),
        };
        query.order_by((events::txid.asc(), events::id.asc())).limit($limit)
    }};
}
pub(crate) use feed_query;

/// The stored events after the feed position `(txid, id)` that `visibility` allows, in
/// commit order, only from transactions no older transaction can still precede.
pub fn feed_rows(
    conn: &mut DbConn,
    visibility: &Visibility,
    position: Option<(i64, i64)>,
    limit: i64,
) -> AppResult<Vec<EventRow>> {
    let horizon = matches!(conn, DbConn::Pg(_));
    Ok(feed_query!(visibility, position, horizon, limit).load(conn)?)
}

/// How many events lie after the feed position `(txid, id)` (all of them without one).
pub fn behind(conn: &mut DbConn, position: Option<(i64, i64)>) -> AppResult<i64> {
    let mut query = events::table.into_boxed();
    if let Some((txid, id)) = position {
        query = query
            .filter(sql::<Bool>("(txid, id) > (").bind::<BigInt, _>(txid).sql(", ").bind::<BigInt, _>(id).sql(")"));
    }
    Ok(query.count().get_result(conn)?)
}

/// The feed position a new reader starts from to see only what commits from now on:
/// before every transaction still in flight (PostgreSQL), or after the last event (SQLite).
pub fn current_end(conn: &mut DbConn) -> AppResult<(i64, i64)> {
    Ok(match conn {
        DbConn::Pg(pg) => {
            let xmin: i64 = diesel::select(sql::<BigInt>("pg_snapshot_xmin(pg_current_snapshot())::text::bigint"))
                .get_result(pg)?;
            (xmin - 1, i64::MAX)
        }
        DbConn::Sqlite(lite) => {
            let last: Option<i64> = events::table.select(diesel::dsl::max(events::id)).get_result(lite)?;
            (0, last.unwrap_or(0))
        }
    })
}
