//! What a repair application and an objection share as items of the repair process: their
//! parties, their views, their events and the record of a step taken on them — written once.

use crate::application::{ApplicationRow, RepairApplication};
use crate::events::{self, ObjectionEvent, RepairEvent};
use crate::objection::{Objection, ObjectionRow};
use crate::scope::{scope_of, Parties, RepairScope};
use crate::steps::{self, Step};
use crate::store::ListFilter;
use crate::Today;
use chrono::NaiveDate;
use lvyue_core::{Actor, AppResult};
use lvyue_db::DbConn;
use serde::Serialize;

/// A repair application or an objection.
pub trait RepairItem {
    /// How it is shown.
    type View: Serialize;
    /// Its entity type in the audit trail.
    const ENTITY: &'static str;
    /// Its id.
    fn id(&self) -> &str;
    /// Who is involved.
    fn parties(&self) -> Parties<'_>;
    /// The view; `today` decides the overdue flag.
    fn view(&self, today: NaiveDate, steps: Vec<Step>) -> Self::View;
    /// The body of its events.
    fn event_body(view: Self::View) -> serde_json::Value;
    /// Item `id` as `scope` sees it (404 otherwise), locked when `lock`.
    fn load_visible(conn: &mut DbConn, scope: &RepairScope, id: &str, lock: bool) -> AppResult<Self>
    where
        Self: Sized;
    /// A page of the items `scope` sees, and the next page's cursor.
    fn list(conn: &mut DbConn, scope: &RepairScope, f: &ListFilter, today: NaiveDate) -> AppResult<Page<Self>>
    where
        Self: Sized;
}

/// Rows of a page and the next page's cursor.
pub type Page<T> = (Vec<T>, Option<String>);

/// One item with its steps, as the caller sees it (404 when it does not).
pub fn show<T: RepairItem>(conn: &mut DbConn, actor: &Actor, id: &str, today: NaiveDate) -> AppResult<T::View> {
    let scope = scope_of(conn, actor)?;
    let row = T::load_visible(conn, &scope, id, false)?;
    let steps = steps::of(conn, id)?;
    Ok(row.view(today, steps))
}

/// A page of the items the caller takes part in, newest first, without their steps.
pub fn page<T: RepairItem>(
    conn: &mut DbConn,
    actor: &Actor,
    f: &ListFilter,
    today: NaiveDate,
) -> AppResult<Page<T::View>> {
    let scope = scope_of(conn, actor)?;
    let (rows, next_cursor) = T::list(conn, &scope, f, today)?;
    Ok((rows.iter().map(|r| r.view(today, Vec::new())).collect(), next_cursor))
}

impl RepairItem for ApplicationRow {
    type View = RepairApplication;
    const ENTITY: &'static str = "repair_application";
    fn id(&self) -> &str {
        &self.id
    }
    fn parties(&self) -> Parties<'_> {
        ApplicationRow::parties(self)
    }
    fn view(&self, today: NaiveDate, steps: Vec<Step>) -> RepairApplication {
        ApplicationRow::view(self, today, steps)
    }
    fn event_body(view: RepairApplication) -> serde_json::Value {
        serde_json::to_value(RepairEvent { repair_application: view }).unwrap_or_default()
    }
    fn load_visible(conn: &mut DbConn, scope: &RepairScope, id: &str, lock: bool) -> AppResult<Self> {
        crate::application::load_visible(conn, scope, id, lock)
    }
    fn list(conn: &mut DbConn, scope: &RepairScope, f: &ListFilter, today: NaiveDate) -> AppResult<Page<Self>> {
        crate::application::list(conn, scope, f, today)
    }
}

impl RepairItem for ObjectionRow {
    type View = Objection;
    const ENTITY: &'static str = "credit_objection";
    fn id(&self) -> &str {
        &self.id
    }
    fn parties(&self) -> Parties<'_> {
        ObjectionRow::parties(self)
    }
    fn view(&self, today: NaiveDate, steps: Vec<Step>) -> Objection {
        ObjectionRow::view(self, today, steps)
    }
    fn event_body(view: Objection) -> serde_json::Value {
        serde_json::to_value(ObjectionEvent { objection: view }).unwrap_or_default()
    }
    fn load_visible(conn: &mut DbConn, scope: &RepairScope, id: &str, lock: bool) -> AppResult<Self> {
        crate::objection::load_visible(conn, scope, id, lock)
    }
    fn list(conn: &mut DbConn, scope: &RepairScope, f: &ListFilter, today: NaiveDate) -> AppResult<Page<Self>> {
        crate::objection::list(conn, scope, f, today)
    }
}

/// Appends the event `event_type` about `row` (the deciding body, the subject and the region's
/// credit office hear it), in the caller's transaction.
pub fn announce<T: RepairItem>(
    conn: &mut DbConn,
    row: &T,
    event_type: &'static str,
    complaint_id: Option<&str>,
    (today, now): Today,
) -> AppResult<()> {
    let data = T::event_body(row.view(today, Vec::new()));
    events::announce(conn, event_type, row.parties(), complaint_id, data, now)
}

/// After step `action` (`repair.approve`, `objection.file`, …) from `before` (none for a new
/// item) to `after`: its audit entry, and the item as shown with all its steps.
pub fn stepped<T: RepairItem>(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    (before, after): (Option<&T>, &T),
    (today, now): Today,
) -> AppResult<T::View> {
    let id = after.id();
    crate::audit_change(
        conn,
        now,
        actor,
        action,
        T::ENTITY,
        id,
        before.map(|b| b.view(today, Vec::new())).as_ref(),
        &after.view(today, Vec::new()),
    )?;
    let steps = steps::of(conn, id)?;
    Ok(after.view(today, steps))
}
