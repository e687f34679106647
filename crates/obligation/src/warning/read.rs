//! The warnings the caller sees (the same slice as the obligations), newest first.

use super::store::{Warning, WarningRow};
use super::{WarningKind, WarningStatus};
use crate::access::scope_of;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, RegionCode};
use lvyue_db::schema::warnings;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// A page of warnings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WarningPage {
    /// Newest first.
    pub warnings: Vec<Warning>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// Warning `id` if `actor` sees it (404 otherwise), locked.
pub(crate) fn load_locked(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<WarningRow> {
    let scope = scope_of(conn, actor)?;
    let found: Option<WarningRow> =
        lvyue_db::locked!(conn, for_update, warnings::table.find(id).select(WarningRow::as_select()), |q, c| q
            .first(c)
            .optional())?;
    found.filter(|w| scope.covers(&w.org_id, &w.region_code)).ok_or(AppError::NotFound)
}

/// A page of the caller's warnings, filtered.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    (region, status, kind): (Option<RegionCode>, Option<WarningStatus>, Option<WarningKind>),
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<WarningPage> {
    let mut q = warnings::table.into_boxed();
    let (own, range) = scope_of(conn, actor)?.bounds();
    if let Some(org) = own {
        q = q.filter(warnings::org_id.eq(org));
    }
    if let Some((lo, hi)) = range {
        q = q.filter(warnings::region_code.between(lo, hi));
    }
    if let Some(r) = region {
        let (lo, hi) = r.scope_range();
        q = q.filter(warnings::region_code.between(lo, hi));
    }
    if let Some(s) = status {
        q = q.filter(warnings::status.eq(s.code()));
    }
    if let Some(k) = kind {
        q = q.filter(warnings::kind.eq(k.code()));
    }
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(warnings::created_at.lt(at).or(warnings::created_at.eq(at).and(warnings::id.lt(id))));
    }
    let rows: Vec<WarningRow> = q
        .order_by((warnings::created_at.desc(), warnings::id.desc()))
        .limit(limit + 1)
        .select(WarningRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.created_at, &r.id));
    Ok(WarningPage { warnings: rows.iter().map(WarningRow::view).collect::<AppResult<_>>()?, next_cursor })
}
