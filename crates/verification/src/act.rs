//! Taking a step: one transaction that loads the case, checks scope, role, status and
//! version, asks the action's planner what changes, applies it, and records the step, its
//! event and the audit entry. Nothing is announced that did not happen.

use crate::actions::{self, Plan, PlanContext};
use crate::determination;
use crate::input::Common;
use lvyue_case::complaint::Complaint;
use lvyue_case::events;
use lvyue_case::read::{self, visible, LoadedCase};
use lvyue_case::steps::{self, NewStep};
use lvyue_case::write::{self, CaseChange};
use lvyue_case::CaseContext;
use lvyue_core::workflow::{self, Transition};
use lvyue_core::{Actor, AppError, AppResult, CaseAction, CaseStatus, Message};
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use lvyue_outbox::Visibility;

/// Takes `action` on case `id` for `actor`, with the raw JSON `body`.
pub fn act(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    visibility: &Visibility,
    id: &str,
    action: CaseAction,
    body: &serde_json::Value,
) -> AppResult<Complaint> {
    let common: Common = crate::input::parse_common(action, body)?;
    let after = write_tx(conn, |conn| {
        let case = read::load(conn, id)?.filter(|c| visible(&c.row, visibility)).ok_or(AppError::NotFound)?;
        let status = CaseStatus::from_stored(&case.row.status)?;
        let facts = lvyue_case::progress::facts(
            &case.row.status,
            case.row.resolution.as_deref(),
            case.progress.as_ref(),
            ctx.now,
        );
        workflow::check(status, facts, actor.role, action)?;
        lvyue_db::versioned::check(common.version, case.row.version)?;
        let plan_ctx = PlanContext { ctx, actor, visibility, case: &case };
        let plan = actions::plan(conn, &plan_ctx, action, body)?;
        let transition = action.transition(status, plan.branch).ok_or_else(|| AppError::Conflict {
            code: "invalid_transition",
            message: Message::new("该操作结果不是本状态允许的流转", "this outcome is not a step of the workflow"),
            allowed_actions: workflow::allowed_codes(status, facts, actor.role),
        })?;
        apply(conn, ctx, actor, &case, action, transition, plan, &common)
    })?;
    // The actor sees the outcome of its own step, even when it moved the case out of its
    // slice (a returned case leaves the department).
    if read::shows_personal_data(actor, &after.row) {
        write_tx(conn, |conn| read::audit_personal_data_read(conn, actor, &after.row, ctx.stored_now))?;
    }
    read::view(conn, after, actor.role, visibility, ctx.now)
}

#[allow(clippy::too_many_arguments)]
fn apply(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    case: &LoadedCase,
    action: CaseAction,
    transition: Transition,
    plan: Plan,
    common: &Common,
) -> AppResult<LoadedCase> {
    let before = &case.row;
    let id = before.id.as_str();
    let (to_status, resolution) = match transition {
        Transition::Stay => (None, None),
        Transition::To { status, resolution } => (Some(status), Some(resolution)),
    };
    let change =
        CaseChange { status: to_status, resolution, handling_org_id: plan.handling_org_id.clone(), next: plan.next };
    write::advance(conn, before, &change, ctx.stored_now)?;
    // The progress row: created on the first step after intake, then changed in place.
    let mut progress = plan.progress;
    let moved = to_status.is_some_and(|s| s.code() != before.status);
    if moved {
        // A pending extension belongs to the stage it was asked in.
        progress.extension_until = progress.extension_until.or(Some(None));
        progress.extension_reason = progress.extension_reason.or(Some(None));
        progress.extension_requested_at = progress.extension_requested_at.or(Some(None));
    }
    if to_status == Some(CaseStatus::Closed) && moved {
        let window = ctx.settings.time_limits.reopen_window_working_days;
        progress.closed_at = Some(Some(ctx.stored_now));
        progress.feedback_until =
            Some(Some(ctx.calendar.add_working_days(lvyue_core::time::shanghai_date(ctx.now), window)));
        progress.satisfaction = Some(None);
        progress.feedback_comment = Some(None);
        progress.feedback_at = Some(None);
    }
    write::progress(conn, id, case.progress.is_some(), &progress)?;
    if let Some(into) = &plan.merge_into {
        write::link(conn, id, into, "merged_into", ctx.stored_now)?;
    }
    let mut details = plan.details;
    let mut event_type = events::of_action(action);
    if let Some((basis, input)) = &plan.determination {
        let determining = case
            .handling
            .clone()
            .ok_or_else(|| AppError::internal("a determination without a handling organisation"))?;
        let row = determination::record(conn, before, &determining, basis, input, actor, ctx.stored_now)?;
        let view = row.view(false)?;
        if let serde_json::Value::Object(d) = &mut details {
            d.insert("determination".into(), serde_json::to_value(&view).unwrap_or_default());
        }
        event_type = events::DETERMINED;
    }
    if plan.reopened {
        event_type = events::REOPENED;
    }
    let after = read::load(conn, id)?.ok_or(AppError::NotFound)?;
    let attachments = serde_json::to_value(&common.attachments).unwrap_or_default();
    steps::record(
        conn,
        ctx.stored_now,
        NewStep {
            complaint_id: id,
            action: action.code(),
            from_status: Some(before.status.as_str()),
            to_status: after.row.status.as_str(),
            actor,
            automatic: false,
            note: common.note.as_deref(),
            attachments: attachments.clone(),
            data: details.clone(),
        },
    )?;
    // The event carries the step's details at the top level, beside what every step has.
    let mut data = details.clone();
    if let serde_json::Value::Object(d) = &mut data {
        d.insert("action".into(), action.code().into());
        d.insert("from_status".into(), before.status.clone().into());
        d.insert("resolution".into(), after.row.resolution.clone().into());
        let next = lvyue_case::deadline::shown(after.row.next_step.as_deref(), after.row.next_due_on, ctx.now);
        d.insert("next_deadline".into(), serde_json::to_value(next).unwrap_or_default());
        d.insert("note".into(), common.note.clone().into());
        d.insert("attachments".into(), attachments.clone());
    }
    lvyue_outbox::events::append(conn, ctx.stored_now, lvyue_case::events::about(&after.row, event_type, data))?;
    audit::append(
        conn,
        ctx.stored_now,
        AuditEntry {
            actor,
            action: &format!("complaint.{}", action.code()),
            entity_type: "complaint",
            entity_id: id,
            before: Some(before.audit_snapshot()),
            after: Some(after.row.audit_snapshot()),
        },
    )?;
    Ok(after)
}
