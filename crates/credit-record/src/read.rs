//! Reading the credit record: one record with its history, filtered lists, a subject's
//! whole record and a region's roll-up — each limited to what the caller may see.

use crate::record::{CreditRecord, CreditRecordRow, RecordVersion, VersionRow};
use crate::scope::{condition, restrict, RecordScope};
use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use lvyue_core::{AppError, AppResult, Grade, RecordKind, RecordStatus, RecordVisibility, RegionCode};
use lvyue_db::schema::{credit_record_versions, credit_records};
use lvyue_db::DbConn;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// A record with its history, oldest version first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordWithHistory {
    /// The record as it is now.
    #[serde(flatten)]
    pub record: CreditRecord,
    /// Every version, oldest first.
    pub history: Vec<RecordVersion>,
}

/// The histories of `ids`, by record.
fn histories(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Vec<RecordVersion>>> {
    let mut map: HashMap<String, Vec<RecordVersion>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<VersionRow> = credit_record_versions::table
            .filter(credit_record_versions::record_id.eq_any(chunk))
            .order_by((credit_record_versions::record_id, credit_record_versions::version))
            .select(VersionRow::as_select())
            .load(conn)?;
        for v in rows {
            map.entry(v.record_id.clone()).or_default().push(v.view());
        }
    }
    Ok(map)
}

fn with_histories(conn: &mut DbConn, rows: Vec<CreditRecordRow>) -> AppResult<Vec<RecordWithHistory>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut h = histories(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| RecordWithHistory { history: h.remove(&r.id).unwrap_or_default(), record: r.view() })
        .collect())
}

/// One record, if the caller may see it.
pub fn find(conn: &mut DbConn, scope: &RecordScope, id: &str) -> AppResult<Option<CreditRecordRow>> {
    let query = restrict(credit_records::table.into_boxed(), scope).filter(credit_records::id.eq(id.to_owned()));
    Ok(query.select(CreditRecordRow::as_select()).first(conn).optional()?)
}

/// One record with its history; 404 when the caller may not see it.
pub fn get(conn: &mut DbConn, scope: &RecordScope, id: &str) -> AppResult<RecordWithHistory> {
    let row = find(conn, scope, id)?.ok_or(AppError::NotFound)?;
    with_histories(conn, vec![row])?.pop().ok_or(AppError::NotFound)
}

/// Filters for lists.
#[derive(Debug, Clone, Default)]
pub struct RecordFilter {
    /// Kind.
    pub kind: Option<RecordKind>,
    /// Status.
    pub status: Option<RecordStatus>,
    /// Grade.
    pub grade: Option<Grade>,
    /// Visibility.
    pub visibility: Option<RecordVisibility>,
    /// A division (a city includes its counties).
    pub region: Option<RegionCode>,
    /// A subject's credit code.
    pub subject_uscc: Option<String>,
    /// The case it came from.
    pub complaint_id: Option<String>,
    /// Only those whose subject the registry does not hold (the queue to resolve).
    pub unresolved_subject: bool,
    /// A subject's exact name.
    pub subject_name: Option<String>,
}

/// A page of records.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordPage {
    /// Newest first.
    pub records: Vec<CreditRecord>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// A filtered page of records, newest first.
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    filter: &RecordFilter,
    cursor_raw: Option<&str>,
    limit: i64,
) -> AppResult<RecordPage> {
    let mut query = restrict(credit_records::table.into_boxed(), scope);
    if let Some(k) = filter.kind {
        query = query.filter(credit_records::kind.eq(k.code()));
    }
    if let Some(s) = filter.status {
        query = query.filter(credit_records::status.eq(s.code()));
    }
    if let Some(g) = filter.grade {
        query = query.filter(credit_records::grade.eq(g.code()));
    }
    if let Some(v) = filter.visibility {
        query = query.filter(credit_records::visibility.eq(v.code()));
    }
    if let Some(r) = &filter.region {
        let (lo, hi) = r.scope_range();
        query = query.filter(credit_records::region_code.between(lo, hi));
    }
    if let Some(u) = &filter.subject_uscc {
        query = query.filter(credit_records::subject_uscc.eq(u.clone()));
    }
    if let Some(c) = &filter.complaint_id {
        query = query.filter(credit_records::complaint_id.eq(c.clone()));
    }
    if filter.unresolved_subject {
        query = query.filter(credit_records::subject_org_id.is_null());
    }
    if let Some(n) = &filter.subject_name {
        query = query.filter(credit_records::subject_name.eq(n.clone()));
    }
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor_raw)? {
        query = query.filter(
            credit_records::created_at.lt(at).or(credit_records::created_at.eq(at).and(credit_records::id.lt(id))),
        );
    }
    let rows: Vec<CreditRecordRow> = query
        .order_by((credit_records::created_at.desc(), credit_records::id.desc()))
        .limit(limit + 1)
        .select(CreditRecordRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.created_at, &r.id));
    Ok(RecordPage { records: rows.iter().map(CreditRecordRow::view).collect(), next_cursor })
}

