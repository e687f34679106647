//! Reading contracts: one as the caller may see it, and a page of its slice.

use super::store::{parts, parts_of, ContractRow, GovernmentContract};
use super::{ContractKind, ContractStatus};
use crate::access::{scope_of, write_right};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, RegionCode};
use lvyue_db::schema::contracts;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// Contract `id` if `actor` may see it (404 otherwise), locked for the rest of the transaction
/// when `lock`.
pub(crate) fn load(conn: &mut DbConn, actor: &Actor, id: &str, lock: bool) -> AppResult<ContractRow> {
    let scope = scope_of(conn, actor)?;
    let found: Option<ContractRow> = if lock {
        lvyue_db::locked!(conn, for_update, contracts::table.find(id).select(ContractRow::as_select()), |q, c| q
            .first(c)
            .optional())?
    } else {
        contracts::table.find(id).select(ContractRow::as_select()).first(conn).optional()?
    };
    found.filter(|r| scope.covers(&r.org_id, &r.region_code)).ok_or(AppError::NotFound)
}

/// Whether the registry holds contract `id` (for a lead that names it).
pub fn exists(conn: &mut DbConn, id: &str) -> AppResult<bool> {
    Ok(contracts::table.find(id).count().get_result::<i64>(conn)? > 0)
}

/// The view of `row` for `actor`.
pub(crate) fn view_for(conn: &mut DbConn, actor: &Actor, row: &ContractRow) -> AppResult<GovernmentContract> {
    let (milestones, entries) = parts(conn, &row.id)?;
    let right = write_right(conn, actor)?;
    row.view(&milestones, &entries, right.covers(&row.org_id))
}

/// Contract `id` as `actor` sees it.
pub fn get(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<GovernmentContract> {
    let row = load(conn, actor, id, false)?;
    view_for(conn, actor, &row)
}

/// Filters for the list.
#[derive(Debug, Clone, Default)]
pub struct ContractFilter {
    /// A division (a city includes its counties).
    pub region: Option<RegionCode>,
    /// One unit.
    pub org_id: Option<String>,
    /// A status.
    pub status: Option<ContractStatus>,
    /// A kind.
    pub kind: Option<ContractKind>,
}

/// A page of contracts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractPage {
    /// Newest first.
    pub contracts: Vec<GovernmentContract>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The contracts of the caller's slice, newest first.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    f: &ContractFilter,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<ContractPage> {
    let mut q = contracts::table.into_boxed();
    let (own, range) = scope_of(conn, actor)?.bounds();
    if let Some(org) = own {
        q = q.filter(contracts::org_id.eq(org));
    }
    if let Some((lo, hi)) = range {
        q = q.filter(contracts::region_code.between(lo, hi));
    }
    if let Some(r) = &f.region {
        let (lo, hi) = r.scope_range();
        q = q.filter(contracts::region_code.between(lo, hi));
    }
    if let Some(o) = &f.org_id {
        q = q.filter(contracts::org_id.eq(o.clone()));
    }
    if let Some(s) = f.status {
        q = q.filter(contracts::status.eq(s.code()));
    }
    if let Some(k) = f.kind {
        q = q.filter(contracts::kind.eq(k.code()));
    }
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(contracts::created_at.lt(at).or(contracts::created_at.eq(at).and(contracts::id.lt(id))));
    }
    let rows: Vec<ContractRow> = q
        .order_by((contracts::created_at.desc(), contracts::id.desc()))
        .limit(limit + 1)
        .select(ContractRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.created_at, &r.id));
    let right = write_right(conn, actor)?;
    let mut parts = parts_of(conn, &rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let (milestones, entries) = parts.remove(&r.id).unwrap_or_default();
        out.push(r.view(&milestones, &entries, right.covers(&r.org_id))?);
    }
    Ok(ContractPage { contracts: out, next_cursor })
}
