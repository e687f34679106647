//! What a case grew from besides a channel's lead: the registered contract it is about (政府合同
//! 登记 — the one a lead named in `contract.registry_id`, or the one that escalated into the
//! case; the obligations read it to mark the contract breached when the case is determined), and
//! the ledger item that escalated into it (台账). One of each per case.

use diesel::prelude::*;
use lvyue_core::AppResult;
use lvyue_db::schema::{complaint_contracts, complaint_ledger_items};
use lvyue_db::DbConn;

/// Links new cases to their contracts `(complaint_id, contract_id)`, in one statement (a batch
/// of intakes: the cases are new, so none is linked yet).
pub fn link_new(conn: &mut DbConn, links: &[(&str, &str)]) -> AppResult<()> {
    if links.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = links
        .iter()
        .map(|(case, contract)| {
            (complaint_contracts::complaint_id.eq(*case), complaint_contracts::contract_id.eq(*contract))
        })
        .collect();
    lvyue_db::execute_per_backend!(conn, diesel::insert_into(complaint_contracts::table).values(&rows))?;
    Ok(())
}

/// The registered contract case `complaint_id` is about, if any.
pub fn of(conn: &mut DbConn, complaint_id: &str) -> AppResult<Option<String>> {
    Ok(complaint_contracts::table.find(complaint_id).select(complaint_contracts::contract_id).first(conn).optional()?)
}

/// Links case `complaint_id` to the ledger item `item_id` it grew from (once).
pub fn link_ledger_item(conn: &mut DbConn, complaint_id: &str, item_id: &str) -> AppResult<()> {
    let known: i64 = complaint_ledger_items::table.find(complaint_id).count().get_result(conn)?;
    if known == 0 {
        diesel::insert_into(complaint_ledger_items::table)
            .values((
                complaint_ledger_items::complaint_id.eq(complaint_id),
                complaint_ledger_items::ledger_item_id.eq(item_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}
