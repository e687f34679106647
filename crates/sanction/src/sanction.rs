//! A measure in force (惩戒措施): against the subject of a record, or against its county's or
//! city's government, naming the record that caused it, its basis, start and planned end;
//! acknowledged by the implementing department within a number of working days, and ended
//! with a reason when its record ends.

use crate::{events, restriction};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message};
use lvyue_db::schema::sanctions;
use lvyue_db::DbConn;
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// In force.
pub const IN_FORCE: &str = "in_force";
/// Suspended while an objection to its record is reviewed (no restriction applies).
pub const SUSPENDED: &str = "suspended";
/// Ended.
pub const ENDED: &str = "ended";

/// A stored measure in force (or ended).
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = sanctions, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct SanctionRow {
    pub id: String,
    pub measure_code: String,
    pub record_id: String,
    pub binds: String,
    pub target_uscc: String,
    pub target_name: String,
    pub region_code: String,
    pub implementer_kind: String,
    pub benefits: String,
    pub basis: String,
    pub starts_on: NaiveDate,
    pub planned_end_on: NaiveDate,
    pub ack_due_on: NaiveDate,
    pub status: String,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub acknowledged_by: Option<String>,
    pub implemented_on: Option<NaiveDate>,
    pub document_number: Option<String>,
    pub implementation_note: Option<String>,
    pub ended_at: Option<NaiveDateTime>,
    pub end_reason: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub imposition: Option<String>,
    pub implementer_region: String,
    pub implementer_org_id: Option<String>,
}

/// The implementing department's acknowledgement (落实情况).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Implementation {
    /// When it was acknowledged.
    pub acknowledged_at: DateTime<FixedOffset>,
    /// Who (token subject).
    pub acknowledged_by: String,
    /// The day the measure was carried out.
    pub implemented_on: NaiveDate,
    /// The implementing document's number (文号).
    pub document_number: Option<String>,
    /// A note.
    pub note: Option<String>,
}

/// A measure in force as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Sanction {
    /// Opaque id.
    pub id: String,
    /// The catalogue code.
    pub measure: String,
    /// The record that caused it.
    pub record_id: String,
    /// `subject` or `region`.
    pub binds: String,
    /// Whom it binds: the subject, or its region's government.
    pub target_uscc: String,
    /// Name.
    pub target_name: String,
    /// Division.
    pub region_code: String,
    /// The kind of body that implements it.
    pub implementer_kind: String,
    /// The division whose bodies of that kind carry it out: the subject's own, or for a
    /// measure on a government the division above.
    pub implementer_region: String,
    /// The benefits it restricts.
    pub benefits: Vec<String>,
    /// Legal basis.
    pub basis: String,
    /// In force from.
    pub starts_on: NaiveDate,
    /// Planned end (the record's maximum publicity period).
    pub planned_end_on: NaiveDate,
    /// To be acknowledged by.
    pub ack_due_on: NaiveDate,
    /// True when not acknowledged and past `ack_due_on` (computed when read).
    pub ack_overdue: bool,
    /// `in_force`, `suspended` (while an objection to its record is reviewed) or `ended`.
    pub status: String,
    /// The acknowledgement, once made.
    pub implementation: Option<Implementation>,
    /// When it ended.
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// Why.
    pub end_reason: Option<String>,
    /// Pass back with an acknowledgement.
    pub version: i32,
    /// The decision that imposed it case by case (逐案实施); null for a measure that follows
    /// its record's kind and grade.
    pub imposition: Option<crate::impose::Imposition>,
}

/// What a new measure needs; the rest starts empty (not acknowledged, not ended).
#[derive(Debug, Clone)]
pub struct NewSanction {
    /// The catalogue code.
    pub measure_code: String,
    /// The record that causes it.
    pub record_id: String,
    /// `subject` or `region`.
    pub binds: String,
    /// Whom it binds.
    pub target_uscc: String,
    /// Name.
    pub target_name: String,
    /// Division.
    pub region_code: String,
    /// The kind of body that implements it.
    pub implementer_kind: String,
    /// The benefits it restricts, as stored (a JSON array).
    pub benefits: String,
    /// Legal basis.
    pub basis: String,
    /// In force from.
    pub starts_on: NaiveDate,
    /// The division whose implementers govern it ([`crate::access::governing_region`]).
    pub implementer_region: String,
    /// The registry's implementing organisation there, if any.
    pub implementer_org_id: Option<String>,
}