/// A subject's credit record (the department's or the county's own).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectCreditRecord {
    /// 统一社会信用代码.
    pub uscc: String,
    /// Name (from the registry, or from its records).
    pub name: String,
    /// Registry id.
    pub org_id: Option<String>,
    /// Division.
    pub region_code: Option<String>,
    /// How many 失信 records are in force (`active` or `under_objection`); fulfilment information
    /// is listed among the records but counts in no breach figure.
    pub in_force: usize,
    /// Every record the caller may see, newest first, each with its history.
    pub records: Vec<RecordWithHistory>,
    /// The sanction measures in force against the subject (失信惩戒), from those records.
    pub sanctions_in_force: Vec<SanctionInForce>,
    /// Repair applications for those records (信用修复), newest first; empty for a channel
    /// and the public credit platform, which see the outcome as the record's status
    /// (`GET /api/v1/repair-applications/{id}` has each one's steps).
    pub repairs: Vec<RepairSummary>,
    /// Objections to those records (信用异议), newest first; empty for a channel and the
    /// public credit platform (`GET /api/v1/credit-objections/{id}` has each one's steps).
    pub objections: Vec<ObjectionSummary>,
}

/// A repair application as the subject's credit record lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RepairSummary {
    /// The application.
    pub id: String,
    /// The record it asks to repair.
    pub record_id: String,
    /// `pending`, `more_requested`, `approved`, `rejected`.
    pub status: String,
    /// True when the handling department applied on the subject's behalf.
    pub on_behalf: bool,
    /// When it was made.
    pub applied_at: chrono::DateTime<chrono::FixedOffset>,
    /// The decision is due by (null while paused for more material, or once decided).
    pub due_on: Option<chrono::NaiveDate>,
    /// When it was decided.
    pub decided_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The decision's reasons.
    pub decision_note: Option<String>,
}

/// An objection as the subject's credit record lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObjectionSummary {
    /// The objection.
    pub id: String,
    /// The record objected to.
    pub record_id: String,
    /// `pending`, `upheld`, `corrected`, `revoked`.
    pub status: String,
    /// When it was filed.
    pub filed_at: chrono::DateTime<chrono::FixedOffset>,
    /// The decision is due by.
    pub due_on: chrono::NaiveDate,
    /// When it was decided.
    pub decided_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The decision's reasons.
    pub decision_note: Option<String>,
}

type SummaryRow = (String, String, String, NaiveDateTime, Option<NaiveDateTime>, Option<String>);

/// The repair applications and objections of records `ids`, newest first.
fn repairs_and_objections(conn: &mut DbConn, ids: &[String]) -> AppResult<(Vec<RepairSummary>, Vec<ObjectionSummary>)> {
    use lvyue_core::time::stored_to_shanghai;
    use lvyue_db::schema::{credit_objections as o, repair_applications as a};
    let (mut repairs, mut objections) = (Vec::new(), Vec::new());
    for chunk in ids.chunks(500) {
        let rows: Vec<(SummaryRow, bool, Option<chrono::NaiveDate>)> = a::table
            .filter(a::record_id.eq_any(chunk))
            .select((
                (a::id, a::record_id, a::status, a::created_at, a::decided_at, a::decision_note),
                a::on_behalf,
                a::due_on,
            ))
            .load(conn)?;
        repairs.extend(rows.into_iter().map(|((id, record_id, status, at, decided, note), on_behalf, due_on)| {
            RepairSummary {
                id,
                record_id,
                status,
                on_behalf,
                applied_at: stored_to_shanghai(at),
                due_on,
                decided_at: decided.map(stored_to_shanghai),
                decision_note: note,
            }
        }));
        let rows: Vec<(SummaryRow, chrono::NaiveDate)> = o::table
            .filter(o::record_id.eq_any(chunk))
            .select(((o::id, o::record_id, o::status, o::created_at, o::decided_at, o::decision_note), o::due_on))
            .load(conn)?;
        objections.extend(rows.into_iter().map(|((id, record_id, status, at, decided, note), due_on)| {
            ObjectionSummary {
                id,
                record_id,
                status,
                filed_at: stored_to_shanghai(at),
                due_on,
                decided_at: decided.map(stored_to_shanghai),
                decision_note: note,
            }
        }));
    }
    repairs.sort_by(|x, y| y.id.cmp(&x.id));
    objections.sort_by(|x, y| y.id.cmp(&x.id));
    Ok((repairs, objections))
}

