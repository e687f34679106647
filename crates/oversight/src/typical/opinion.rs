//! `POST /typical-cases/{id}/opinions`: a department concerned (the record's subject, the body
//! that determined it, the case's handling body) gives its opinion on a draft (会同有关单位).

use super::store::{OpinionRow, TypicalCase};
use super::{OpinionPosition, TypicalCaseAction};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, Role};
use lvyue_db::schema::typical_case_opinions;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/typical-cases/{id}/opinions`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpinionInput {
    /// `agree`, `amend` or `disagree`.
    pub position: OpinionPosition,
    /// What the department says (1–5,000 characters).
    pub opinion: String,
}

impl OpinionInput {
    /// An example body.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"position": "amend", "opinion": "建议在摘要中补充已支付部分款项的情况。"})
    }
}

/// Adds the caller's department's opinion to draft `id`.
pub fn add(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: OpinionInput,
    now: NaiveDateTime,
) -> AppResult<TypicalCase> {
    actor.require(&[Role::Department])?;
    let text = input.opinion.trim().to_owned();
    if text.is_empty() || text.chars().count() > 5_000 {
        return Err(AppError::invalid("opinion", "invalid_length", "须为 1–5000 个字符", "must be 1–5000 characters"));
    }
    write_tx(conn, |conn| {
        let row = lvyue_db::locked!(
            conn,
            for_update,
            lvyue_db::schema::typical_cases::table.find(id).select(super::store::TypicalCaseRow::as_select()),
            |q, c| q.first(c).optional()
        )?
        .ok_or(AppError::NotFound)?;
        if !super::read::may_see(conn, actor, &row)? {
            return Err(AppError::Forbidden(Message::new(
                "仅有关单位可以提出意见",
                "only the departments concerned give opinions",
            )));
        }
        super::check(row.status()?, TypicalCaseAction::AddOpinion)?;
        let org = lvyue_registry::organisation::of_actor(conn, actor)?;
        let opinion = OpinionRow {
            id: lvyue_core::ids::TypicalCaseOpinionId::generate().into_string(),
            typical_case_id: row.id.clone(),
            org_id: org.id,
            org_name: org.name,
            position: input.position.code().to_owned(),
            opinion: text.clone(),
            given_by: actor.subject.clone(),
            given_at: now,
        };
        diesel::insert_into(typical_case_opinions::table).values(&opinion).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "typical_case.opinion",
                entity_type: "typical_case",
                entity_id: id,
                before: None,
                after: Some(serde_json::json!({"position": input.position.code(), "opinion": text})),
            },
        )?;
        super::read::view_for(conn, actor, &row)
    })
}