impl NewSanction {
    /// The row: `status` (in force or suspended) until `planned_end_on`, to be acknowledged by
    /// `ack_due_on`.
    pub fn into_row(self, status: &str, dates: (NaiveDate, NaiveDate), now: NaiveDateTime) -> SanctionRow {
        SanctionRow {
            id: lvyue_core::ids::SanctionId::generate().into_string(),
            measure_code: self.measure_code,
            record_id: self.record_id,
            binds: self.binds,
            target_uscc: self.target_uscc,
            target_name: self.target_name,
            region_code: self.region_code,
            implementer_kind: self.implementer_kind,
            benefits: self.benefits,
            basis: self.basis,
            starts_on: self.starts_on,
            implementer_region: self.implementer_region,
            implementer_org_id: self.implementer_org_id,
            version: 1,
            created_at: now,
            ..SanctionRow::default()
        }
        .opened(status, dates, now)
    }
}

impl SanctionRow {
    /// This measure `status` (in force or suspended) until `planned_end_on`, to be
    /// acknowledged by `ack_due_on`: neither acknowledged nor ended.
    fn opened(self, status: &str, (planned_end_on, ack_due_on): (NaiveDate, NaiveDate), now: NaiveDateTime) -> Self {
        SanctionRow {
            status: status.to_owned(),
            planned_end_on,
            ack_due_on,
            acknowledged_at: None,
            acknowledged_by: None,
            implemented_on: None,
            document_number: None,
            implementation_note: None,
            ended_at: None,
            end_reason: None,
            updated_at: now,
            ..self
        }
    }

    /// The view; `today` decides the overdue flag (None: not computed, false).
    pub fn view_on(&self, today: Option<NaiveDate>) -> Sanction {
        let implementation = match (self.acknowledged_at, &self.acknowledged_by, self.implemented_on) {
            (Some(at), Some(by), Some(on)) => Some(Implementation {
                acknowledged_at: lvyue_core::time::stored_to_shanghai(at),
                acknowledged_by: by.clone(),
                implemented_on: on,
                document_number: self.document_number.clone(),
                note: self.implementation_note.clone(),
            }),
            _ => None,
        };
        Sanction {
            id: self.id.clone(),
            measure: self.measure_code.clone(),
            record_id: self.record_id.clone(),
            binds: self.binds.clone(),
            target_uscc: self.target_uscc.clone(),
            target_name: self.target_name.clone(),
            region_code: self.region_code.clone(),
            implementer_kind: self.implementer_kind.clone(),
            implementer_region: self.implementer_region.clone(),
            benefits: serde_json::from_str(&self.benefits).unwrap_or_default(),
            basis: self.basis.clone(),
            starts_on: self.starts_on,
            planned_end_on: self.planned_end_on,
            ack_due_on: self.ack_due_on,
            ack_overdue: today
                .is_some_and(|t| self.status == IN_FORCE && self.acknowledged_at.is_none() && t > self.ack_due_on),
            status: self.status.clone(),
            implementation,
            ended_at: self.ended_at.map(lvyue_core::time::stored_to_shanghai),
            end_reason: self.end_reason.clone(),
            version: self.version,
            imposition: self.imposition.as_deref().and_then(|i| serde_json::from_str(i).ok()),
        }
    }

    /// The view as announced (no overdue flag).
    pub fn view(&self) -> Sanction {
        self.view_on(None)
    }
}

/// Puts `row` in force: the row, its restrictions (what the check reads), its event. A row
/// created `suspended` (its record is under an objection that suspends measures) gets no
/// restrictions until it is reinstated. Answers false when the measure already existed.
pub fn put_in_force(conn: &mut DbConn, row: SanctionRow, now: NaiveDateTime) -> AppResult<bool> {
    let inserted = match conn {
        DbConn::Pg(pg) => diesel::insert_into(sanctions::table).values(&row).on_conflict_do_nothing().execute(pg)?,
        DbConn::Sqlite(lite) => {
            diesel::insert_into(sanctions::table).values(&row).on_conflict_do_nothing().execute(lite)?
        }
    };
    if inserted == 0 {
        return Ok(false);
    }
    restriction::sync(conn, &row)?;
    let event = if row.status == SUSPENDED { events::SUSPENDED } else { events::IN_FORCE };
    lvyue_outbox::events::append(conn, now, events::about(&row, event))?;
    Ok(true)
}

/// How a measure changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// In force or suspended → ended.
    End,
    /// In force → suspended (an objection is reviewed).
    Suspend,
    /// Suspended → in force (the objection was decided and the record stands).
    Reinstate,
}

impl Move {
    fn from(self) -> &'static [&'static str] {
        match self {
            Move::End => &[IN_FORCE, SUSPENDED],
            Move::Suspend => &[IN_FORCE],
            Move::Reinstate => &[SUSPENDED],
        }
    }
}

