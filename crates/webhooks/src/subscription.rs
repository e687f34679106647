//! Subscribers (订阅方): a channel platform or the public credit platform, registered by an
//! admin with a URL, a scope (one channel's cases, one region, or everything) and an
//! optional filter of event types. The secret is shown once, when created.

use crate::signature;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::ids::SubscriptionId;
use lvyue_core::validation::field_errors;
use lvyue_core::{AppError, AppResult, ChannelCode, FieldError, Message, RegionCode};
use lvyue_db::schema::webhook_subscriptions;
use lvyue_db::DbConn;
use lvyue_outbox::Visibility;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// A stored subscription.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct SubscriptionRow {
    pub id: String,
    pub name: String,
    pub url: String,
    pub secret: String,
    pub channel: Option<String>,
    pub region_code: Option<String>,
    pub event_types: String,
    pub active: bool,
    pub disabled_reason: Option<String>,
    pub disabled_at: Option<NaiveDateTime>,
    pub feed_txid: i64,
    pub feed_id: i64,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub credit_platform: bool,
}

/// Registering a subscriber.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
pub struct SubscriptionInput {
    /// Who it is, e.g. `12345 热线平台`.
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// Where deliveries are POSTed (http or https).
    #[validate(url, length(max = 2000))]
    #[schema(example = "https://hotline.example.gov.cn/lvyue/webhook")]
    pub url: String,
    /// Only the events of this channel's cases.
    #[serde(default)]
    pub channel: Option<String>,
    /// Only the events of cases in this division (a city includes its counties).
    #[serde(default)]
    pub region_code: Option<String>,
    /// Event types to deliver; `complaint.*` matches a prefix. Empty: every type.
    #[serde(default)]
    #[validate(length(max = 50))]
    pub event_types: Vec<String>,
    /// `true` for the public credit platform (公共信用信息共享平台): it receives the events of
    /// credit records shared with it and nothing about cases. Excludes `channel` and `region_code`.
    #[serde(default)]
    pub credit_platform: bool,
}

impl SubscriptionInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "name": "12345 热线办理状态回推",
            "url": "https://hotline.example.gov.cn/lvyue/webhooks",
            "channel": "hotline_12345",
            "event_types": ["complaint.assigned", "complaint.accepted", "complaint.concluded", "complaint.closed"]
        })
    }
}

/// Changing a subscriber; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
pub struct SubscriptionUpdate {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// New name.
    #[serde(default)]
    #[validate(length(min = 1, max = 200))]
    pub name: Option<String>,
    /// New URL.
    #[serde(default)]
    #[validate(url, length(max = 2000))]
    pub url: Option<String>,
    /// New event filter.
    #[serde(default)]
    #[validate(length(max = 50))]
    pub event_types: Option<Vec<String>>,
    /// `true` re-enables a subscription disabled by a 410; `false` pauses it.
    #[serde(default)]
    pub active: Option<bool>,
}

impl SubscriptionUpdate {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "active": false})
    }
}

/// A subscription as shown (never its secret, except once at creation).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Subscription {
    /// Opaque id.
    pub id: String,
    /// Name.
    pub name: String,
    /// URL.
    pub url: String,
    /// The signing secret (`whsec_…`): only in the answer to its creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Channel scope.
    pub channel: Option<String>,
    /// Region scope.
    pub region_code: Option<String>,
    /// The public credit platform's scope: shared credit records only.
    pub credit_platform: bool,
    /// Event filter.
    pub event_types: Vec<String>,
    /// False once disabled (a 410 from the receiver, or by hand).
    pub active: bool,
    /// Why it was disabled.
    pub disabled_reason: Option<String>,
    /// When.
    pub disabled_at: Option<DateTime<FixedOffset>>,
    /// Pass back with changes.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<FixedOffset>,
    /// Changed.
    pub updated_at: DateTime<FixedOffset>,
}

