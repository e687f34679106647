//! Circulars (通报): a credit office's criticism (通报批评), commendation (表扬) or progress report
//! (工作进展) for a period, naming units, cases and credit records (001 三(三)2; 002 三(三),
//! 四(七)–(八)). A draft is made, then published: it becomes public, `circular.published` is
//! announced, and a criticism puts 公开通报批评 (`public_criticism`) in force on every record it
//! names that is in force — through the sanctions' own case-by-case imposition.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::{Actor, AppError, AppResult, Message, RecordStatus, RegionCode};
use lvyue_db::schema::circulars;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

lvyue_core::code_enum! {
    /// What a circular is.
    pub enum CircularKind {
        /// 通报批评.
        Criticism => ("criticism", "通报批评", "criticism"),
        /// 通报表扬.
        Commendation => ("commendation", "通报表扬", "commendation"),
        /// 工作进展通报.
        Progress => ("progress", "工作进展通报", "progress report"),
    }
}

lvyue_core::code_enum! {
    /// Where a circular stands.
    pub enum CircularStatus {
        /// 草稿.
        Draft => ("draft", "草稿", "draft"),
        /// 已发布: public.
        Published => ("published", "已发布", "published"),
    }
}

/// `POST /api/v1/circulars`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CircularInput {
    /// The division (the credit office's own or within it).
    pub region_code: String,
    /// The period it covers, e.g. `2026-Q4` (1–20 characters).
    pub period: String,
    /// 标题 (1–200 characters).
    pub title: String,
    /// 正文 (1–20,000 characters); never a complainant's personal data.
    pub body: String,
    /// `criticism`, `commendation` or `progress`.
    pub kind: CircularKind,
    /// The units named: registry organisations' credit codes (at most 100).
    #[serde(default)]
    pub units: Vec<String>,
    /// The cases named: their ids (at most 100).
    #[serde(default)]
    pub cases: Vec<String>,
    /// The credit records named: their ids (at most 100). A published criticism puts
    /// `public_criticism` in force on each one in force.
    #[serde(default)]
    pub records: Vec<String>,
    /// Documents (at most 20).
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
}

impl CircularInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "region_code": "340300", "period": "2026-Q4", "title": "关于2026年第四季度政务失信问题的通报",
            "body": "经核查，以下单位存在拖欠企业账款、拒不履行合同约定等问题，现予以通报批评。",
            "kind": "criticism", "units": ["11340321MB0000010K"], "cases": [], "records": [], "attachments": []
        })
    }
}

/// A circular as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Circular {
    /// Opaque id.
    pub id: String,
    /// The division.
    pub region_code: String,
    /// The period.
    pub period: String,
    /// 标题.
    pub title: String,
    /// 正文.
    pub body: String,
    /// `criticism`, `commendation`, `progress`.
    pub kind: CircularKind,
    /// The units named (credit codes).
    pub units: Vec<String>,
    /// The cases named.
    pub cases: Vec<String>,
    /// The records named.
    pub records: Vec<String>,
    /// Documents.
    pub attachments: Vec<AttachmentInput>,
    /// `draft` or `published`.
    pub status: CircularStatus,
    /// Pass back to publish.
    pub version: i32,
    /// When it was published.
    pub published_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = circulars, treat_none_as_null = true)]
struct CircularRow {
    id: String,
    region_code: String,
    period: String,
    title: String,
    body: String,
    kind: String,
    units: String,
    cases: String,
    records: String,
    attachments: String,
    status: String,
    version: i32,
    created_by: String,
    created_at: NaiveDateTime,
    published_at: Option<NaiveDateTime>,
}

impl CircularRow {
    fn view(&self) -> AppResult<Circular> {
        let list = |s: &str| {
            serde_json::from_str::<Vec<String>>(s)
                .map_err(|e| AppError::internal(format!("stored circular {}: {e}", self.id)))
        };
        Ok(Circular {
            id: self.id.clone(),
            region_code: self.region_code.clone(),
            period: self.period.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            kind: CircularKind::from_stored(&self.kind)?,
            units: list(&self.units)?,
            cases: list(&self.cases)?,
            records: list(&self.records)?,
            attachments: serde_json::from_str(&self.attachments).unwrap_or_default(),
            status: CircularStatus::from_stored(&self.status)?,
            version: self.version,
            published_at: self.published_at.map(lvyue_core::time::stored_to_shanghai),
        })
    }
}

