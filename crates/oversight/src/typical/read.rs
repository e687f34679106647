//! Reading typical cases: who sees one (its region's readers, the departments concerned, and
//! — once published — anyone), a region's list, and the public pages.

use super::store::{concerned, opinions_of, opinions_of_many, PublicTypicalCase, TypicalCase, TypicalCaseRow};
use super::TypicalCaseStatus;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, RegionCode, Role};
use lvyue_db::schema::typical_cases;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

pub(crate) fn load(conn: &mut DbConn, id: &str) -> AppResult<TypicalCaseRow> {
    typical_cases::table.find(id).select(TypicalCaseRow::as_select()).first(conn).optional()?.ok_or(AppError::NotFound)
}

/// Whether `actor` may read `row` (404 when not): its region's readers, or a department
/// concerned. Answers whether the caller is a department concerned.
pub(crate) fn may_see(conn: &mut DbConn, actor: &Actor, row: &TypicalCaseRow) -> AppResult<bool> {
    if actor.role == Role::Department {
        let own = lvyue_registry::organisation::of_actor(conn, actor)?.id;
        return if concerned(conn, row)?.contains(&own) { Ok(true) } else { Err(AppError::NotFound) };
    }
    crate::access::may_read(conn, actor, &row.region_code)?;
    Ok(false)
}

/// The view of `row` for `actor`, who may see it.
pub(crate) fn view_for(conn: &mut DbConn, actor: &Actor, row: &TypicalCaseRow) -> AppResult<TypicalCase> {
    let is_concerned = may_see(conn, actor, row)?;
    let opinions = opinions_of(conn, &row.id)?;
    row.view(&opinions, actor.role, is_concerned)
}

/// Typical case `id` as `actor` sees it.
pub fn find_visible(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<TypicalCase> {
    let row = load(conn, id)?;
    view_for(conn, actor, &row)
}

/// A page of typical cases.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TypicalCasePage {
    /// Newest first.
    pub typical_cases: Vec<TypicalCase>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The typical cases of `region` (a reader's; within a credit office's own), newest first.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    region: &RegionCode,
    status: Option<TypicalCaseStatus>,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<TypicalCasePage> {
    let region = crate::access::region_for(conn, actor, region)?;
    let (lo, hi) = region.scope_range();
    let mut q = typical_cases::table.filter(typical_cases::region_code.between(lo, hi)).into_boxed();
    if let Some(s) = status {
        q = q.filter(typical_cases::status.eq(s.code()));
    }
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(
            typical_cases::created_at.lt(at).or(typical_cases::created_at.eq(at).and(typical_cases::id.lt(id))),
        );
    }
    let rows: Vec<TypicalCaseRow> = q
        .order_by((typical_cases::created_at.desc(), typical_cases::id.desc()))
        .limit(limit + 1)
        .select(TypicalCaseRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.created_at, &r.id));
    let mut opinions = opinions_of_many(conn, &rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(r.view(&opinions.remove(&r.id).unwrap_or_default(), actor.role, false)?);
    }
    Ok(TypicalCasePage { typical_cases: out, next_cursor })
}

/// A page of the published typical cases (the public's).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicTypicalCasePage {
    /// Newest first.
    pub typical_cases: Vec<PublicTypicalCase>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The published typical cases, newest first.
pub fn published(conn: &mut DbConn, cursor: Option<&str>, limit: i64) -> AppResult<PublicTypicalCasePage> {
    let mut q = typical_cases::table
        .filter(typical_cases::status.eq(TypicalCaseStatus::Published.code()))
        .filter(typical_cases::published_at.is_not_null())
        .into_boxed();
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(
            typical_cases::published_at.lt(at).or(typical_cases::published_at.eq(at).and(typical_cases::id.lt(id))),
        );
    }
    let rows: Vec<TypicalCaseRow> = q
        .order_by((typical_cases::published_at.desc(), typical_cases::id.desc()))
        .limit(limit + 1)
        .select(TypicalCaseRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) =
        lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.published_at.unwrap_or(r.created_at), &r.id));
    let typical_cases =
        rows.iter().map(TypicalCaseRow::public).collect::<AppResult<Vec<_>>>()?.into_iter().flatten().collect();
    Ok(PublicTypicalCasePage { typical_cases, next_cursor })
}

/// One published typical case; 404 for any other.
pub fn published_one(conn: &mut DbConn, id: &str) -> AppResult<PublicTypicalCase> {
    load(conn, id)?.public()?.ok_or(AppError::NotFound)
}
