//! The catalogue of measures (惩戒措施目录) as data: seeded by migration with every measure
//! of DOMAIN.md, edited by an admin with a reason, each version kept and audited.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::sanction::{Benefit, Binds, ImplementerKind};
use lvyue_core::{Actor, AppError, AppResult, BreachCategory, FieldError, Grade, Message, OrgKind, RecordKind};
use lvyue_db::schema::{sanction_measure_versions, sanction_measures};
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A stored catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, AsChangeset)]
#[diesel(table_name = sanction_measures)]
pub struct MeasureRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub basis: String,
    pub implementer_kind: String,
    pub binds: String,
    pub benefits: String,
    pub trigger_kinds: String,
    pub trigger_min_grade: String,
    pub subject_kinds: String,
    pub waivable_on_early_remedy: bool,
    pub active: bool,
    pub version: i32,
    pub updated_at: NaiveDateTime,
    pub trigger_categories: String,
}

/// The rule that puts a measure in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Trigger {
    /// Record kinds that trigger it; empty: never automatically (a measure decided case by case).
    pub record_kinds: Vec<RecordKind>,
    /// The lowest grade that triggers it.
    pub min_grade: Grade,
    /// The subject kinds it applies to (e.g. organs and public institutions); empty: any.
    pub subject_kinds: Vec<OrgKind>,
    /// Breach categories whose determinations trigger it too, whatever `record_kinds` says
    /// (`payment_arrears`: the measures of 保障中小企业款项支付条例); empty: none.
    #[serde(default)]
    pub categories: Vec<BreachCategory>,
}

/// A catalogue entry as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Measure {
    /// Stable code, e.g. `restrict_government_procurement`.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Legal basis (依据).
    pub basis: String,
    /// The kind of body that implements it.
    pub implementer_kind: ImplementerKind,
    /// Whom it binds.
    pub binds: Binds,
    /// The benefits it restricts (none for a measure such as a written warning).
    pub benefits: Vec<Benefit>,
    /// When it comes into force.
    pub trigger: Trigger,
    /// Lightened or waived for a department that remedied before the determination (issue 7).
    pub waivable_on_early_remedy: bool,
    /// False: no longer put in force (measures already in force stay).
    pub active: bool,
    /// Pass back with changes.
    pub version: i32,
    /// Last changed.
    pub updated_at: DateTime<FixedOffset>,
}

fn codes<T: serde::de::DeserializeOwned>(raw: &str) -> Vec<T> {
    serde_json::from_str(raw).unwrap_or_default()
}

impl MeasureRow {
    /// The view (stored codes are trusted: only this module writes them).
    pub fn view(&self) -> AppResult<Measure> {
        Ok(Measure {
            code: self.code.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            basis: self.basis.clone(),
            implementer_kind: ImplementerKind::from_stored(&self.implementer_kind)?,
            binds: Binds::from_stored(&self.binds)?,
            benefits: codes(&self.benefits),
            trigger: Trigger {
                record_kinds: codes(&self.trigger_kinds),
                min_grade: Grade::from_stored(&self.trigger_min_grade)?,
                subject_kinds: codes(&self.subject_kinds),
                categories: codes(&self.trigger_categories),
            },
            waivable_on_early_remedy: self.waivable_on_early_remedy,
            active: self.active,
            version: self.version,
            updated_at: lvyue_core::time::stored_to_shanghai(self.updated_at),
        })
    }
}

impl Measure {
    /// True when its rule matches a record of `kind` and `grade` (a determination's breach
    /// `category`) against a subject of `subject_kind`, with an early remedy (主动纠正) or not,
    /// active or not: a measure already in force stays while its record still matches, even if
    /// the entry was since deactivated.
    pub fn matches_record(
        &self,
        (kind, grade, subject_kind): (RecordKind, Grade, Option<OrgKind>),
        category: Option<&str>,
        early_remedy: bool,
    ) -> bool {
        let by_category = kind == RecordKind::BreachDetermination
            && category.and_then(BreachCategory::from_code).is_some_and(|c| self.trigger.categories.contains(&c));
        (self.trigger.record_kinds.contains(&kind) || by_category)
            && grade.rank() >= self.trigger.min_grade.rank()
            && (self.trigger.subject_kinds.is_empty()
                || subject_kind.is_some_and(|k| self.trigger.subject_kinds.contains(&k)))
            && !(early_remedy && self.waivable_on_early_remedy)
    }
}

/// The whole catalogue, by code.
pub fn list(conn: &mut DbConn) -> AppResult<Vec<Measure>> {
    let rows: Vec<MeasureRow> =
        sanction_measures::table.order_by(sanction_measures::code).select(MeasureRow::as_select()).load(conn)?;
    rows.iter().map(MeasureRow::view).collect()
}