/// `value` trimmed, refused unless 1–`max` characters (the field `field`).
pub(crate) fn text(field: &str, value: &str, max: usize) -> AppResult<String> {
    lvyue_core::validation::bounded_text(field, value, max)
}

fn listed(field: &str, items: &[String], max: usize) -> AppResult<()> {
    if items.len() > max {
        return Err(AppError::invalid(field, "too_many", format!("最多 {max} 项"), format!("at most {max} items")));
    }
    if items.iter().any(|i| i.trim().is_empty() || i.len() > 64) {
        return Err(AppError::invalid(field, "invalid_value", "含有空值或过长的值", "an empty or overlong item"));
    }
    Ok(())
}

/// Makes a draft circular of the caller's region.
pub fn create(conn: &mut DbConn, actor: &Actor, input: CircularInput, now: NaiveDateTime) -> AppResult<Circular> {
    actor.require(crate::scheme::OWNERS)?;
    let region = RegionCode::parse(&input.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    let (period, title, body) =
        (text("period", &input.period, 20)?, text("title", &input.title, 200)?, text("body", &input.body, 20_000)?);
    listed("units", &input.units, 100)?;
    listed("cases", &input.cases, 100)?;
    listed("records", &input.records, 100)?;
    lvyue_core::attachment::check_all("attachments", &input.attachments, 20)?;
    let own = crate::access::owned_region(conn, actor)?;
    if own.as_ref().is_some_and(|o| !o.contains(&region)) {
        return Err(AppError::invalid("region_code", "outside_region", "不在本信用办辖区内", "outside your region"));
    }
    for (i, u) in input.units.iter().enumerate() {
        if lvyue_registry::organisation::find_by_uscc(conn, u.trim())?.is_none() {
            return Err(AppError::invalid(
                &format!("units[{i}]"),
                "unknown_organisation",
                "名录中没有该机构",
                "no such organisation in the registry",
            ));
        }
    }
    let scope = lvyue_credit_record::scope::scope_of(conn, actor)?;
    for (i, r) in input.records.iter().enumerate() {
        if lvyue_credit_record::scope::load_visible(conn, &scope, r.trim(), false).is_err() {
            return Err(AppError::invalid(
                &format!("records[{i}]"),
                "unknown_record",
                "没有该信用记录或无权查看",
                "no such record in your region",
            ));
        }
    }
    let json = |v: &[String]| {
        serde_json::to_string(&v.iter().map(|s| s.trim()).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".to_owned())
    };
    let row = CircularRow {
        id: lvyue_core::ids::CircularId::generate().into_string(),
        region_code: region.as_str().to_owned(),
        period,
        title,
        body,
        kind: input.kind.code().to_owned(),
        units: json(&input.units),
        cases: json(&input.cases),
        records: json(&input.records),
        attachments: serde_json::to_string(&input.attachments).unwrap_or_else(|_| "[]".to_owned()),
        status: CircularStatus::Draft.code().to_owned(),
        version: 1,
        created_by: actor.subject.clone(),
        created_at: now,
        published_at: None,
    };
    write_tx(conn, |conn| {
        diesel::insert_into(circulars::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "circular.create",
                entity_type: "circular",
                entity_id: &row.id,
                before: None,
                after: serde_json::to_value(row.view()?).ok(),
            },
        )
    })?;
    row.view()
}

/// Circular `id` as the caller may see it: published ones for anyone (`actor` None: the
/// public), drafts for their region's readers.
pub fn find_visible(conn: &mut DbConn, actor: Option<&Actor>, id: &str) -> AppResult<Circular> {
    let row: CircularRow =
        circulars::table.find(id).select(CircularRow::as_select()).first(conn).optional()?.ok_or(AppError::NotFound)?;
    if row.status != CircularStatus::Published.code() {
        crate::access::may_read(conn, actor.ok_or(AppError::NotFound)?, &row.region_code)?;
    }
    row.view()
}

/// A page of the published circulars.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublishedCirculars {
    /// Newest first.
    pub circulars: Vec<Circular>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The published circulars, newest first, a page after `cursor`.
pub fn published(conn: &mut DbConn, cursor: Option<&str>, limit: i64) -> AppResult<PublishedCirculars> {
    let mut q = circulars::table
        .filter(circulars::status.eq(CircularStatus::Published.code()))
        .filter(circulars::published_at.is_not_null())
        .into_boxed();
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(circulars::published_at.lt(at).or(circulars::published_at.eq(at).and(circulars::id.lt(id))));
    }
    let rows: Vec<CircularRow> = q
        .order_by((circulars::published_at.desc(), circulars::id.desc()))
        .limit(limit + 1)
        .select(CircularRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) =
        lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.published_at.unwrap_or(r.created_at), &r.id));
    Ok(PublishedCirculars { circulars: rows.iter().map(CircularRow::view).collect::<AppResult<_>>()?, next_cursor })
}

