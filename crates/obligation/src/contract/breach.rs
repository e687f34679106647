//! A determination on a case about a registered contract marks the contract `breached` (违约,
//! 003 二(三)): the consumer `obligation.breaches` reads `complaint.determined` from the feed,
//! asks the case which contract it is about, and changes the contract once, announcing
//! `contract.breached` — in the same transaction as its position.

use super::store::ContractRow;
use super::ContractStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppResult};
use lvyue_db::schema::contracts;
use lvyue_db::DbConn;
use lvyue_outbox::audit::{self, AuditEntry};
use lvyue_outbox::consumer::{self, HandleError};
use lvyue_outbox::events::EventRow;
use serde::Deserialize;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "obligation.breaches";

/// The members of `complaint.determined` it needs.
#[derive(Debug, Deserialize)]
struct Determined {
    case_number: String,
}

/// Handles one feed event.
pub fn handle(conn: &mut DbConn, event: &EventRow, now: NaiveDateTime) -> Result<(), HandleError> {
    if event.event_type != lvyue_case::events::DETERMINED {
        return Ok(());
    }
    let Some(case_id) = event.complaint_id.as_deref() else {
        return Ok(());
    };
    let Some(contract_id) = lvyue_case::contract_link::of(conn, case_id)? else {
        return Ok(());
    };
    let case_number = consumer::read::<Determined>(event)?.case_number;
    breach(conn, &contract_id, &case_number, now)?;
    Ok(())
}

/// Marks contract `id` breached by the determination of case `case_number` (once).
fn breach(conn: &mut DbConn, id: &str, case_number: &str, now: NaiveDateTime) -> AppResult<()> {
    let row: Option<ContractRow> = contracts::table.find(id).select(ContractRow::as_select()).first(conn).optional()?;
    let Some(row) = row else { return Ok(()) };
    if row.status()? == ContractStatus::Breached {
        return Ok(());
    }
    diesel::update(contracts::table.find(id))
        .set((
            contracts::status.eq(ContractStatus::Breached.code()),
            contracts::status_reason.eq(format!("投诉案件{case_number}认定违约失信")),
            contracts::version.eq(contracts::version + 1),
            contracts::updated_at.eq(now),
        ))
        .execute(conn)?;
    let system = Actor::system(CONSUMER);
    let view = super::read::get(conn, &system, id)?;
    lvyue_outbox::events::append(conn, now, crate::events::contract(crate::events::CONTRACT_BREACHED, &view))?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: &system,
            action: crate::events::CONTRACT_BREACHED,
            entity_type: "contract",
            entity_id: id,
            before: Some(serde_json::json!({"status": row.status})),
            after: serde_json::json!({"status": "breached", "case_number": case_number}).into(),
        },
    )?;
    Ok(())
}

/// Consumes one batch of the feed; answers how many events were read.
pub fn consume_batch(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> AppResult<usize> {
    consumer::consume_batch(conn, CONSUMER, now, limit, |conn, event| handle(conn, event, now))
}
