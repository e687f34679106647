//! Reading measures in force: a page of those a caller sees, and one of them.

use crate::access::{restrict, Implementer, SanctionScope};
use crate::sanction::{Sanction, SanctionRow, IN_FORCE};
use chrono::NaiveDate;
use diesel::prelude::*;
use lvyue_core::sanction::SanctionStatus;
use lvyue_core::{AppError, AppResult, RegionCode};
use lvyue_db::schema::sanctions;
use lvyue_db::{page, DbConn};
use serde::Serialize;
use utoipa::ToSchema;

/// A list's filters, parsed.
#[derive(Debug, Clone, Default)]
pub struct SanctionFilter {
    /// A status.
    pub status: Option<SanctionStatus>,
    /// Only those in force, not acknowledged and past their day.
    pub ack_overdue: bool,
    /// One record's.
    pub record_id: Option<String>,
    /// Whom they bind (credit code).
    pub target: Option<String>,
    /// A division within the caller's.
    pub region: Option<RegionCode>,
    /// Only the measures this organisation carries out.
    pub implementer: Option<Implementer>,
}

/// A page of measures.
#[derive(Debug, Serialize, ToSchema)]
pub struct SanctionPage {
    /// Newest first.
    pub sanctions: Vec<Sanction>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// A page of the measures `scope` sees, newest first.
pub fn list(
    conn: &mut DbConn,
    scope: &SanctionScope,
    f: SanctionFilter,
    cursor: Option<&str>,
    limit: i64,
    today: NaiveDate,
) -> AppResult<SanctionPage> {
    let mut query = restrict(sanctions::table.select(SanctionRow::as_select()).into_boxed(), scope);
    if let Some(region) = f.region {
        let (lo, hi) = region.scope_range();
        query = query.filter(sanctions::region_code.between(lo, hi));
    }
    if let Some(implementer) = &f.implementer {
        query = implementer.restrict(query);
    }
    if let Some(s) = f.status {
        query = query.filter(sanctions::status.eq(s.code()));
    }
    if f.ack_overdue {
        query = query
            .filter(sanctions::status.eq(IN_FORCE))
            .filter(sanctions::acknowledged_at.is_null())
            .filter(sanctions::ack_due_on.lt(today));
    }
    if let Some(r) = f.record_id {
        query = query.filter(sanctions::record_id.eq(r));
    }
    if let Some(t) = f.target {
        query = query.filter(sanctions::target_uscc.eq(t.trim().to_ascii_uppercase()));
    }
    if let Some(c) = page::after_id(cursor)? {
        query = query.filter(sanctions::id.lt(c));
    }
    let rows: Vec<SanctionRow> = query.order_by(sanctions::id.desc()).limit(limit + 1).load(conn)?;
    let (rows, next_cursor) = page::cut(rows, limit, |r| vec![r.id.clone()]);
    Ok(SanctionPage { sanctions: rows.iter().map(|r| r.view_on(Some(today))).collect(), next_cursor })
}

/// Measure `id` as `scope` sees it, locked for the rest of the transaction on PostgreSQL.
pub fn find_visible_locked(conn: &mut DbConn, scope: &SanctionScope, id: &str) -> AppResult<SanctionRow> {
    let lockable = sanctions::table.find(id).select(sanctions::id);
    let _: Option<String> = lvyue_db::locked!(conn, for_update, lockable, |q, c| q.first(c).optional())?;
    find_visible(conn, scope, id)
}

/// Measure `id` as `scope` sees it; 404 when it does not exist or lies outside the scope.
pub fn find_visible(conn: &mut DbConn, scope: &SanctionScope, id: &str) -> AppResult<SanctionRow> {
    restrict(sanctions::table.select(SanctionRow::as_select()).into_boxed(), scope)
        .filter(sanctions::id.eq(id.to_owned()))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}
