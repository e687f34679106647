//! Writing new leads as cases, many in one transaction (group commit).
//!
//! A batch draws its case numbers in one statement and writes its cases, deadlines, contract
//! links, timeline steps, events and audit entries in one multi-row statement each, so a
//! batch of fifty costs about as many round trips and one WAL flush as a single lead. Two
//! pushes of one lead within a batch make one case: the later is answered as a replay once
//! the batch has committed. When a batch fails as a whole (a lead pushed to another replica
//! at the same moment, a deadlock between replicas) the writer writes its leads one by one
//! with [`write_alone`], so one bad lead never fails its neighbours.

use crate::duplicates;
use crate::new_case::{build_insert, order_802_progress};
use crate::submit::{answer_existing, case_scope, NewLead, Submitted};
use chrono::Datelike;
use lvyue_case::complaint::ComplaintRow;
use lvyue_case::progress::ProgressRow;
use lvyue_case::read::{self, LoadedCase};
use lvyue_case::steps::{self, NewStep};
use lvyue_case::{events, CaseContext};
use lvyue_core::{AppError, AppResult, CaseNumber, CaseStatus};
use lvyue_db::{counters, write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use std::collections::HashMap;

/// Writes `leads` as new cases in one transaction and answers each, in order. An `Err` is the
/// whole batch's (nothing of it was committed); an `Ok` holds each lead's own outcome.
pub fn write(conn: &mut DbConn, ctx: &CaseContext<'_>, leads: &[NewLead]) -> AppResult<Vec<AppResult<Submitted>>> {
    // The first push of each (channel, external_id) makes the case; the others repeat it.
    let mut first: HashMap<(&str, &str), usize> = HashMap::new();
    let fresh: Vec<usize> = (0..leads.len())
        .filter(|&i| {
            let lead = &leads[i];
            first.insert((lead.channel.as_str(), lead.valid.input.external_id.as_str()), i).is_none()
        })
        .collect();
    let fresh_leads: Vec<&NewLead> = fresh.iter().map(|&i| &leads[i]).collect();
    let created = write_tx(conn, |conn| write_new(conn, ctx, &fresh_leads))?;
    let mut answers: Vec<Option<AppResult<Submitted>>> = (0..leads.len()).map(|_| None).collect();
    for (i, submitted) in fresh.into_iter().zip(created) {
        answers[i] = Some(Ok(submitted));
    }
    Ok(answers
        .into_iter()
        .zip(leads)
        .map(|(answer, lead)| answer.unwrap_or_else(|| answer_existing(conn, ctx, lead)))
        .collect())
}

/// Writes one lead in its own transaction. A concurrent push of the same lead that committed
/// first is answered as a replay.
pub fn write_alone(conn: &mut DbConn, ctx: &CaseContext<'_>, lead: &NewLead) -> AppResult<Submitted> {
    match write(conn, ctx, std::slice::from_ref(lead)) {
        Ok(mut answers) => answers.pop().unwrap_or_else(|| Err(AppError::internal("a batch of one gave no answer"))),
        Err(e) if e.is_unique_violation() => answer_existing(conn, ctx, lead),
        Err(e) => Err(e),
    }
}

/// The cases of `leads` (each a different lead), inside the caller's transaction.
fn write_new(conn: &mut DbConn, ctx: &CaseContext<'_>, leads: &[&NewLead]) -> AppResult<Vec<Submitted>> {
    let year = ctx.now.with_timezone(&lvyue_core::time::shanghai()).year();
    let prefix = &ctx.settings.case_prefix;
    let numbers = counters::next_values(conn, &case_scope(prefix, year), leads.len())?;
    let inserts = leads
        .iter()
        .zip(numbers)
        .map(|(lead, number)| {
            let mut insert = build_insert(ctx, &lead.channel, &lead.valid, &lead.routing, lead.payload_sha256.clone());
            insert.case_number = CaseNumber::format(prefix, year, number).as_str().to_owned();
            insert
        })
        .collect();
    let mut rows = lvyue_case::write::create_many(conn, inserts)?;
    let links: Vec<(&str, &str)> =
        leads.iter().zip(&rows).filter_map(|(l, r)| Some((r.id.as_str(), l.registry_id.as_deref()?))).collect();
    lvyue_case::contract_link::link_new(conn, &links)?;
    let progress: Vec<_> = leads.iter().map(|l| order_802_progress(ctx, &l.channel, &l.valid, &l.routing)).collect();
    let started: Vec<(&str, &lvyue_case::write::ProgressChange)> =
        rows.iter().zip(&progress).filter_map(|(row, change)| Some((row.id.as_str(), change.as_ref()?))).collect();
    lvyue_case::write::start_progress_many(conn, &started)?;
    record_receipts(conn, ctx, leads, &rows)?;
    let pairs: Vec<_> = leads.iter().map(|l| &l.actor).zip(rows.iter()).collect();
    let flagged = duplicates::flag_batch(conn, ctx, &pairs)?;
    for (row, flagged) in rows.iter_mut().zip(flagged) {
        row.possible_duplicate = flagged;
    }
    Ok(leads
        .iter()
        .zip(rows)
        .zip(progress)
        .map(|((lead, row), progress)| Submitted { complaint: view(ctx, lead, row, progress), created: true })
        .collect())
}

/// The new case as its submitter sees it, from what was written (no read back).
fn view(
    ctx: &CaseContext<'_>,
    lead: &NewLead,
    row: ComplaintRow,
    progress: Option<lvyue_case::write::ProgressChange>,
) -> lvyue_case::complaint::Complaint {
    read::view_with(
        LoadedCase {
            contract_registry_id: lead.registry_id.clone(),
            ledger_item_id: None,
            row,
            respondent: lead.routing.respondent.as_ref().map(|r| r.to_ref()),
            handling: lead.routing.handling.clone(),
            progress: progress.map(|c| ProgressRow {
                complaint_id: String::new(),
                complainant_sme: c.complainant_sme,
                forwarded_at: c.forwarded_at,
                extension_limit_on: c.extension_limit_on.flatten(),
                ..Default::default()
            }),
        },
        lead.actor.role,
        ctx.now,
        None,
    )
}

/// The timeline steps, events and audit entries of the new cases: one statement each.
fn record_receipts(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    leads: &[&NewLead],
    rows: &[ComplaintRow],
) -> AppResult<()> {
    let mut steps = Vec::with_capacity(rows.len() * 2);
    let mut announced = Vec::with_capacity(rows.len() * 2);
    let mut entries = Vec::with_capacity(rows.len());
    for (lead, row) in leads.iter().zip(rows) {
        let actor = &lead.actor;
        let received_at = lvyue_core::time::stored_to_shanghai(row.received_at);
        let next_deadline = serde_json::json!({ "step": row.next_step, "due_on": row.next_due_on });
        steps.push(NewStep {
            complaint_id: &row.id,
            action: "receive",
            from_status: None,
            to_status: CaseStatus::Received.code(),
            actor,
            automatic: false,
            note: None,
            attachments: serde_json::from_str(&row.attachments).unwrap_or_default(),
            data: serde_json::json!({ "received_at": received_at }),
        });
        let received = serde_json::json!({
            "status": CaseStatus::Received.code(),
            "received_at": received_at,
            "next_deadline": next_deadline,
        });
        announced.push(events::about(row, events::RECEIVED, received));
        if let Some(handling) = &lead.routing.handling {
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
            let data =
                serde_json::json!({ "handling_org": handling, "automatic": true, "next_deadline": next_deadline });
            announced.push(events::about(row, events::ASSIGNED, data));
        }
        entries.push(AuditEntry {
            actor,
            action: "complaint.create",
            entity_type: "complaint",
            entity_id: &row.id,
            before: None,
            after: Some(row.audit_snapshot()),
        });
    }
    steps::record_many(conn, ctx.stored_now, steps)?;
    lvyue_outbox::events::append_many(conn, ctx.stored_now, announced)?;
    audit::append_many(conn, ctx.stored_now, entries)
}