/// A sanction measure in force against a subject, as its credit record shows it (the
/// sanctions' own endpoints have the whole measure).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SanctionInForce {
    /// The measure in force (`GET /api/v1/sanctions/{id}`).
    pub id: String,
    /// Its catalogue code.
    pub measure: String,
    /// `subject` or `region` (the subject is the government of a county or city with a record).
    pub binds: String,
    /// The benefits it restricts.
    pub benefits: Vec<String>,
    /// The record that caused it.
    pub record_id: String,
    /// In force from.
    pub starts_on: chrono::NaiveDate,
    /// Planned end.
    pub planned_end_on: chrono::NaiveDate,
}

/// The measures in force against `uscc` caused by records in `visible` (the caller's slice).
fn sanctions_in_force(conn: &mut DbConn, uscc: &str, visible: &[String]) -> AppResult<Vec<SanctionInForce>> {
    use lvyue_db::schema::sanctions;
    type Row = (String, String, String, String, String, chrono::NaiveDate, chrono::NaiveDate);
    let rows: Vec<Row> = sanctions::table
        .filter(sanctions::target_uscc.eq(uscc))
        .filter(sanctions::status.eq("in_force"))
        .order_by((sanctions::measure_code, sanctions::id))
        .select((
            sanctions::id,
            sanctions::measure_code,
            sanctions::binds,
            sanctions::benefits,
            sanctions::record_id,
            sanctions::starts_on,
            sanctions::planned_end_on,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| r.2 == "region" || visible.contains(&r.4))
        .map(|(id, measure, binds, benefits, record_id, starts_on, planned_end_on)| SanctionInForce {
            id,
            measure,
            binds,
            benefits: serde_json::from_str(&benefits).unwrap_or_default(),
            record_id,
            starts_on,
            planned_end_on,
        })
        .collect())
}

/// The records of subject `uscc` the caller may see, with their histories.
pub fn subject(
    conn: &mut DbConn,
    scope: &RecordScope,
    uscc: &str,
    registry: Option<lvyue_registry::organisation::OrganisationRow>,
) -> AppResult<SubjectCreditRecord> {
    let rows: Vec<CreditRecordRow> = restrict(credit_records::table.into_boxed(), scope)
        .filter(credit_records::subject_uscc.eq(uscc.to_owned()))
        .order_by((credit_records::created_at.desc(), credit_records::id.desc()))
        .limit(10_000)
        .select(CreditRecordRow::as_select())
        .load(conn)?;
    if registry.is_none() && rows.is_empty() {
        return Err(AppError::NotFound);
    }
    let name = registry.as_ref().map(|o| o.name.clone()).or_else(|| rows.first().map(|r| r.subject_name.clone()));
    let in_force = rows.iter().filter(|r| r.is_breach() && r.status().is_ok_and(|s| s.in_force())).count();
    let visible: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let sanctions_in_force = sanctions_in_force(conn, uscc, &visible)?;
    // Applications and objections are the parties' business: the bodies that decide or
    // oversee them see them; a channel or the public credit platform sees only the outcome,
    // the record's status.
    let (repairs, objections) = match scope {
        RecordScope::Published | RecordScope::Shared => (Vec::new(), Vec::new()),
        _ => repairs_and_objections(conn, &visible)?,
    };
    Ok(SubjectCreditRecord {
        sanctions_in_force,
        repairs,
        objections,
        uscc: uscc.to_owned(),
        name: name.unwrap_or_default(),
        org_id: registry.as_ref().map(|o| o.id.clone()),
        region_code: registry.map(|o| o.region_code),
        in_force,
        records: with_histories(conn, rows)?,
    })
}

