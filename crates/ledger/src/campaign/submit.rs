//! `POST /campaigns/{id}/submissions`: a unit taking part submits its problem list, its
//! self-inspection report, its rectification plans or its rectification report, with the
//! documents. The first submission of a kind stands (submitting again answers it). The
//! rectification report closes the unit's rectified items of the campaign (销号).

use super::store::load;
use super::SubmissionKind;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::{Actor, AppError, AppResult, Message, Role};
use lvyue_db::schema::campaign_submissions;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /api/v1/campaigns/{id}/submissions`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionInput {
    /// What is submitted.
    pub kind: SubmissionKind,
    /// For an admin submitting for a unit: the unit.
    #[serde(default)]
    pub org_id: Option<String>,
    /// A note (at most 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
    /// The documents (1–20).
    pub documents: Vec<AttachmentInput>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = campaign_submissions)]
pub(crate) struct SubmissionRow {
    pub id: String,
    pub campaign_id: String,
    pub org_id: String,
    pub kind: String,
    pub note: String,
    pub documents: String,
    pub submitted_by: String,
    pub submitted_at: NaiveDateTime,
}

/// A unit's submission, as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignSubmission {
    /// Opaque id.
    pub id: String,
    /// The campaign.
    pub campaign_id: String,
    /// The unit.
    pub org_id: String,
    /// What it is.
    pub kind: SubmissionKind,
    /// The note.
    pub note: String,
    /// The documents.
    pub documents: Vec<AttachmentInput>,
    /// When.
    pub submitted_at: DateTime<FixedOffset>,
    /// The unit's items this submission closed (the rectification report).
    pub items_closed: usize,
}

impl SubmissionRow {
    fn view(&self, items_closed: usize) -> AppResult<CampaignSubmission> {
        Ok(CampaignSubmission {
            id: self.id.clone(),
            campaign_id: self.campaign_id.clone(),
            org_id: self.org_id.clone(),
            kind: SubmissionKind::from_stored(&self.kind)?,
            note: self.note.clone(),
            documents: serde_json::from_str(&self.documents).map_err(|e| AppError::internal(e.to_string()))?,
            submitted_at: lvyue_core::time::stored_to_shanghai(self.submitted_at),
            items_closed,
        })
    }
}

/// The submissions of campaign `id`.
pub(crate) fn of_campaign(conn: &mut DbConn, id: &str) -> AppResult<Vec<SubmissionRow>> {
    Ok(campaign_submissions::table
        .filter(campaign_submissions::campaign_id.eq(id))
        .select(SubmissionRow::as_select())
        .load(conn)?)
}

/// The unit's first submission of `kind` to the campaign, if any.
fn first_of(
    conn: &mut DbConn,
    campaign_id: &str,
    org_id: &str,
    kind: SubmissionKind,
) -> AppResult<Option<SubmissionRow>> {
    Ok(campaign_submissions::table
        .filter(campaign_submissions::campaign_id.eq(campaign_id))
        .filter(campaign_submissions::org_id.eq(org_id))
        .filter(campaign_submissions::kind.eq(kind.code()))
        .select(SubmissionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records a submission; answers it and whether it is new.
pub fn submit(
    conn: &mut DbConn,
    actor: &Actor,
    campaign_id: &str,
    input: SubmissionInput,
    now: NaiveDateTime,
) -> AppResult<(CampaignSubmission, bool)> {
    let (campaign, units) = load(conn, actor, campaign_id)?;
    let org_id = match actor.role {
        Role::Department | Role::DataProvider => lvyue_registry::organisation::of_actor(conn, actor)?.id,
        Role::Admin => input
            .org_id
            .clone()
            .ok_or_else(|| AppError::invalid("org_id", "required", "管理员须指明单位", "an admin names the unit"))?,
        _ => return Err(AppError::Forbidden(Message::new("仅参加单位可以报送", "only a unit taking part submits"))),
    };
    if !units.contains(&org_id) {
        return Err(AppError::invalid(
            "org_id",
            "not_taking_part",
            "该单位未参加本次自查",
            "the unit does not take part",
        ));
    }
    if input.documents.is_empty() {
        return Err(AppError::invalid("documents", "required", "须附报送材料", "attach the documents"));
    }
    lvyue_core::attachment::check_all("documents", &input.documents, 20)?;
    let note = input.note.as_deref().map(|n| lvyue_core::validation::bounded_text("note", n, 2_000)).transpose()?;
    write_tx(conn, |conn| {
        let before = first_of(conn, campaign_id, &org_id, input.kind)?;
        if let Some(first) = before {
            return Ok((first.view(0)?, false));
        }
        let row = SubmissionRow {
            id: lvyue_core::ids::LedgerEntryId::generate().into_string(),
            campaign_id: campaign_id.to_owned(),
            org_id: org_id.clone(),
            kind: input.kind.code().to_owned(),
            note: note.clone().unwrap_or_default(),
            documents: serde_json::to_string(&input.documents).map_err(|e| AppError::internal(e.to_string()))?,
            submitted_by: actor.subject.clone(),
            submitted_at: now,
        };
        // A concurrent submission of the same kind may win the race (PostgreSQL): the savepoint
        // keeps the transaction usable, and the first submission stands.
        let inserted = conn.transaction(|c| diesel::insert_into(campaign_submissions::table).values(&row).execute(c));
        if let Err(e) = inserted {
            let first = first_of(conn, campaign_id, &org_id, input.kind)?;
            return match first {
                Some(first) => Ok((first.view(0)?, false)),
                None => Err(e.into()),
            };
        }
        let closed = if input.kind == SubmissionKind::RectificationReport {
            crate::item::plan::close_rectified(conn, actor, campaign_id, &org_id, &input.documents, now)?
        } else {
            0
        };
        let view = campaign.view(units.clone())?;
        let event =
            crate::events::campaign(crate::events::CAMPAIGN_SUBMITTED, &view, Some(&org_id), Some(input.kind.code()));
        lvyue_outbox::events::append(conn, now, event)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: crate::events::CAMPAIGN_SUBMITTED,
                entity_type: "campaign",
                entity_id: campaign_id,
                before: None,
                after: Some(serde_json::json!({"org_id": org_id, "kind": input.kind.code()})),
            },
        )?;
        Ok((row.view(closed)?, true))
    })
}