/// The measures of record `record_id`, locked (`FOR UPDATE` on PostgreSQL; SQLite's write
/// transaction holds the whole database) so an acknowledgement and a move never interleave.
pub fn load_for_record(conn: &mut DbConn, record_id: &str) -> AppResult<Vec<SanctionRow>> {
    let query = sanctions::table.filter(sanctions::record_id.eq(record_id)).order_by(sanctions::id);
    Ok(lvyue_db::locked!(conn, for_update, query.select(SanctionRow::as_select()), |q, c| q.load(c))?)
}

/// Moves one measure (read under lock by the caller): the row, its restrictions, its event
/// and its audit entry. Only an end records a reason; a suspension says why in its event's
/// context, the objection.
pub fn move_one(
    conn: &mut DbConn,
    before: &SanctionRow,
    how: Move,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<SanctionRow> {
    let (status, event, action) = match how {
        Move::End => (ENDED, events::ENDED, "sanction.end"),
        Move::Suspend => (SUSPENDED, events::SUSPENDED, "sanction.suspend"),
        Move::Reinstate => (IN_FORCE, events::REINSTATED, "sanction.reinstate"),
    };
    let ended = how == Move::End;
    let after = SanctionRow {
        status: status.to_owned(),
        ended_at: if ended { Some(now) } else { before.ended_at },
        end_reason: if ended { Some(reason.to_owned()) } else { before.end_reason.clone() },
        version: before.version + 1,
        updated_at: now,
        ..before.clone()
    };
    diesel::update(sanctions::table.find(&before.id)).set(&after).execute(conn)?;
    restriction::sync(conn, &after)?;
    lvyue_outbox::events::append(conn, now, events::about(&after, event))?;
    changed(conn, actor, action, before, &after, now)?;
    Ok(after)
}

/// The audit entry of a change to a measure.
pub fn changed(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &SanctionRow,
    after: &SanctionRow,
    now: NaiveDateTime,
) -> AppResult<()> {
    audit_entry(conn, actor, action, Some(before), after, now)
}

/// The audit entry of a measure that did not exist before (an imposition).
pub fn changed_from_nothing(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    after: &SanctionRow,
    now: NaiveDateTime,
) -> AppResult<()> {
    audit_entry(conn, actor, action, None, after, now)
}

fn audit_entry(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: Option<&SanctionRow>,
    after: &SanctionRow,
    now: NaiveDateTime,
) -> AppResult<()> {
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action,
            entity_type: "sanction",
            entity_id: &after.id,
            before: before.map(|b| serde_json::to_value(b.view()).unwrap_or_default()),
            after: Some(serde_json::to_value(after.view()).unwrap_or_default()),
        },
    )
}