impl SubscriptionRow {
    /// The view, without the secret.
    pub fn view(&self) -> Subscription {
        Subscription {
            id: self.id.clone(),
            name: self.name.clone(),
            url: self.url.clone(),
            secret: None,
            channel: self.channel.clone(),
            region_code: self.region_code.clone(),
            credit_platform: self.credit_platform,
            event_types: self.types(),
            active: self.active,
            disabled_reason: self.disabled_reason.clone(),
            disabled_at: self.disabled_at.map(lvyue_core::time::stored_to_shanghai),
            version: self.version,
            created_at: lvyue_core::time::stored_to_shanghai(self.created_at),
            updated_at: lvyue_core::time::stored_to_shanghai(self.updated_at),
        }
    }

    /// The event filter.
    pub fn types(&self) -> Vec<String> {
        serde_json::from_str(&self.event_types).unwrap_or_default()
    }

    /// The slice of the feed it may see.
    pub fn visibility(&self) -> Visibility {
        if self.credit_platform {
            return Visibility::SharedRecords;
        }
        if let Some(c) = self.channel.as_deref().and_then(|c| ChannelCode::parse(c).ok()) {
            return Visibility::Channel(c);
        }
        if let Some(r) = self.region_code.as_deref().and_then(|r| RegionCode::parse(r).ok()) {
            return Visibility::Region(r);
        }
        Visibility::All
    }
}

/// True when an event of `event_type` passes `filter` (empty passes everything).
pub fn wants(filter: &[String], event_type: &str) -> bool {
    filter.is_empty()
        || filter.iter().any(|f| match f.strip_suffix('*') {
            Some(prefix) => event_type.starts_with(prefix),
            None => f == event_type,
        })
}

fn check_types(types: &[String]) -> AppResult<()> {
    for (i, t) in types.iter().enumerate() {
        let ok = !t.is_empty()
            && t.len() <= 100
            && t.trim_end_matches('*').chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
        if !ok {
            return Err(AppError::field(FieldError::new(
                format!("event_types[{i}]"),
                "invalid_value",
                Message::new(
                    "事件类型格式不正确",
                    "an event type is lowercase words joined by dots, optionally ending in *",
                ),
            )));
        }
    }
    Ok(())
}

/// Registers a subscriber; it starts at the current end of the feed.
pub fn create(
    conn: &mut DbConn,
    input: SubscriptionInput,
    policy: crate::address::UrlPolicy,
    now: NaiveDateTime,
) -> AppResult<Subscription> {
    input.validate().map_err(|e| AppError::Validation(field_errors(&e)))?;
    crate::address::check_url(&input.url, policy)?;
    check_types(&input.event_types)?;
    let scopes = [input.channel.is_some(), input.region_code.is_some(), input.credit_platform];
    if scopes.iter().filter(|s| **s).count() > 1 {
        return Err(AppError::field(FieldError::new(
            "region_code",
            "conflicting_scope",
            Message::new(
                "订阅范围只能是一个渠道、一个地区或公共信用信息共享平台之一",
                "a subscription sees one channel's cases, one region's, or the credit platform's records: one of them",
            ),
        )));
    }
    let channel = input
        .channel
        .as_deref()
        .map(|c| ChannelCode::parse(c).map_err(|e| AppError::field(e.at("channel"))))
        .transpose()?;
    if let Some(code) = &channel {
        channel_exists(conn, code.as_str())?;
    }
    let region = input
        .region_code
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
        .transpose()?;
    let (feed_txid, feed_id) = lvyue_outbox::events::current_end(conn)?;
    let row = SubscriptionRow {
        id: SubscriptionId::generate().into_string(),
        name: input.name,
        url: input.url,
        secret: signature::new_secret(),
        channel: channel.map(|c| c.as_str().to_owned()),
        region_code: region.map(|r| r.as_str().to_owned()),
        event_types: serde_json::to_string(&input.event_types).unwrap_or_else(|_| "[]".into()),
        active: true,
        disabled_reason: None,
        disabled_at: None,
        feed_txid,
        feed_id,
        version: 1,
        created_at: now,
        updated_at: now,
        credit_platform: input.credit_platform,
    };
    diesel::insert_into(webhook_subscriptions::table).values(&row).execute(conn)?;
    Ok(Subscription { secret: Some(row.secret.clone()), ..row.view() })
}