/// Counts of a subject's (or a region's) records.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct RecordCounts {
    /// All records.
    pub total: i64,
    /// In force (`active` or `under_objection`).
    pub in_force: i64,
    /// By status code.
    pub by_status: BTreeMap<String, i64>,
    /// By kind code.
    pub by_kind: BTreeMap<String, i64>,
    /// By grade code, of the records in force.
    pub in_force_by_grade: BTreeMap<String, i64>,
    /// Fulfilment information (履约践诺信息): counted here and in no figure above, which are
    /// figures of 失信 records.
    pub fulfilment: i64,
}

impl RecordCounts {
    fn add(&mut self, kind: &str, status: &str, grade: &str, n: i64) {
        if RecordKind::from_code(kind).is_some_and(|k| !k.is_breach()) {
            self.fulfilment += n;
            return;
        }
        self.total += n;
        *self.by_status.entry(status.to_owned()).or_default() += n;
        *self.by_kind.entry(kind.to_owned()).or_default() += n;
        if RecordStatus::from_code(status).is_some_and(|s| s.in_force()) {
            self.in_force += n;
            *self.in_force_by_grade.entry(grade.to_owned()).or_default() += n;
        }
    }
}

/// One subject in a region's roll-up.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectCounts {
    /// 统一社会信用代码.
    pub uscc: Option<String>,
    /// Name.
    pub name: String,
    /// Its division.
    pub region_code: String,
    /// Its counts.
    pub counts: RecordCounts,
}

/// A region's roll-up (a county's or city's government credit record).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionCreditRecord {
    /// The division.
    pub region_code: String,
    /// All its subjects' records together.
    pub totals: RecordCounts,
    /// How many of its departments have a 失信 record (fulfilment information aside).
    pub departments_with_records: usize,
    /// Departments with a record in force.
    pub departments_in_force: usize,
    /// Per department, those with most records in force first.
    pub departments: Vec<SubjectCounts>,
}

/// (subject_uscc, subject_name, region_code, kind, status, grade, count).
type GroupRow = (Option<String>, String, String, String, String, String, i64);

/// The roll-up of `region` (its subjects' records the caller may see), counted in the database.
pub fn region(conn: &mut DbConn, scope: &RecordScope, region: &RegionCode) -> AppResult<RegionCreditRecord> {
    let (lo, hi) = region.scope_range();
    let mut query = credit_records::table
        .filter(credit_records::region_code.between(lo, hi))
        .group_by((
            credit_records::subject_uscc,
            credit_records::subject_name,
            credit_records::region_code,
            credit_records::kind,
            credit_records::status,
            credit_records::grade,
        ))
        .select((
            credit_records::subject_uscc,
            credit_records::subject_name,
            credit_records::region_code,
            credit_records::kind,
            credit_records::status,
            credit_records::grade,
            count_star(),
        ))
        .into_boxed();
    if let Some(c) = condition(scope) {
        query = query.filter(c);
    }
    let groups: Vec<GroupRow> = query.load(conn)?;
    let mut totals = RecordCounts::default();
    let mut per: BTreeMap<(Option<String>, String), SubjectCounts> = BTreeMap::new();
    for (uscc, name, region_code, kind, status, grade, n) in groups {
        totals.add(&kind, &status, &grade, n);
        per.entry((uscc.clone(), name.clone()))
            .or_insert_with(|| SubjectCounts { uscc, name, region_code, counts: RecordCounts::default() })
            .counts
            .add(&kind, &status, &grade, n);
    }
    let mut departments: Vec<SubjectCounts> = per.into_values().collect();
    departments.sort_by(|a, b| b.counts.in_force.cmp(&a.counts.in_force).then(b.counts.total.cmp(&a.counts.total)));
    Ok(RegionCreditRecord {
        region_code: region.as_str().to_owned(),
        departments_with_records: departments.iter().filter(|d| d.counts.total > 0).count(),
        departments_in_force: departments.iter().filter(|d| d.counts.in_force > 0).count(),
        totals,
        departments,
    })
}
