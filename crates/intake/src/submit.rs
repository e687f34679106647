//! The idempotent push: one case per `(channel, external_id)`.
//!
//! The same lead again answers the existing case; the same id with other
//! content is a conflict. Concurrent pushes of one lead race on the unique
//! constraint: one inserts, the others roll back and answer the winner's case.

use crate::fingerprint::{duplicate_key, fingerprint};
use crate::routing::{route, Routing};
use crate::submission::{ComplaintSubmission, ValidSubmission};
use chrono::Datelike;
use diesel::prelude::*;
use lvyue_case::complaint::{Complaint, ComplaintInsert, ComplaintRow};
use lvyue_case::deadline::{self, NextStep};
use lvyue_case::events;
use lvyue_case::read::{self, find_by_external};
use lvyue_case::steps::{self, NewStep};
use lvyue_core::{Actor, AppError, AppResult, CaseNumber, CaseStatus, ComplaintId, Message, Role};
use lvyue_db::schema::{channels, complaints};
use lvyue_db::{counters, write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
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

/// The most cases a new one is linked to as possible duplicates.
const MAX_DUPLICATE_LINKS: i64 = 20;
/// The link kind for possible duplicates.
pub const POSSIBLE_DUPLICATE: &str = "possible_duplicate";

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

/// Takes in a lead pushed by a channel.
pub fn submit(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    submission: ComplaintSubmission,
    payload: &serde_json::Value,
) -> AppResult<Submitted> {
    actor.require(SUBMITTERS)?;
    let payload_sha256 = fingerprint(payload);
    let valid = submission.parse(ctx.now)?;
    let (channel_code, office_region) = match actor.role {
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
    let channel_code = channel_code.as_str();

    match channel_and_lead(conn, channel_code, &valid.input.external_id)? {
        (_, Some(existing)) => return replay(conn, ctx, actor, existing, &payload_sha256),
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
    let year = ctx.now.with_timezone(&lvyue_core::time::shanghai()).year();
    let prefix = &ctx.settings.case_prefix;
    let mut insert = build_insert(ctx, channel_code, &valid, &routing, payload_sha256.clone());
    let inserted = write_tx(conn, |conn| {
        let sequence = counters::next_value(conn, &case_scope(prefix, year))?;
        insert.case_number = CaseNumber::format(prefix, year, sequence).as_str().to_owned();
        let row = lvyue_case::write::create(conn, &insert)?;
        if let Some(contract) = &registry_id {
            lvyue_case::contract_link::link(conn, &row.id, contract)?;
        }
        if let Some(progress) = order_802_progress(ctx, channel_code, &valid, &routing) {
            lvyue_case::write::progress(conn, &row.id, false, &progress)?;
        }
        record_receipt(conn, ctx, actor, &row, &routing)?;
        let flagged = flag_possible_duplicates(conn, ctx, actor, &row)?;
        Ok(ComplaintRow { possible_duplicate: flagged, ..row })
    });
    match inserted {
        Ok(row) => Ok(Submitted {
            complaint: read::view_with(
                read::LoadedCase {
                    contract_registry_id: registry_id.clone(),
                    ledger_item_id: None,
                    row,
                    respondent: routing.respondent.as_ref().map(|r| r.to_ref()),
                    handling: routing.handling.clone(),
                    progress: order_802_progress(ctx, channel_code, &valid, &routing).map(|c| {
                        lvyue_case::progress::ProgressRow {
                            complaint_id: String::new(),
                            complainant_sme: c.complainant_sme,
                            forwarded_at: c.forwarded_at,
                            extension_limit_on: c.extension_limit_on.flatten(),
                            ..Default::default()
                        }
                    }),
                },
                actor.role,
                ctx.now,
                None,
            ),
            created: true,
        }),
        Err(e) if e.is_unique_violation() => {
            // Lost the race with a concurrent push of the same lead.
            let existing = find_by_external(conn, channel_code, &insert.external_id)?.ok_or(e)?;
            replay(conn, ctx, actor, existing, &payload_sha256)
        }
        Err(e) => Err(e),
    }
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

/// What a new case's progress holds from the start, when its clock needs it: whether its
/// complainant is an SME as the channel said, and — for a case that follows Order 802 and was
/// routed at once — when it was forwarded and how far extensions may reach (issue 16.6).
/// None for every other case (no progress row until verification starts).
fn order_802_progress(
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

/// The row to insert; its case number is drawn inside the write transaction.
fn build_insert(
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

/// The timeline steps, events and audit entry of a new case.
fn record_receipt(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    row: &ComplaintRow,
    routing: &Routing,
) -> AppResult<()> {
    let attachments: serde_json::Value = serde_json::from_str(&row.attachments).unwrap_or_default();
    let mut steps = vec![NewStep {
        complaint_id: &row.id,
        action: "receive",
        from_status: None,
        to_status: CaseStatus::Received.code(),
        actor,
        automatic: false,
        note: None,
        attachments,
        data: serde_json::json!({ "received_at": lvyue_core::time::stored_to_shanghai(row.received_at) }),
    }];
    let received_data = serde_json::json!({
        "status": CaseStatus::Received.code(),
        "received_at": lvyue_core::time::stored_to_shanghai(row.received_at),
        "next_deadline": { "step": row.next_step, "due_on": row.next_due_on },
    });
    let mut announced = vec![events::about(row, events::RECEIVED, received_data)];
    if let Some(handling) = &routing.handling {
        steps.push(NewStep {
            complaint_id: &row.id,
            action: "assign",
            from_status: Some(CaseStatus::Received.code()),
            to_status: CaseStatus::Assigned.code(),
            actor,
            automatic: true,
            note: Some("按属地管理、谁主管谁负责原则自动转交主管部门"),
            attachments: serde_json::json!([]),
            data: serde_json::json!({ "handling_org": handling, "automatic": true }),
        });
        let data = serde_json::json!({
            "handling_org": handling,
            "automatic": true,
            "next_deadline": { "step": row.next_step, "due_on": row.next_due_on },
        });
        announced.push(events::about(row, events::ASSIGNED, data));
    }
    steps::record_many(conn, ctx.stored_now, steps)?;
    lvyue_outbox::events::append_many(conn, ctx.stored_now, announced)?;
    audit::append(
        conn,
        ctx.stored_now,
        AuditEntry {
            actor,
            action: "complaint.create",
            entity_type: "complaint",
            entity_id: &row.id,
            before: None,
            after: Some(row.audit_snapshot()),
        },
    )
}

/// Links the new case with earlier ones of the same complainant, respondent and
/// contract that came through other channels, and flags both for the credit office.
fn flag_possible_duplicates(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    row: &ComplaintRow,
) -> AppResult<bool> {
    if let DbConn::Pg(pg) = conn {
        // Two leads with the same key committing at once would not see each other under
        // READ COMMITTED; the second waits here for the first and then finds it.
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind::<diesel::sql_types::Text, _>(&row.duplicate_key)
            .execute(pg)?;
    }
    let others: Vec<ComplaintRow> = complaints::table
        .filter(complaints::duplicate_key.eq(&row.duplicate_key))
        .filter(complaints::channel.ne(&row.channel))
        .filter(complaints::id.ne(&row.id))
        .select(ComplaintRow::as_select())
        .order_by(complaints::id.asc())
        .limit(MAX_DUPLICATE_LINKS)
        .load(conn)?;
    if others.is_empty() {
        return Ok(false);
    }
    for other in &others {
        for (a, b) in [(&row.id, &other.id), (&other.id, &row.id)] {
            lvyue_case::write::link(conn, a, b, POSSIBLE_DUPLICATE, ctx.stored_now)?;
        }
    }
    let mut ids: Vec<&str> = others.iter().map(|o| o.id.as_str()).collect();
    ids.push(&row.id);
    // The audit trail records the annotation.
    lvyue_case::write::flag_possible_duplicates(conn, &ids)?;
    for flagged in others.iter().chain(std::iter::once(row)) {
        audit::append(
            conn,
            ctx.stored_now,
            AuditEntry {
                actor,
                action: "complaint.flag_possible_duplicate",
                entity_type: "complaint",
                entity_id: &flagged.id,
                before: Some(serde_json::json!({ "possible_duplicate": flagged.possible_duplicate })),
                after: Some(serde_json::json!({ "possible_duplicate": true, "related_to": row.id })),
            },
        )?;
    }
    let related: Vec<serde_json::Value> = others
        .iter()
        .map(|o| serde_json::json!({ "id": o.id, "case_number": o.case_number, "channel": o.channel }))
        .collect();
    // Announced to the credit office's region only: channels do not learn of each other's cases.
    let mut event = events::about(row, events::POSSIBLE_DUPLICATE, serde_json::json!({ "related": related }));
    event.channel = None;
    event.handling_org_id = None;
    lvyue_outbox::events::append(conn, ctx.stored_now, event)?;
    Ok(true)
}