fn channel_exists(conn: &mut DbConn, code: &str) -> AppResult<()> {
    use lvyue_db::schema::channels;
    let found: i64 = channels::table.filter(channels::code.eq(code)).count().get_result(conn)?;
    if found == 0 {
        return Err(AppError::field(FieldError::new(
            "channel",
            "unknown_channel",
            Message::new("没有该受理渠道", "no such channel"),
        )));
    }
    Ok(())
}

/// Finds one.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<SubscriptionRow>> {
    Ok(webhook_subscriptions::table.find(id).select(SubscriptionRow::as_select()).first(conn).optional()?)
}

/// All subscriptions, oldest first (there are a handful).
pub fn list(conn: &mut DbConn) -> AppResult<Vec<SubscriptionRow>> {
    Ok(webhook_subscriptions::table
        .order_by(webhook_subscriptions::id.asc())
        .select(SubscriptionRow::as_select())
        .load(conn)?)
}

/// The changes of an update (None leaves a column alone).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = webhook_subscriptions)]
struct SubscriptionChange {
    name: Option<String>,
    url: Option<String>,
    event_types: Option<String>,
    active: Option<bool>,
    disabled_reason: Option<Option<String>>,
    disabled_at: Option<Option<NaiveDateTime>>,
    version: i32,
    updated_at: NaiveDateTime,
}

/// Changes a subscription (in the caller's transaction); answers the row before and after.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    input: SubscriptionUpdate,
    policy: crate::address::UrlPolicy,
    now: NaiveDateTime,
) -> AppResult<(SubscriptionRow, SubscriptionRow)> {
    input.validate().map_err(|e| AppError::Validation(field_errors(&e)))?;
    if let Some(url) = &input.url {
        crate::address::check_url(url, policy)?;
    }
    if let Some(types) = &input.event_types {
        check_types(types)?;
    }
    let before = find(conn, id)?.ok_or(AppError::NotFound)?;
    if before.version != input.version {
        return Err(AppError::stale_version(before.version));
    }
    let (disabled_reason, disabled_at) = match input.active {
        Some(true) => (Some(None), Some(None)),
        Some(false) if before.active => (Some(Some("disabled by an admin".to_owned())), Some(Some(now))),
        _ => (None, None),
    };
    let change = SubscriptionChange {
        name: input.name,
        url: input.url,
        event_types: input.event_types.map(|t| serde_json::to_string(&t).unwrap_or_else(|_| "[]".into())),
        active: input.active,
        disabled_reason,
        disabled_at,
        version: before.version + 1,
        updated_at: now,
    };
    let n = diesel::update(
        webhook_subscriptions::table
            .filter(webhook_subscriptions::id.eq(id))
            .filter(webhook_subscriptions::version.eq(before.version)),
    )
    .set(&change)
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::stale_version(before.version + 1));
    }
    let after = find(conn, id)?.ok_or(AppError::NotFound)?;
    Ok((before, after))
}

/// Disables a subscription whose receiver answered 410 Gone.
pub fn disable_gone(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::active.eq(false),
            webhook_subscriptions::disabled_reason.eq(Some("the receiver answered 410 Gone")),
            webhook_subscriptions::disabled_at.eq(Some(now)),
            webhook_subscriptions::version.eq(webhook_subscriptions::version + 1),
            webhook_subscriptions::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wants;

    #[test]
    fn filters_match_exactly_or_by_prefix() {
        assert!(wants(&[], "complaint.accepted"));
        let f = vec!["complaint.determined".to_owned(), "record.*".to_owned()];
        assert!(wants(&f, "complaint.determined"));
        assert!(wants(&f, "record.created"));
        assert!(!wants(&f, "complaint.accepted"));
    }
}
