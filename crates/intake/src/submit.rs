//! The idempotent push: one case per `(channel, external_id)` — its reading half.
//!
//! The same lead again answers the existing case; the same id with other content is a
//! conflict. A new lead is checked and routed here and written by [`crate::batch`]; concurrent
//! pushes of one lead that both get that far are settled there.

use crate::fingerprint::fingerprint;
use crate::routing::{route, Routing};
use crate::submission::{ComplaintSubmission, ValidSubmission};
use diesel::prelude::*;
use lvyue_case::complaint::{Complaint, ComplaintRow};
use lvyue_case::read::{self, find_by_external};
use lvyue_core::{Actor, AppError, AppResult, Message, Role};
use lvyue_db::schema::{channels, complaints};
use lvyue_db::DbConn;
use lvyue_registry::organisation::of_actor;

use lvyue_case::CaseContext;

/// The outcome of a push.
pub struct Submitted {
    /// The case.
    pub complaint: Complaint,
    /// True when this push created it; false when it was already there.
    pub created: bool,
}

/// Who opens a case through the push: the channels, and a credit office itself.
pub const SUBMITTERS: &[Role] = &[Role::Channel, Role::CreditOffice];

/// The source of the cases a credit office opens itself (自行立案: its own inspection, an
/// escalated ledger item): a channel code of their own, so their external ids never meet a
/// channel's.
pub const CREDIT_OFFICE_SOURCE: &str = "credit_office";

/// The registered contract the lead names, if it names one; 422 when the registry has none
/// by that id.
fn registered_contract(conn: &mut DbConn, valid: &ValidSubmission) -> AppResult<Option<String>> {
    let Some(id) = valid.input.contract.as_ref().and_then(|c| c.registry_id.as_deref()) else {
        return Ok(None);
    };
    if !lvyue_obligation::contract::read::exists(conn, id)? {
        return Err(AppError::invalid(
            "contract.registry_id",
            "unknown_contract",
            "政府合同登记中没有该合同",
            "no contract of the registry has this id",
        ));
    }
    Ok(Some(id.to_owned()))
}

/// A lead checked and routed, ready to be written by the intake writer (a new case).
#[derive(Debug)]
pub struct NewLead {
    /// Who pushed it.
    pub actor: Actor,
    /// The channel it came through (`credit_office` for an office's own case).
    pub channel: String,
    /// The parsed lead.
    pub valid: ValidSubmission,
    /// Where it goes.
    pub routing: Routing,
    /// The registered contract it names, if any.
    pub registry_id: Option<String>,
    /// The payload's hash (idempotent replays compare it).
    pub payload_sha256: String,
}

/// What reading a lead found: the case it already made, or a new lead to write.
pub enum Prepared {
    /// The same lead again: its case.
    Answered(Box<Submitted>),
    /// A new lead, for the writer.
    New(Box<NewLead>),
}

/// Checks a pushed lead and routes it, by reading only: the caller's role, the fields, the
/// channel, an earlier push of the same lead (answered at once), the registry. The case
/// itself is written by [`crate::batch`] (through the group-commit writer).
pub fn prepare(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    submission: ComplaintSubmission,
    payload: &serde_json::Value,
) -> AppResult<Prepared> {
    actor.require(SUBMITTERS)?;
    let payload_sha256 = fingerprint(payload);
    let valid = submission.parse(ctx.now)?;
    let (channel, office_region) = match actor.role {
        Role::CreditOffice => (CREDIT_OFFICE_SOURCE.to_owned(), Some(of_actor(conn, actor)?.region()?)),
        _ => (
            actor
                .channel
                .as_ref()
                .ok_or_else(|| AppError::internal("channel token without channel"))?
                .as_str()
                .to_owned(),
            None,
        ),
    };
    match channel_and_lead(conn, &channel, &valid.input.external_id)? {
        (_, Some(existing)) => {
            return replay(conn, ctx, actor, existing, &payload_sha256).map(|s| Prepared::Answered(Box::new(s)))
        }
        (Some(true), None) => {}
        (_, None) => {
            return Err(AppError::Forbidden(Message::new(
                "该渠道未登记或已停用",
                "this channel is not registered or is inactive",
            )))
        }
    }
    let routing = route(conn, &valid)?;
    let registry_id = registered_contract(conn, &valid)?;
    // A credit office opens cases in its own region only (属地管理).
    if office_region.as_ref().is_some_and(|own| !own.contains(&routing.region)) {
        return Err(AppError::invalid(
            "respondent.region_code",
            "outside_region",
            "被投诉主体不在本信用办辖区内",
            "the respondent lies outside your region",
        ));
    }
    Ok(Prepared::New(Box::new(NewLead { actor: actor.clone(), channel, valid, routing, registry_id, payload_sha256 })))
}

/// Takes in a lead on the caller's connection, without the writer: an escalation opens its
/// case in the same transaction that marks the contract or ledger item escalated.
pub fn submit(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    submission: ComplaintSubmission,
    payload: &serde_json::Value,
) -> AppResult<Submitted> {
    match prepare(conn, ctx, actor, submission, payload)? {
        Prepared::Answered(existing) => Ok(*existing),
        Prepared::New(lead) => crate::batch::write_alone(conn, ctx, &lead),
    }
}

/// Answers a lead whose `(channel, external_id)` is already taken: its case when the payload
/// is the same, 409 `idempotency_conflict` when it is not.
pub fn answer_existing(conn: &mut DbConn, ctx: &CaseContext<'_>, lead: &NewLead) -> AppResult<Submitted> {
    let existing = find_by_external(conn, &lead.channel, &lead.valid.input.external_id)?
        .ok_or_else(|| AppError::internal("the lead's case vanished"))?;
    replay(conn, ctx, &lead.actor, existing, &lead.payload_sha256)
}

fn replay(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    existing: ComplaintRow,
    payload_sha256: &str,
) -> AppResult<Submitted> {
    if existing.payload_sha256 != payload_sha256 {
        return Err(AppError::conflict(
            "idempotency_conflict",
            Message::new(
                format!("外部编号 {} 已用于内容不同的线索（案件 {}）", existing.external_id, existing.case_number),
                format!(
                    "external_id {} was already used for a lead with other content (case {})",
                    existing.external_id, existing.case_number
                ),
            ),
        ));
    }
    let case = read::load(conn, &existing.id)?.ok_or(AppError::NotFound)?;
    let own = lvyue_registry::visibility::visibility_of(conn, actor)?;
    Ok(Submitted { complaint: read::view(conn, case, actor.role, &own, ctx.now)?, created: false })
}

/// In one query: whether the channel is registered and active, and the lead it already sent
/// under `external_id`, if any.
fn channel_and_lead(
    conn: &mut DbConn,
    channel: &str,
    external_id: &str,
) -> AppResult<(Option<bool>, Option<ComplaintRow>)> {
    let found: Option<(bool, Option<ComplaintRow>)> = channels::table
        .left_join(
            complaints::table.on(complaints::channel.eq(channels::code).and(complaints::external_id.eq(external_id))),
        )
        .filter(channels::code.eq(channel))
        .select((channels::active, complaints::all_columns.nullable()))
        .first(conn)
        .optional()?;
    Ok(match found {
        Some((active, lead)) => (Some(active), lead),
        None => (None, None),
    })
}

/// The counter scope of a prefix and year (`BB-2026`).
pub fn case_scope(prefix: &str, year: i32) -> String {
    format!("{prefix}-{year}")
}
