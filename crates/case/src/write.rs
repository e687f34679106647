//! The one place a case row is written: created by intake, moved by verification's actions
//! and closed as repaired. A move checks and bumps the version in one statement
//! ([`lvyue_db::versioned`]) and keeps the overdue sweep's watch in step with the deadline.

use crate::complaint::{ComplaintInsert, ComplaintRow};
use crate::deadline::NextStep;
use crate::watch;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{AppResult, CaseStatus, Resolution};
use lvyue_db::schema::{complaint_links, complaint_progress, complaints};
use lvyue_db::{versioned, DbConn};

/// The next deadline after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Unchanged.
    Keep,
    /// Nothing is due any more.
    Clear,
    /// This step by this day.
    Set(NextStep, NaiveDate),
}

/// What a step changes on the case row; `None` leaves a column as it is.
#[derive(Debug, Clone)]
pub struct CaseChange {
    /// The new status.
    pub status: Option<CaseStatus>,
    /// The new resolution (`Some(None)` clears it).
    pub resolution: Option<Option<Resolution>>,
    /// The new handling organisation (`Some(None)`: none).
    pub handling_org_id: Option<Option<String>>,
    /// The next deadline.
    pub next: Next,
}

#[derive(AsChangeset)]
#[diesel(table_name = complaints)]
struct Columns {
    status: Option<String>,
    resolution: Option<Option<String>>,
    handling_org_id: Option<Option<String>>,
    next_step: Option<Option<String>>,
    next_due_on: Option<Option<NaiveDate>>,
    version: i32,
    updated_at: NaiveDateTime,
}

/// Inserts new cases (their case numbers already drawn) in one statement and watches their
/// first deadlines in another: intake writes its cases in batches (a lone lead is a batch of
/// one). The rows are answered as inserted.
pub fn create_many(conn: &mut DbConn, inserts: Vec<ComplaintInsert>) -> AppResult<Vec<ComplaintRow>> {
    if inserts.is_empty() {
        return Ok(Vec::new());
    }
    lvyue_db::execute_per_backend!(conn, diesel::insert_into(complaints::table).values(&inserts))?;
    let rows: Vec<ComplaintRow> = inserts.into_iter().map(ComplaintInsert::into_row).collect();
    let watched: Vec<(&str, &str, NaiveDate)> =
        rows.iter().filter_map(|r| Some((r.id.as_str(), r.next_step.as_deref()?, r.next_due_on?))).collect();
    watch::start_many(conn, &watched)?;
    Ok(rows)
}

/// Moves case `before` by `change`, if no one moved it since it was read (409
/// `stale_version` otherwise), and keeps the deadline watch in step. Answers the new version.
pub fn advance(conn: &mut DbConn, before: &ComplaintRow, change: &CaseChange, now: NaiveDateTime) -> AppResult<i32> {
    let (next_step, next_due_on) = match change.next {
        Next::Keep => (None, None),
        Next::Clear => (Some(None), Some(None)),
        Next::Set(step, due) => (Some(Some(step.code().to_owned())), Some(Some(due))),
    };
    let id = before.id.as_str();
    let version = versioned::bump(conn, before.version, |conn, next| {
        let columns = Columns {
            status: change.status.map(|s| s.code().to_owned()),
            resolution: change.resolution.map(|r| r.map(|r| r.code().to_owned())),
            handling_org_id: change.handling_org_id.clone(),
            next_step,
            next_due_on,
            version: next,
            updated_at: now,
        };
        diesel::update(complaints::table.filter(complaints::id.eq(id)).filter(complaints::version.eq(before.version)))
            .set(&columns)
            .execute(conn)
    })?;
    match change.next {
        Next::Keep => {}
        Next::Clear => watch::clear(conn, id)?,
        Next::Set(step, due) => watch::set(conn, id, step.code(), due)?,
    }
    Ok(version)
}

/// Changes to the progress row (None leaves a column alone; Some(None) clears it).
#[derive(Debug, Clone, Default, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = complaint_progress)]
pub struct ProgressChange {
    pub accepted_at: Option<NaiveDateTime>,
    pub extension_limit_on: Option<Option<NaiveDate>>,
    pub closed_at: Option<Option<NaiveDateTime>>,
    pub dispute_route: Option<Option<String>>,
    pub merged_into: Option<String>,
    pub extension_until: Option<Option<NaiveDate>>,
    pub extension_reason: Option<Option<String>>,
    pub extension_requested_at: Option<Option<NaiveDateTime>>,
    pub extensions_granted: Option<i32>,
    pub urge_count: Option<i32>,
    pub last_urged_at: Option<NaiveDateTime>,
    pub feedback_until: Option<Option<NaiveDate>>,
    pub satisfaction: Option<Option<i32>>,
    pub feedback_comment: Option<Option<String>>,
    pub feedback_at: Option<Option<NaiveDateTime>>,
    pub reopen_count: Option<i32>,
    pub complainant_sme: Option<bool>,
    pub forwarded_at: Option<NaiveDateTime>,
}

impl ProgressChange {
    /// True when nothing changes (diesel refuses an empty SET).
    pub fn is_empty(&self) -> bool {
        *self == ProgressChange::default()
    }
}

/// Changes case `id`'s progress row, creating it first when the case has none (`exists`:
/// the row was loaded with the case).
pub fn progress(conn: &mut DbConn, id: &str, exists: bool, change: &ProgressChange) -> AppResult<()> {
    if !exists {
        diesel::insert_into(complaint_progress::table).values(complaint_progress::complaint_id.eq(id)).execute(conn)?;
    }
    if !change.is_empty() {
        diesel::update(complaint_progress::table.find(id)).set(change).execute(conn)?;
    }
    Ok(())
}

/// Starts the progress rows of new cases whose clock needs one from the start (whether the
/// complainant is an SME, when the case was forwarded, how far extensions may reach), in one
/// statement: only those three columns of each change are written; the rest take their defaults.
pub fn start_progress_many(conn: &mut DbConn, new: &[(&str, &ProgressChange)]) -> AppResult<()> {
    if new.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = new
        .iter()
        .map(|(id, change)| {
            (
                complaint_progress::complaint_id.eq(*id),
                complaint_progress::complainant_sme.eq(change.complainant_sme),
                complaint_progress::forwarded_at.eq(change.forwarded_at),
                complaint_progress::extension_limit_on.eq(change.extension_limit_on.flatten()),
            )
        })
        .collect();
    lvyue_db::execute_per_backend!(conn, diesel::insert_into(complaint_progress::table).values(&rows))?;
    Ok(())
}

/// Links case `from` to case `to` (`merged_into`, `possible_duplicate`).
pub fn link(conn: &mut DbConn, from: &str, to: &str, kind: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::insert_into(complaint_links::table)
        .values((
            complaint_links::complaint_id.eq(from),
            complaint_links::related_id.eq(to),
            complaint_links::kind.eq(kind),
            complaint_links::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Flags cases `ids` as possible duplicates: an annotation for the credit office, not a step
/// of the case, so the version stays and a clerk working on an older case is not interrupted.
pub fn flag_possible_duplicates(conn: &mut DbConn, ids: &[&str]) -> AppResult<()> {
    diesel::update(complaints::table.filter(complaints::id.eq_any(ids)))
        .set(complaints::possible_duplicate.eq(true))
        .execute(conn)?;
    Ok(())
}
