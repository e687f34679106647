//! Assignment (转交): the region's credit office forwards a case that could not be routed automatically.

use crate::complaint::Complaint;
use crate::deadline::{self, NextStep};
use crate::events;
use crate::read::{self, visible};
use crate::steps::{self, NewStep};
use crate::submit::IntakeContext;
use diesel::prelude::*;
use lvyue_core::validation::field_errors;
use lvyue_core::{Actor, AppError, AppResult, CaseStatus, FieldError, Message, Role, Uscc};
use lvyue_db::schema::complaints;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use lvyue_outbox::Visibility;
use lvyue_registry::organisation::find_by_uscc;
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

/// Forwarding a case to its handling organisation.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
pub struct AssignInput {
    /// The version of the case the clerk read; a stale one answers 409.
    pub version: i32,
    /// USCC of the handling organisation (the respondent's supervising body).
    #[schema(example = "11340300MB1234567W")]
    pub handling_org: String,
    /// Why this organisation.
    #[serde(default)]
    #[validate(length(max = 2000))]
    pub note: Option<String>,
}

/// Forwards a received case (credit office of its region, or admin).
pub fn assign(
    conn: &mut DbConn,
    ctx: &IntakeContext<'_>,
    actor: &Actor,
    visibility: &Visibility,
    id: &str,
    input: AssignInput,
) -> AppResult<Complaint> {
    actor.require(&[Role::CreditOffice, Role::Admin])?;
    if let Err(e) = input.validate() {
        return Err(AppError::Validation(field_errors(&e)));
    }
    let code = Uscc::parse(&input.handling_org).map_err(|e| AppError::field(e.at("handling_org")))?;
    let row = write_tx(conn, |conn| {
        let before = read::find(conn, id)?.filter(|r| visible(r, visibility)).ok_or(AppError::NotFound)?;
        if before.status != CaseStatus::Received.code() {
            return Err(AppError::Conflict {
                code: "invalid_transition",
                message: Message::new(
                    format!("案件当前状态为“{}”，不能转交", before.status),
                    format!("a case in status '{}' cannot be assigned", before.status),
                ),
                allowed_actions: Vec::new(),
            });
        }
        if before.version != input.version {
            return Err(AppError::stale_version(before.version));
        }
        let handling = find_by_uscc(conn, code.as_str())?.ok_or_else(|| {
            AppError::field(FieldError::new(
                "handling_org",
                "unknown_organisation",
                Message::new("名录中没有该机构", "no organisation with this USCC is in the registry"),
            ))
        })?;
        // A credit office forwards within its own region (属地管理).
        if let Visibility::Region(region) = visibility {
            if !region.contains(&handling.region()?) {
                return Err(AppError::field(FieldError::new(
                    "handling_org",
                    "outside_region",
                    Message::new("处理机构不在本信用办辖区内", "the handling organisation lies outside your region"),
                )));
            }
        }
        let due = deadline::due_on(ctx.calendar, &ctx.settings.time_limits, NextStep::Accept, &before.channel, ctx.now);
        let updated = diesel::update(
            complaints::table.filter(complaints::id.eq(id)).filter(complaints::version.eq(input.version)),
        )
        .set((
            complaints::status.eq(CaseStatus::Assigned.code()),
            complaints::handling_org_id.eq(&handling.id),
            complaints::next_step.eq(NextStep::Accept.code()),
            complaints::next_due_on.eq(due),
            complaints::version.eq(input.version + 1),
            complaints::updated_at.eq(ctx.stored_now),
        ))
        .execute(conn)?;
        if updated == 0 {
            return Err(AppError::stale_version(before.version + 1));
        }
        let after = read::load(conn, id)?.ok_or(AppError::NotFound)?;
        steps::record(
            conn,
            ctx.stored_now,
            NewStep {
                complaint_id: id,
                action: "assign",
                from_status: Some(CaseStatus::Received.code()),
                to_status: CaseStatus::Assigned.code(),
                actor,
                automatic: false,
                note: input.note.as_deref(),
                attachments: serde_json::json!([]),
                data: serde_json::json!({ "handling_org": handling.to_ref(), "automatic": false }),
            },
        )?;
        let data = serde_json::json!({
            "handling_org": handling.to_ref(),
            "automatic": false,
            "next_deadline": { "step": after.row.next_step, "due_on": after.row.next_due_on },
        });
        lvyue_outbox::events::append(conn, ctx.stored_now, events::about(&after.row, events::ASSIGNED, data))?;
        audit::append(
            conn,
            ctx.stored_now,
            AuditEntry {
                actor,
                action: "complaint.assign",
                entity_type: "complaint",
                entity_id: id,
                before: Some(before.audit_snapshot()),
                after: Some(after.row.audit_snapshot()),
            },
        )?;
        // The answer shows the case to the credit office, contact data in clear.
        if read::shows_personal_data(actor, &after.row) {
            read::audit_personal_data_read(conn, actor, &after.row, ctx.stored_now)?;
        }
        Ok(after)
    })?;
    read::view(conn, row, actor.role, visibility, ctx.now)
}
