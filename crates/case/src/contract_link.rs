//! The registered contract a case is about (政府合同登记): the one a lead named
//! (`contract.registry_id`), or the one that escalated into the case. One per case; the
//! obligations read it to mark the contract breached when the case is determined.

use diesel::prelude::*;
use lvyue_core::AppResult;
use lvyue_db::schema::complaint_contracts;
use lvyue_db::DbConn;

/// Links case `complaint_id` to contract `contract_id` (once; a second link is ignored).
pub fn link(conn: &mut DbConn, complaint_id: &str, contract_id: &str) -> AppResult<()> {
    let known: i64 = complaint_contracts::table.find(complaint_id).count().get_result(conn)?;
    if known == 0 {
        diesel::insert_into(complaint_contracts::table)
            .values((
                complaint_contracts::complaint_id.eq(complaint_id),
                complaint_contracts::contract_id.eq(contract_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The registered contract case `complaint_id` is about, if any.
pub fn of(conn: &mut DbConn, complaint_id: &str) -> AppResult<Option<String>> {
    Ok(complaint_contracts::table.find(complaint_id).select(complaint_contracts::contract_id).first(conn).optional()?)
}
