//! `PATCH /commitments/{id}`: the unit corrects a commitment's particulars at the version read.
//! Fields left out stay as they are. A change of the promise itself is not a correction: it is
//! `POST /commitments/{id}/change`.

use super::store::{Commitment, CommitmentRow};
use crate::contract::register::{optional, text};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult};
use lvyue_db::schema::commitments;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `PATCH /api/v1/commitments/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentPatch {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// The source's title.
    #[serde(default)]
    pub source_title: Option<String>,
    /// The source's document number ("" clears it).
    #[serde(default)]
    pub source_number: Option<String>,
    /// 承诺内容.
    #[serde(default)]
    pub content: Option<String>,
    /// 承诺对象 ("" clears it).
    #[serde(default)]
    pub beneficiaries: Option<String>,
    /// 兑现期限 (not before the promise).
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

fn apply(row: &mut CommitmentRow, p: &CommitmentPatch) -> AppResult<()> {
    if let Some(t) = &p.source_title {
        row.source_title = text("source_title", t, 200)?;
    }
    if let Some(n) = &p.source_number {
        row.source_number = optional("source_number", Some(n), 100)?;
    }
    if let Some(c) = &p.content {
        row.content = text("content", c, 5_000)?;
    }
    if let Some(b) = &p.beneficiaries {
        row.beneficiaries = optional("beneficiaries", Some(b), 500)?;
    }
    if let Some(d) = p.due_on {
        if d < row.promised_on {
            return Err(AppError::invalid(
                "due_on",
                "before_promised_on",
                "兑现期限早于承诺日期",
                "due before it was promised",
            ));
        }
        row.due_on = d;
    }
    Ok(())
}

/// Corrects commitment `id`.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    patch: CommitmentPatch,
    now: NaiveDateTime,
) -> AppResult<Commitment> {
    write_tx(conn, |conn| {
        let before = super::read::load(conn, actor, id, true)?;
        crate::access::may_write(conn, actor, &before.org_id)?;
        lvyue_db::versioned::check(patch.version, before.version)?;
        let mut after = before.clone();
        apply(&mut after, &patch)?;
        save(conn, actor, &before, after, now)
    })
}

/// Stores `after` as the next version of `before` and announces it; inside the caller's
/// transaction.
pub(crate) fn save(
    conn: &mut DbConn,
    actor: &Actor,
    before: &CommitmentRow,
    mut after: CommitmentRow,
    now: NaiveDateTime,
) -> AppResult<Commitment> {
    let id = before.id.as_str();
    after.version = before.version + 1;
    after.updated_at = now;
    diesel::update(commitments::table.find(id)).set(&after).execute(conn)?;
    let view = super::read::view_for(conn, actor, &after)?;
    lvyue_outbox::events::append(conn, now, crate::events::commitment(crate::events::COMMITMENT_UPDATED, &view))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: "commitment.update",
            entity_type: "commitment",
            entity_id: id,
            before: None,
            after: serde_json::to_value(&view).ok(),
        },
    )?;
    Ok(view)
}
