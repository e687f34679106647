//! No orphaned obligations (新官不理旧账, 003 一(三), 二(三)2): when an organisation is abolished
//! or merged, its open contracts and commitments — and their open warnings — pass to the
//! successor named then, each announced as updated. The registry records the abolition; the
//! composition root calls both in one transaction.

use crate::commitment::CommitmentStatus;
use crate::contract::ContractStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppResult};
use lvyue_db::schema::{commitments, contracts, warnings};
use lvyue_db::DbConn;
use lvyue_registry::organisation::OrganisationRow;

fn open_contracts() -> Vec<&'static str> {
    [ContractStatus::Performing, ContractStatus::PartlyPerformed, ContractStatus::Overdue, ContractStatus::Performed]
        .iter()
        .map(|s| s.code())
        .collect()
}

fn open_commitments() -> Vec<&'static str> {
    [CommitmentStatus::InForce, CommitmentStatus::PartlyFulfilled, CommitmentStatus::Overdue]
        .iter()
        .map(|s| s.code())
        .collect()
}

/// How many open contracts and commitments organisation `org_id` has.
pub fn open_count(conn: &mut DbConn, org_id: &str) -> AppResult<i64> {
    let c: i64 = contracts::table
        .filter(contracts::org_id.eq(org_id))
        .filter(contracts::status.eq_any(open_contracts()))
        .count()
        .get_result(conn)?;
    let m: i64 = commitments::table
        .filter(commitments::org_id.eq(org_id))
        .filter(commitments::status.eq_any(open_commitments()))
        .count()
        .get_result(conn)?;
    Ok(c + m)
}

/// Passes `from`'s open contracts, commitments and warnings to `to`, in the caller's
/// transaction; answers how many obligations moved.
pub fn transfer(
    conn: &mut DbConn,
    actor: &Actor,
    from: &str,
    to: &OrganisationRow,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let contract_ids: Vec<String> = contracts::table
        .filter(contracts::org_id.eq(from))
        .filter(contracts::status.eq_any(open_contracts()))
        .select(contracts::id)
        .load(conn)?;
    diesel::update(contracts::table.filter(contracts::id.eq_any(&contract_ids)))
        .set((
            contracts::org_id.eq(&to.id),
            contracts::region_code.eq(&to.region_code),
            contracts::version.eq(contracts::version + 1),
            contracts::updated_at.eq(now),
        ))
        .execute(conn)?;
    for id in &contract_ids {
        let view = crate::contract::read::get(conn, &Actor::system("obligation.transfer"), id)?;
        lvyue_outbox::events::append(conn, now, crate::events::contract(crate::events::CONTRACT_UPDATED, &view))?;
    }
    let commitment_ids: Vec<String> = commitments::table
        .filter(commitments::org_id.eq(from))
        .filter(commitments::status.eq_any(open_commitments()))
        .select(commitments::id)
        .load(conn)?;
    diesel::update(commitments::table.filter(commitments::id.eq_any(&commitment_ids)))
        .set((
            commitments::org_id.eq(&to.id),
            commitments::region_code.eq(&to.region_code),
            commitments::version.eq(commitments::version + 1),
            commitments::updated_at.eq(now),
        ))
        .execute(conn)?;
    for id in &commitment_ids {
        let view = crate::commitment::read::get(conn, &Actor::system("obligation.transfer"), id)?;
        lvyue_outbox::events::append(conn, now, crate::events::commitment(crate::events::COMMITMENT_UPDATED, &view))?;
    }
    diesel::update(warnings::table.filter(warnings::org_id.eq(from)).filter(warnings::status.ne("acknowledged")))
        .set((warnings::org_id.eq(&to.id), warnings::region_code.eq(&to.region_code)))
        .execute(conn)?;
    let moved = contract_ids.len() + commitment_ids.len();
    tracing::info!(actor = %actor.subject, from, to = %to.id, moved, "obligations passed to the successor");
    Ok(moved)
}