/// Moves the planned end of measure `before` (read under lock) to `planned_end_on`: its
/// record was corrected and its publicity window with it.
pub fn reschedule(
    conn: &mut DbConn,
    before: &SanctionRow,
    planned_end_on: NaiveDate,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<SanctionRow> {
    let after = SanctionRow { planned_end_on, version: before.version + 1, updated_at: now, ..before.clone() };
    diesel::update(sanctions::table.find(&before.id)).set(&after).execute(conn)?;
    restriction::sync(conn, &after)?;
    lvyue_outbox::events::append(conn, now, events::about(&after, events::RESCHEDULED))?;
    changed(conn, actor, "sanction.reschedule", before, &after, now)?;
    Ok(after)
}

/// Puts measure `before` (read under lock), which a correction had ended as no longer
/// triggered, back in force (or suspended) after a later correction triggers it again; the
/// implementing department lifted it, so a fresh acknowledgement is due by `ack_due_on`.
pub fn reopen(
    conn: &mut DbConn,
    before: &SanctionRow,
    status: &str,
    dates: (NaiveDate, NaiveDate),
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<SanctionRow> {
    let after = SanctionRow { version: before.version + 1, ..before.clone() }.opened(status, dates, now);
    diesel::update(sanctions::table.find(&before.id)).set(&after).execute(conn)?;
    restriction::sync(conn, &after)?;
    let event = if status == SUSPENDED { events::SUSPENDED } else { events::IN_FORCE };
    lvyue_outbox::events::append(conn, now, events::about(&after, event))?;
    changed(conn, actor, "sanction.reopen", before, &after, now)?;
    Ok(after)
}

fn move_for_record(
    conn: &mut DbConn,
    record_id: &str,
    how: Move,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let rows = load_for_record(conn, record_id)?;
    let mut moved = 0;
    for before in rows.iter().filter(|r| how.from().contains(&r.status.as_str())) {
        move_one(conn, before, how, reason, actor, now)?;
        moved += 1;
    }
    Ok(moved)
}

/// Ends every measure of record `record_id` still in force (or suspended), with `reason`;
/// answers how many.
pub fn end_for_record(
    conn: &mut DbConn,
    record_id: &str,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<usize> {
    move_for_record(conn, record_id, Move::End, reason, actor, now)
}

/// Suspends every measure of record `record_id` in force while an objection is reviewed:
/// the check answers unrestricted for them; answers how many.
pub fn suspend_for_record(
    conn: &mut DbConn,
    record_id: &str,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<usize> {
    move_for_record(conn, record_id, Move::Suspend, reason, actor, now)
}

/// Puts the suspended measures of record `record_id` back in force; answers how many.
pub fn reinstate_for_record(
    conn: &mut DbConn,
    record_id: &str,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<usize> {
    move_for_record(conn, record_id, Move::Reinstate, reason, actor, now)
}

/// An acknowledgement by the implementing department.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementInput {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// The day the measure was carried out (not in the future).
    pub implemented_on: NaiveDate,
    /// The implementing document's number (文号), up to 100 characters.
    #[serde(default)]
    pub document_number: Option<String>,
    /// A note, up to 2000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

impl AcknowledgementInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "implemented_on": "2026-11-20", "document_number": "怀政〔2026〕18号", "note": "已暂停该局评优评先资格"})
    }
}

/// A 422 on one field.
pub(crate) fn invalid(field: &str, code: &'static str, zh: &str, en: &str) -> AppError {
    AppError::invalid(field, code, zh.to_owned(), en.to_owned())
}

/// Acknowledges measure `id` (in the caller's slice), once.
pub fn acknowledge(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: AcknowledgementInput,
    (today, now): (NaiveDate, NaiveDateTime),
) -> AppResult<SanctionRow> {
    actor.require(crate::access::ACKNOWLEDGERS)?;
    if input.implemented_on > today {
        return Err(invalid("implemented_on", "in_future", "落实日期不能晚于今天", "cannot be after today"));
    }
    if input.document_number.as_deref().is_some_and(|d| d.chars().count() > 100) {
        return Err(invalid("document_number", "too_long", "最多 100 个字符", "at most 100 characters"));
    }
    if input.note.as_deref().is_some_and(|d| d.chars().count() > 2000) {
        return Err(invalid("note", "too_long", "最多 2000 个字符", "at most 2000 characters"));
    }
    let scope = crate::access::scope_of(conn, actor)?;
    let implementer = crate::access::Implementer::of_actor(conn, actor, "actor")?;
    lvyue_db::write_tx(conn, |conn| {
        let before = crate::read::find_visible_locked(conn, &scope, id)?;
        // The body a measure binds never records it as carried out: that would clear its own
        // overdue flag and count in the oversight figures; and only the implementer of its
        // kind, in the division that governs it, may (issue 16.4).
        if before.target_uscc == implementer.uscc {
            return Err(AppError::Forbidden(Message::new(
                "被惩戒单位不能确认对自身惩戒措施的落实",
                "the body a measure binds cannot acknowledge it",
            )));
        }
        if !implementer.carries_out(&before) {
            let kind_zh = lvyue_core::sanction::ImplementerKind::from_code(&before.implementer_kind)
                .map_or(before.implementer_kind.as_str(), |k| k.label_zh());
            return Err(AppError::Forbidden(Message::new(
                format!("只有行政区划 {} 的{}可以确认该措施的落实", before.implementer_region, kind_zh),
                format!(
                    "only a body with the {} function governing {} acknowledges this measure",
                    before.implementer_kind, before.implementer_region
                ),
            )));
        }
        lvyue_db::versioned::check(input.version, before.version)?;
        if before.status != IN_FORCE || before.acknowledged_at.is_some() {
            return Err(AppError::conflict(
                "not_acknowledgeable",
                Message::new("该措施已确认落实或已终止", "this measure was already acknowledged, or has ended"),
            ));
        }
        let mut after = SanctionRow {
            acknowledged_at: Some(now),
            acknowledged_by: Some(actor.subject.clone()),
            implemented_on: Some(input.implemented_on),
            document_number: input.document_number.clone().map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()),
            implementation_note: input.note.clone().map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()),
            updated_at: now,
            ..before.clone()
        };
        after.version = lvyue_db::versioned::bump(conn, before.version, |conn, next| {
            after.version = next;
            diesel::update(sanctions::table.find(id).filter(sanctions::version.eq(before.version)))
                .set(&after)
                .execute(conn)
        })?;
        lvyue_outbox::events::append(conn, now, events::about(&after, events::ACKNOWLEDGED))?;
        changed(conn, actor, "sanction.acknowledge", &before, &after, now)?;
        Ok(after)
    })
}