/// What publishing needs besides the circular.
pub struct PublishContext<'a> {
    /// For the measures' acknowledgement deadline.
    pub calendar: &'a WorkingCalendar,
    /// Working days the implementer has to acknowledge.
    pub ack_working_days: u32,
    /// Today (Asia/Shanghai).
    pub today: NaiveDate,
}

/// Publishes draft `id` at the version read; a criticism puts `public_criticism` in force on
/// each record it names that is in force (one already bearing it is left as it is).
pub fn publish(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    version: i32,
    ctx: &PublishContext<'_>,
    now: NaiveDateTime,
) -> AppResult<Circular> {
    actor.require(crate::scheme::OWNERS)?;
    write_tx(conn, |conn| {
        let before: CircularRow =
            lvyue_db::locked!(conn, for_update, circulars::table.find(id).select(CircularRow::as_select()), |q, c| q
                .first(c)
                .optional())?
            .ok_or(AppError::NotFound)?;
        find_visible(conn, Some(actor), id)?;
        lvyue_db::versioned::check(version, before.version)?;
        if before.status != CircularStatus::Draft.code() {
            return Err(AppError::conflict(
                "already_published",
                Message::new("该通报已发布", "this circular is already published"),
            ));
        }
        let after = CircularRow {
            status: CircularStatus::Published.code().to_owned(),
            version: before.version + 1,
            published_at: Some(now),
            ..before.clone()
        };
        diesel::update(circulars::table.find(id)).set(&after).execute(conn)?;
        let view = after.view()?;
        if view.kind == CircularKind::Criticism {
            criticise(conn, actor, &view, ctx, now)?;
        }
        lvyue_outbox::events::append(conn, now, crate::events::circular_published(&view))?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "circular.publish",
                entity_type: "circular",
                entity_id: id,
                before: None,
                after: serde_json::to_value(&view).ok(),
            },
        )?;
        Ok(view)
    })
}

/// 公开通报批评 on every record the criticism names that is in force, for a year (or until the
/// record's own end, if sooner).
fn criticise(
    conn: &mut DbConn,
    actor: &Actor,
    c: &Circular,
    ctx: &PublishContext<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let scope = lvyue_credit_record::scope::scope_of(conn, actor)?;
    for record_id in &c.records {
        let record = lvyue_credit_record::scope::load_visible(conn, &scope, record_id, false)?;
        if record.status()? != RecordStatus::Active {
            continue;
        }
        let year = ctx.today.checked_add_months(chrono::Months::new(12)).unwrap_or(ctx.today);
        let planned_end_on = year.min(record.expires_on.pred_opt().unwrap_or(record.expires_on));
        if planned_end_on < ctx.today {
            continue;
        }
        let input = lvyue_sanction::impose::ImposeInput {
            measure: "public_criticism".to_owned(),
            record_id: record.id.clone(),
            basis: format!("《{}》（{}）", c.title, c.period),
            document_number: c.id.clone(),
            starts_on: ctx.today,
            planned_end_on,
        };
        let impose_ctx = lvyue_sanction::impose::ImposeContext {
            calendar: ctx.calendar,
            ack_working_days: ctx.ack_working_days,
            today: ctx.today,
            now,
        };
        match lvyue_sanction::impose::impose(conn, actor, input, impose_ctx) {
            Ok(_) => {}
            Err(AppError::Conflict { code: "already_in_force", .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The names of the units `c` names, as the registry has them (a credit code it no longer
/// holds shows as itself).
pub fn unit_names(conn: &mut DbConn, c: &Circular) -> AppResult<Vec<String>> {
    let mut names = Vec::with_capacity(c.units.len());
    for u in &c.units {
        let found = lvyue_registry::organisation::find_by_uscc(conn, u)?;
        names.push(found.map_or_else(|| u.clone(), |o| o.name));
    }
    Ok(names)
}
