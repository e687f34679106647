//! Channel platforms (受理渠道) as data: the six of DOMAIN.md ship with the migrations, an admin adds more.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, ChannelCode, FieldError, Message};
use lvyue_db::schema::channels;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// A channel platform.
#[derive(Debug, Clone, Queryable, Selectable, Serialize, ToSchema)]
#[diesel(table_name = channels)]
pub struct Channel {
    /// Stable code, e.g. `hotline_12345`.
    pub code: String,
    /// 中文名称.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// An inactive channel cannot push new leads.
    pub active: bool,
    /// Registered (UTC).
    #[serde(skip)]
    pub created_at: NaiveDateTime,
}

/// A channel as an admin sends it.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
pub struct ChannelInput {
    /// Stable code: lower-case letters, digits and `_`.
    #[schema(example = "county_hotline")]
    pub code: String,
    /// 中文名称.
    #[validate(length(min = 1, max = 100))]
    pub label_zh: String,
    /// English label.
    #[validate(length(min = 1, max = 100))]
    pub label_en: String,
    /// Defaults to true.
    #[serde(default = "yes")]
    pub active: bool,
}

impl ChannelInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"code": "enterprise_service_app", "label_zh": "企业服务 App", "label_en": "enterprise service app", "active": true})
    }
}

fn yes() -> bool {
    true
}

/// All channels, by code.
pub fn list(conn: &mut DbConn) -> AppResult<Vec<Channel>> {
    Ok(channels::table.select(Channel::as_select()).order_by(channels::code.asc()).load(conn)?)
}

/// One channel.
pub fn find(conn: &mut DbConn, code: &str) -> AppResult<Option<Channel>> {
    Ok(channels::table.find(code).select(Channel::as_select()).first(conn).optional()?)
}

fn validated(input: &ChannelInput) -> AppResult<ChannelCode> {
    let mut errors = match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => lvyue_core::validation::field_errors(&e),
    };
    let code = ChannelCode::parse(&input.code).map_err(|e| e.at("code"));
    if let Err(e) = &code {
        errors.push(e.clone());
    }
    match code {
        Ok(c) if errors.is_empty() => Ok(c),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Registers a channel (admin).
pub fn create(conn: &mut DbConn, actor: &Actor, input: ChannelInput, now: NaiveDateTime) -> AppResult<Channel> {
    actor.require(crate::organisation::EDITORS)?;
    let code = validated(&input)?;
    write_tx(conn, |conn| {
        if find(conn, code.as_str())?.is_some() {
            return Err(AppError::field(FieldError::new(
                "code",
                "already_registered",
                Message::new("该渠道代码已存在", "a channel with this code exists"),
            )));
        }
        diesel::insert_into(channels::table)
            .values((
                channels::code.eq(code.as_str()),
                channels::label_zh.eq(input.label_zh.trim()),
                channels::label_en.eq(input.label_en.trim()),
                channels::active.eq(input.active),
                channels::created_at.eq(now),
            ))
            .execute(conn)?;
        let created = find(conn, code.as_str())?.ok_or(AppError::NotFound)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "channel.create",
                entity_type: "channel",
                entity_id: code.as_str(),
                before: None,
                after: serde_json::to_value(&created).ok(),
            },
        )?;
        Ok(created)
    })
}

/// Changes a channel's labels or active flag (admin); the code stays.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    code: &str,
    input: ChannelInput,
    now: NaiveDateTime,
) -> AppResult<Channel> {
    actor.require(crate::organisation::EDITORS)?;
    let parsed = validated(&input)?;
    if parsed.as_str() != code {
        return Err(AppError::field(FieldError::new(
            "code",
            "immutable",
            Message::new("渠道代码不可修改", "a channel's code cannot change"),
        )));
    }
    write_tx(conn, |conn| {
        let before = find(conn, code)?.ok_or(AppError::NotFound)?;
        diesel::update(channels::table.find(code))
            .set((
                channels::label_zh.eq(input.label_zh.trim()),
                channels::label_en.eq(input.label_en.trim()),
                channels::active.eq(input.active),
            ))
            .execute(conn)?;
        let after = find(conn, code)?.ok_or(AppError::NotFound)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "channel.update",
                entity_type: "channel",
                entity_id: code,
                before: serde_json::to_value(&before).ok(),
                after: serde_json::to_value(&after).ok(),
            },
        )?;
        Ok(after)
    })
}
