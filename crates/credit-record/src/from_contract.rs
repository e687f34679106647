//! A contract closed out (履约销号) becomes `fulfilment` information (履约践诺信息, 守信) under
//! the government party's name (seed 003 二(二)2: 及时归集上报合同履约信息).
//!
//! The consumer `credit_record.from_contract` reads `contract.closed_out` from the feed — the
//! obligations' event, read for the members it needs — and writes the record exactly once per
//! contract (its provider reference is `contract:{id}`, under the party as provider), with the
//! position in the same transaction. A confidential contract (涉密) is never reported, so it
//! makes no record.

use crate::record::CreditRecordRow;
use crate::write::{self, Change};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::credit::NO_WINDOW;
use lvyue_core::ids::CreditRecordId;
use lvyue_core::{Actor, AppResult, RecordKind, RecordStatus, RecordVisibility};
use lvyue_db::schema::{credit_records, organisations};
use lvyue_db::DbConn;
use lvyue_outbox::consumer::{self, HandleError};
use lvyue_outbox::events::EventRow;
use serde::Deserialize;

/// The consumer's name in `job_state`.
pub const CONSUMER: &str = "credit_record.from_contract";

/// The event it reads.
pub const CLOSED_OUT: &str = "contract.closed_out";

/// The members of `contract.closed_out` the record needs.
#[derive(Debug, Deserialize)]
struct ClosedOut {
    contract: ClosedContract,
}

#[derive(Debug, Deserialize)]
struct ClosedContract {
    id: String,
    org_id: String,
    title: String,
    number: Option<String>,
    counterparty_name: String,
    amount_fen: Option<i64>,
    confidential: bool,
    closed_out_at: Option<DateTime<FixedOffset>>,
}

/// Handles one feed event.
pub fn handle(conn: &mut DbConn, event: &EventRow, now: NaiveDateTime) -> Result<(), HandleError> {
    if event.event_type != CLOSED_OUT {
        return Ok(());
    }
    let c = consumer::read::<ClosedOut>(event)?.contract;
    if c.confidential {
        return Ok(());
    }
    let reference = format!("contract:{}", c.id);
    let exists: i64 = credit_records::table
        .filter(credit_records::provider_org_id.eq(&c.org_id))
        .filter(credit_records::provider_ref.eq(&reference))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(());
    }
    let party: Option<(String, String, String)> = organisations::table
        .find(&c.org_id)
        .select((organisations::uscc, organisations::name, organisations::region_code))
        .first(conn)
        .optional()?;
    let Some((uscc, name, region)) = party else {
        return Err(HandleError::Unreadable(format!(
            "the party {} of contract {} is not in the registry",
            c.org_id, c.id
        )));
    };
    let decided_on =
        c.closed_out_at.map_or_else(|| lvyue_core::time::stored_to_shanghai(now).date_naive(), |t| t.date_naive());
    let number = c.number.map(|n| format!("（{n}）")).unwrap_or_default();
    let row = CreditRecordRow {
        id: CreditRecordId::generate().into_string(),
        kind: RecordKind::Fulfilment.code().to_owned(),
        subject_org_id: Some(c.org_id.clone()),
        subject_uscc: Some(uscc),
        subject_name: name.clone(),
        region_code: region,
        complaint_id: None,
        determination_id: None,
        provider_org_id: Some(c.org_id.clone()),
        provider_ref: Some(reference),
        determining_org_id: Some(c.org_id),
        determining_body: name,
        category: None,
        facts: format!("与{}签订的《{}》{}已履约完毕并销号。", c.counterparty_name, c.title, number),
        amount_fen: c.amount_fen,
        grade: String::new(),
        decided_on,
        repairable_from: NO_WINDOW.repairable_from,
        expires_on: NO_WINDOW.expires_on,
        status: RecordStatus::Active.code().to_owned(),
        visibility: RecordVisibility::Shared.code().to_owned(),
        version: 1,
        content_hash: None,
        early_remedy: None,
        created_at: now,
        updated_at: now,
    };
    let actor = Actor::system(CONSUMER);
    let change = Change { code: "created", event_type: crate::events::CREATED, reason: None, by: &actor };
    write::create(conn, row, &change, now)?;
    Ok(())
}

/// Consumes one batch of the feed; answers how many events were read.
pub fn consume_batch(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> AppResult<usize> {
    consumer::consume_batch(conn, CONSUMER, now, limit, |conn, event| handle(conn, event, now))
}
