//! What a new case is when it is first written: its row (status, first deadline, duplicate
//! key) and, when its clock needs it, its progress from the start.

use crate::fingerprint::duplicate_key;
use crate::routing::Routing;
use crate::submission::ValidSubmission;
use lvyue_case::complaint::ComplaintInsert;
use lvyue_case::deadline::{self, NextStep};
use lvyue_case::CaseContext;
use lvyue_core::{CaseStatus, ComplaintId};

/// What a new case's progress holds from the start, when its clock needs it: whether its
/// complainant is an SME as the channel said, and — for a case that follows Order 802 and was
/// routed at once — when it was forwarded and how far extensions may reach (issue 16.6).
/// None for every other case (no progress row until verification starts).
pub(crate) fn order_802_progress(
    ctx: &CaseContext<'_>,
    channel: &str,
    valid: &ValidSubmission,
    routing: &Routing,
) -> Option<lvyue_case::write::ProgressChange> {
    let said = valid.input.complainant.sme;
    let sme = deadline::follows_order_802(channel, said);
    let forwarded = sme && routing.handling.is_some();
    if said.is_none() && !forwarded {
        return None;
    }
    let today = lvyue_core::time::shanghai_date(ctx.now);
    let ceiling = ctx.calendar.add_calendar_days(today, ctx.settings.time_limits.extension_limit_days_sme);
    Some(lvyue_case::write::ProgressChange {
        complainant_sme: said,
        forwarded_at: forwarded.then_some(ctx.stored_now),
        extension_limit_on: forwarded.then_some(Some(ceiling)),
        ..Default::default()
    })
}

/// The row to insert; its case number is drawn inside the write transaction (the writer's
/// batch draws all of its numbers at once).
pub(crate) fn build_insert(
    ctx: &CaseContext<'_>,
    channel: &str,
    valid: &ValidSubmission,
    routing: &Routing,
    payload_sha256: String,
) -> ComplaintInsert {
    let input = &valid.input;
    let (status, step) = match &routing.handling {
        Some(_) => (CaseStatus::Assigned, NextStep::Accept),
        None => (CaseStatus::Received, NextStep::Assign),
    };
    // The forwarding clock runs from receipt; the acceptance clock from forwarding (now).
    let clock_start = match step {
        NextStep::Assign => valid.received_at,
        _ => ctx.now,
    };
    let sme = deadline::follows_order_802(channel, input.complainant.sme);
    let due = deadline::due_on(ctx.calendar, &ctx.settings.time_limits, step, sme, clock_start);
    let respondent_key = routing
        .respondent
        .as_ref()
        .map(|r| r.id.clone())
        .or_else(|| valid.respondent_uscc.as_ref().map(|u| u.as_str().to_owned()))
        .unwrap_or_else(|| format!("{}|{}", routing.region, input.respondent.name));
    let complainant_key = valid
        .complainant_uscc
        .as_ref()
        .map(|u| u.as_str().to_owned())
        .unwrap_or_else(|| input.complainant.name.clone());
    let contract_key = input
        .contract
        .as_ref()
        .map(|c| format!("{}|{}", c.title, c.signed_on.map(|d| d.to_string()).unwrap_or_default()))
        .unwrap_or_else(|| input.field.code().to_owned());
    ComplaintInsert {
        id: ComplaintId::generate().into_string(),
        case_number: String::new(),
        channel: channel.to_owned(),
        external_id: input.external_id.clone(),
        payload_sha256,
        status: status.code().to_owned(),
        field: input.field.code().to_owned(),
        region_code: routing.region.as_str().to_owned(),
        received_at: lvyue_core::time::to_stored(valid.received_at),
        complainant_name: input.complainant.name.trim().to_owned(),
        complainant_uscc: valid.complainant_uscc.as_ref().map(|u| u.as_str().to_owned()),
        contact_name: input.complainant.contact_name.clone(),
        contact_phone: input.complainant.contact_phone.clone(),
        respondent_name: input.respondent.name.trim().to_owned(),
        respondent_uscc: valid.respondent_uscc.as_ref().map(|u| u.as_str().to_owned()),
        respondent_org_id: routing.respondent.as_ref().map(|r| r.id.clone()),
        handling_org_id: routing.handling.as_ref().map(|h| h.id.clone()),
        contract_title: input.contract.as_ref().map(|c| c.title.trim().to_owned()),
        contract_signed_on: input.contract.as_ref().and_then(|c| c.signed_on),
        contract_amount_fen: valid.contract_amount.map(|a| a.fen()),
        arrears_fen: valid.arrears.map(|a| a.fen()),
        summary: input.summary.trim().to_owned(),
        description: input.description.clone(),
        attachments: serde_json::to_string(&input.attachments).unwrap_or_else(|_| "[]".to_owned()),
        // Within one region: a credit office is shown the duplicates it can act on.
        duplicate_key: duplicate_key(&complainant_key, &format!("{}|{respondent_key}", routing.region), &contract_key),
        possible_duplicate: false,
        next_step: Some(step.code().to_owned()),
        next_due_on: Some(due),
        version: 1,
        created_at: ctx.stored_now,
        updated_at: ctx.stored_now,
    }
}
