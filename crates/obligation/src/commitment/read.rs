//! Reading commitments: one as the caller may see it, and a page of its slice.

use super::store::{fulfilments_of, fulfilments_of_many, Commitment, CommitmentRow};
use super::{CommitmentKind, CommitmentStatus};
use crate::access::{scope_of, write_right};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, RegionCode};
use lvyue_db::schema::commitments;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// Commitment `id` if `actor` may see it (404 otherwise), locked when `lock`.
pub(crate) fn load(conn: &mut DbConn, actor: &Actor, id: &str, lock: bool) -> AppResult<CommitmentRow> {
    let scope = scope_of(conn, actor)?;
    let found: Option<CommitmentRow> = if lock {
        lvyue_db::locked!(conn, for_update, commitments::table.find(id).select(CommitmentRow::as_select()), |q, c| q
            .first(c)
            .optional())?
    } else {
        commitments::table.find(id).select(CommitmentRow::as_select()).first(conn).optional()?
    };
    found.filter(|r| scope.covers(&r.org_id, &r.region_code)).ok_or(AppError::NotFound)
}

/// The view of `row` for `actor`.
pub(crate) fn view_for(conn: &mut DbConn, actor: &Actor, row: &CommitmentRow) -> AppResult<Commitment> {
    let fulfilments = fulfilments_of(conn, &row.id)?;
    let right = write_right(conn, actor)?;
    row.view(&fulfilments, right.covers(&row.org_id))
}

/// Commitment `id` as `actor` sees it.
pub fn get(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<Commitment> {
    let row = load(conn, actor, id, false)?;
    view_for(conn, actor, &row)
}

/// Filters for the list.
#[derive(Debug, Clone, Default)]
pub struct CommitmentFilter {
    /// A division.
    pub region: Option<RegionCode>,
    /// One unit.
    pub org_id: Option<String>,
    /// A status.
    pub status: Option<CommitmentStatus>,
    /// A kind.
    pub kind: Option<CommitmentKind>,
}

/// A page of commitments.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommitmentPage {
    /// Newest first.
    pub commitments: Vec<Commitment>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The commitments of the caller's slice, newest first.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    f: &CommitmentFilter,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<CommitmentPage> {
    let mut q = commitments::table.into_boxed();
    let (own, range) = scope_of(conn, actor)?.bounds();
    if let Some(org) = own {
        q = q.filter(commitments::org_id.eq(org));
    }
    if let Some((lo, hi)) = range {
        q = q.filter(commitments::region_code.between(lo, hi));
    }
    if let Some(r) = &f.region {
        let (lo, hi) = r.scope_range();
        q = q.filter(commitments::region_code.between(lo, hi));
    }
    if let Some(o) = &f.org_id {
        q = q.filter(commitments::org_id.eq(o.clone()));
    }
    if let Some(s) = f.status {
        q = q.filter(commitments::status.eq(s.code()));
    }
    if let Some(k) = f.kind {
        q = q.filter(commitments::kind.eq(k.code()));
    }
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(commitments::created_at.lt(at).or(commitments::created_at.eq(at).and(commitments::id.lt(id))));
    }
    let rows: Vec<CommitmentRow> = q
        .order_by((commitments::created_at.desc(), commitments::id.desc()))
        .limit(limit + 1)
        .select(CommitmentRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.created_at, &r.id));
    let right = write_right(conn, actor)?;
    let mut fulfilments = fulfilments_of_many(conn, &rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(r.view(&fulfilments.remove(&r.id).unwrap_or_default(), right.covers(&r.org_id))?);
    }
    Ok(CommitmentPage { commitments: out, next_cursor })
}