/// A change to a catalogue entry: the version read, why, and the members that change.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureUpdate {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// Why (required).
    pub reason: String,
    /// New Chinese name.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// New English name.
    #[serde(default)]
    pub name_en: Option<String>,
    /// New legal basis.
    #[serde(default)]
    pub basis: Option<String>,
    /// New implementer.
    #[serde(default)]
    pub implementer_kind: Option<ImplementerKind>,
    /// New binding.
    #[serde(default)]
    pub binds: Option<Binds>,
    /// New benefits.
    #[serde(default)]
    pub benefits: Option<Vec<Benefit>>,
    /// New trigger.
    #[serde(default)]
    pub trigger: Option<Trigger>,
    /// New early-remedy flag.
    #[serde(default)]
    pub waivable_on_early_remedy: Option<bool>,
    /// Stop (false) or resume (true) putting it in force.
    #[serde(default)]
    pub active: Option<bool>,
}

impl MeasureUpdate {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "reason": "按修订后的惩戒措施清单更新名称", "name_zh": "取消评优评先资格"})
    }
}

fn text(field: &str, value: Option<String>, max: usize) -> AppResult<Option<String>> {
    match value.map(|v| v.trim().to_owned()) {
        Some(v) if v.is_empty() || v.chars().count() > max => Err(AppError::field(FieldError::new(
            field,
            "invalid_length",
            Message::new(format!("须为 1–{max} 个字符"), format!("must be 1–{max} characters")),
        ))),
        other => Ok(other),
    }
}

/// Changes entry `code` as its next version, audited.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    code: &str,
    input: MeasureUpdate,
    now: NaiveDateTime,
) -> AppResult<Measure> {
    let reason = text("reason", Some(input.reason.clone()), 1000)?.unwrap_or_default();
    let name_zh = text("name_zh", input.name_zh, 200)?;
    let name_en = text("name_en", input.name_en, 200)?;
    let basis = text("basis", input.basis, 1000)?;
    write_tx(conn, |conn| {
        let before: MeasureRow = sanction_measures::table
            .find(code)
            .select(MeasureRow::as_select())
            .first(conn)
            .optional()?
            .ok_or(AppError::NotFound)?;
        if before.version != input.version {
            return Err(AppError::stale_version(before.version));
        }
        let after = MeasureRow {
            name_zh: name_zh.clone().unwrap_or(before.name_zh.clone()),
            name_en: name_en.clone().unwrap_or(before.name_en.clone()),
            basis: basis.clone().unwrap_or(before.basis.clone()),
            implementer_kind: input.implementer_kind.map_or(before.implementer_kind.clone(), |k| k.code().to_owned()),
            binds: input.binds.map_or(before.binds.clone(), |b| b.code().to_owned()),
            benefits: input.benefits.as_ref().map_or(before.benefits.clone(), json),
            trigger_kinds: input.trigger.as_ref().map_or(before.trigger_kinds.clone(), |t| json(&t.record_kinds)),
            trigger_min_grade: input
                .trigger
                .as_ref()
                .map_or(before.trigger_min_grade.clone(), |t| t.min_grade.code().to_owned()),
            subject_kinds: input.trigger.as_ref().map_or(before.subject_kinds.clone(), |t| json(&t.subject_kinds)),
            trigger_categories: input
                .trigger
                .as_ref()
                .map_or(before.trigger_categories.clone(), |t| json(&t.categories)),
            waivable_on_early_remedy: input.waivable_on_early_remedy.unwrap_or(before.waivable_on_early_remedy),
            active: input.active.unwrap_or(before.active),
            version: before.version + 1,
            updated_at: now,
            code: before.code.clone(),
        };
        diesel::update(sanction_measures::table.find(code).filter(sanction_measures::version.eq(before.version)))
            .set(&after)
            .execute(conn)?;
        if after.name_zh != before.name_zh {
            crate::restriction::rename(conn, code, &after.name_zh)?;
        }
        let view = after.view()?;
        diesel::insert_into(sanction_measure_versions::table)
            .values((
                sanction_measure_versions::code.eq(code),
                sanction_measure_versions::version.eq(after.version),
                sanction_measure_versions::snapshot.eq(serde_json::to_string(&view).unwrap_or_default()),
                sanction_measure_versions::reason.eq(Some(&reason)),
                sanction_measure_versions::changed_by.eq(&actor.subject),
                sanction_measure_versions::changed_at.eq(now),
            ))
            .execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "sanction_measure.update",
                entity_type: "sanction_measure",
                entity_id: code,
                before: Some(serde_json::to_value(before.view()?).unwrap_or_default()),
                after: Some(serde_json::to_value(&view).unwrap_or_default()),
            },
        )?;
        Ok(view)
    })
}

/// A code list as stored (JSON text).
fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned())
}
