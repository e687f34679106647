//! Publicity windows run by themselves: a record in force whose maximum publicity period has
//! ended becomes `expired` — no longer published or shared — with a version and an event.
//!
//! One batch is one transaction; on PostgreSQL the batch's rows are taken with `FOR UPDATE
//! SKIP LOCKED`, so replicas share the work and never expire a record twice.

use crate::events;
use crate::record::CreditRecordRow;
use crate::write::{self, Change};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppResult, RecordStatus};
use lvyue_db::schema::credit_records;
use lvyue_db::{write_tx, DbConn};

/// Expires up to `limit` records whose window ended by `today`; answers how many.
pub fn expire_batch(conn: &mut DbConn, today: NaiveDate, now: NaiveDateTime, limit: i64) -> AppResult<usize> {
    let actor = Actor::system("credit_record.expiry");
    write_tx(conn, |conn| {
        let in_force = [RecordStatus::Active.code(), RecordStatus::UnderObjection.code()];
        let query = credit_records::table
            .filter(credit_records::status.eq_any(in_force))
            .filter(credit_records::expires_on.le(today))
            .order_by((credit_records::expires_on.asc(), credit_records::id.asc()))
            .limit(limit);
        let due: Vec<CreditRecordRow> =
            lvyue_db::locked!(conn, skip_locked, query.select(CreditRecordRow::as_select()), |q, c| q.load(c))?;
        for row in &due {
            let change = Change {
                code: "expired",
                event_type: events::EXPIRED,
                reason: Some("最长公示期届满 / the maximum publicity period has ended"),
                by: &actor,
            };
            write::transition(conn, row, RecordStatus::Expired, &change, now)?;
        }
        Ok(due.len())
    })
}
