//! Reading ledger items: one as the caller may see it, and a page of its slice. A clear read
//! of the responsible persons' names by anyone but the unit itself is audited.

use super::store::{entries_of, ItemRow, LedgerItem};
use super::{LedgerItemCategory, LedgerItemStatus};
use crate::access::{scope_of, sees_names, write_right, writes};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, RegionCode, Role};
use lvyue_db::schema::ledger_items;
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

/// Item `id` if `actor` may see it (404 otherwise), locked for the transaction when `lock`.
pub(crate) fn load(conn: &mut DbConn, actor: &Actor, id: &str, lock: bool) -> AppResult<ItemRow> {
    let scope = scope_of(conn, actor)?;
    let found: Option<ItemRow> = if lock {
        lvyue_db::locked!(conn, for_update, ledger_items::table.find(id).select(ItemRow::as_select()), |q, c| q
            .first(c)
            .optional())?
    } else {
        ledger_items::table.find(id).select(ItemRow::as_select()).first(conn).optional()?
    };
    found.filter(|r| scope.covers(&r.org_id, &r.region_code)).ok_or(AppError::NotFound)
}

/// The view of `row` for `actor`.
pub(crate) fn view_for(conn: &mut DbConn, actor: &Actor, row: &ItemRow) -> AppResult<LedgerItem> {
    let entries = entries_of(conn, std::slice::from_ref(&row.id))?.remove(&row.id).unwrap_or_default();
    let w = writes(conn, actor, &row.org_id, &row.region_code)?;
    row.view(&entries, sees_names(actor), w)
}

/// Item `id` as `actor` sees it; a credit office's or admin's clear read of the names is audited.
pub fn get(conn: &mut DbConn, actor: &Actor, id: &str, now: chrono::NaiveDateTime) -> AppResult<LedgerItem> {
    let row = load(conn, actor, id, false)?;
    let view = view_for(conn, actor, &row)?;
    if matches!(actor.role, Role::CreditOffice | Role::Admin) && row.responsible != "[]" {
        lvyue_outbox::audit::append(
            conn,
            now,
            lvyue_outbox::audit::AuditEntry {
                actor,
                action: "ledger_item.personal_data_read",
                entity_type: "ledger_item",
                entity_id: id,
                before: None,
                after: None,
            },
        )?;
    }
    Ok(view)
}

/// Filters for the list.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    /// A division.
    pub region: Option<RegionCode>,
    /// One unit.
    pub org_id: Option<String>,
    /// One campaign.
    pub campaign_id: Option<String>,
    /// A status.
    pub status: Option<LedgerItemStatus>,
    /// A category.
    pub category: Option<LedgerItemCategory>,
}

/// The most items one export carries.
pub const EXPORT_MAX: i64 = 100_000;

/// The rows of the caller's slice matching `f`, newest first, after `cursor`, at most `limit`
/// (all when `limit` is None: the export).
pub(crate) fn rows(
    conn: &mut DbConn,
    actor: &Actor,
    f: &ItemFilter,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> AppResult<Vec<ItemRow>> {
    let mut q = ledger_items::table.into_boxed();
    let (own, range) = scope_of(conn, actor)?.bounds();
    if let Some(org) = own {
        q = q.filter(ledger_items::org_id.eq(org));
    }
    if let Some((lo, hi)) = range {
        q = q.filter(ledger_items::region_code.between(lo, hi));
    }
    if let Some(r) = &f.region {
        let (lo, hi) = r.scope_range();
        q = q.filter(ledger_items::region_code.between(lo, hi));
    }
    if let Some(o) = &f.org_id {
        q = q.filter(ledger_items::org_id.eq(o.clone()));
    }
    if let Some(c) = &f.campaign_id {
        q = q.filter(ledger_items::campaign_id.eq(c.clone()));
    }
    if let Some(s) = f.status {
        q = q.filter(ledger_items::status.eq(s.code()));
    }
    if let Some(c) = f.category {
        q = q.filter(ledger_items::category.eq(c.code()));
    }
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(ledger_items::created_at.lt(at).or(ledger_items::created_at.eq(at).and(ledger_items::id.lt(id))));
    }
    let q = q.order_by((ledger_items::created_at.desc(), ledger_items::id.desc()));
    Ok(match limit {
        Some(n) => q.limit(n).select(ItemRow::as_select()).load(conn)?,
        None => {
            let all: Vec<ItemRow> = q.limit(EXPORT_MAX + 1).select(ItemRow::as_select()).load(conn)?;
            if all.len() > EXPORT_MAX as usize {
                return Err(AppError::invalid(
                    "campaign",
                    "too_many",
                    format!("一次最多导出 {EXPORT_MAX} 条，请按自查活动或区划分别导出"),
                    format!("at most {EXPORT_MAX} items at once; export by campaign or division"),
                ));
            }
            all
        }
    })
}

/// A page of ledger items.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LedgerItemPage {
    /// Newest first.
    pub ledger_items: Vec<LedgerItem>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The items of the caller's slice, newest first (histories included, names as the caller may
/// see them).
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    f: &ItemFilter,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<LedgerItemPage> {
    let found = rows(conn, actor, f, cursor, Some(limit + 1))?;
    let (found, next_cursor) = lvyue_db::page::cut(found, limit, |r| lvyue_db::page::time_id(r.created_at, &r.id));
    let mut entries = entries_of(conn, &found.iter().map(|r| r.id.clone()).collect::<Vec<_>>())?;
    let clear = sees_names(actor);
    let right = write_right(conn, actor)?;
    let mut out = Vec::with_capacity(found.len());
    for r in &found {
        out.push(r.view(&entries.remove(&r.id).unwrap_or_default(), clear, right.covers(&r.org_id, &r.region_code))?);
    }
    Ok(LedgerItemPage { ledger_items: out, next_cursor })
}
