//! Organisations (机构): rows, forms, queries and the create/update service.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::sanction::ImplementerKind;
use lvyue_core::validation::{field_errors, to_validation_error};
use lvyue_core::{Actor, AppError, AppResult, FieldError, Message, OrgId, OrgKind, OrgLevel, RegionCode, Role, Uscc};
use lvyue_db::schema::organisations;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// Who changes the registry.
pub const EDITORS: &[Role] = &[Role::Admin];

/// A stored organisation.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    /// Id.
    pub id: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 名称.
    pub name: String,
    /// 行政区划代码.
    pub region_code: String,
    /// Level code.
    pub level: String,
    /// Kind code.
    pub kind: String,
    /// The government it belongs to.
    pub parent_id: Option<String>,
    /// 上级部门或主管部门: handles complaints against it.
    pub supervisor_id: Option<String>,
    /// Optimistic-lock version.
    pub version: i32,
    /// Created (UTC).
    pub created_at: NaiveDateTime,
    /// Updated (UTC).
    pub updated_at: NaiveDateTime,
    /// 职能: the implementer kinds it holds, as a JSON array of codes.
    pub functions: String,
    /// When it was abolished or merged away (撤销、合并).
    pub abolished_at: Option<NaiveDateTime>,
    /// The organisation that took over its obligations.
    pub successor_id: Option<String>,
}

/// The insert form.
#[derive(Debug, Insertable)]
#[diesel(table_name = organisations)]
pub struct OrganisationInsert<'a> {
    id: &'a str,
    uscc: &'a str,
    name: &'a str,
    region_code: &'a str,
    level: &'a str,
    kind: &'a str,
    parent_id: Option<&'a str>,
    supervisor_id: Option<&'a str>,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    functions: &'a str,
}

/// The update form.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true)]
pub struct OrganisationUpdate<'a> {
    name: &'a str,
    region_code: &'a str,
    level: &'a str,
    kind: &'a str,
    parent_id: Option<&'a str>,
    supervisor_id: Option<&'a str>,
    version: i32,
    updated_at: NaiveDateTime,
    functions: &'a str,
}

fn check_uscc(v: &str) -> Result<(), validator::ValidationError> {
    Uscc::parse(v).map(|_| ()).map_err(to_validation_error)
}

fn check_region(v: &str) -> Result<(), validator::ValidationError> {
    RegionCode::parse(v).map(|_| ()).map_err(to_validation_error)
}

/// An organisation as clients send it (create, update, import).
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct OrganisationInput {
    /// 名称, e.g. `蚌埠市财政局`.
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// 统一社会信用代码 (GB 32100, check character verified).
    #[validate(custom(function = "check_uscc"))]
    #[schema(example = "11340300MB1234567W")]
    pub uscc: String,
    /// 行政区划代码 (GB/T 2260, six digits).
    #[validate(custom(function = "check_region"))]
    #[schema(example = "340300")]
    pub region_code: String,
    /// 层级.
    pub level: OrgLevel,
    /// 机构类型.
    pub kind: OrgKind,
    /// USCC of the government it belongs to.
    #[serde(default)]
    #[validate(custom(function = "check_uscc"))]
    pub parent_uscc: Option<String>,
    /// USCC of its supervising body (上级部门或主管部门), which handles complaints against it.
    #[serde(default)]
    #[validate(custom(function = "check_uscc"))]
    pub supervisor_uscc: Option<String>,
    /// 职能: the kinds of measure it carries out (the implementer kinds of `/meta/enums`),
    /// e.g. `["finance"]` for a finance bureau. Absent: a new organisation has none and an
    /// existing one keeps what it has; `[]` clears them.
    #[serde(default)]
    pub functions: Option<Vec<ImplementerKind>>,
}

impl OrganisationInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "name": "怀远县交通运输局",
            "uscc": "11340321MB00000179",
            "region_code": "340321",
            "level": "county",
            "kind": "organ",
            "parent_uscc": "11340321MB0000009E",
            "supervisor_uscc": "11340321MB0000009E",
            "functions": []
        })
    }
}

/// A reference to another organisation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct OrgRef {
    /// Id.
    pub id: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 名称.
    pub name: String,
}

/// An organisation as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organisation {
    /// Opaque id.
    pub id: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 名称.
    pub name: String,
    /// 行政区划代码.
    pub region_code: String,
    /// 层级.
    pub level: String,
    /// 机构类型.
    pub kind: String,
    /// The government it belongs to.
    pub parent: Option<OrgRef>,
    /// Its supervising body, which handles complaints against it.
    pub supervisor: Option<OrgRef>,
    /// 职能: the kinds of measure it carries out.
    pub functions: Vec<ImplementerKind>,
    /// When it was abolished or merged away; null while it stands.
    pub abolished_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The organisation that took over its open commitments and contracts.
    pub successor: Option<OrgRef>,
    /// Pass back when updating.
    pub version: i32,
    /// Created.
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
    /// Last updated.
    pub updated_at: chrono::DateTime<chrono::FixedOffset>,
}

impl OrganisationRow {
    /// A reference to this organisation.
    pub fn to_ref(&self) -> OrgRef {
        OrgRef { id: self.id.clone(), uscc: self.uscc.clone(), name: self.name.clone() }
    }

    /// The region it sits in.
    pub fn region(&self) -> AppResult<RegionCode> {
        RegionCode::parse(&self.region_code).map_err(|e| AppError::internal(format!("stored region: {}", e.message.en)))
    }

    /// Its functions (职能): the kinds of measure it carries out.
    pub fn functions(&self) -> AppResult<Vec<ImplementerKind>> {
        let codes: Vec<String> = serde_json::from_str(&self.functions)
            .map_err(|e| AppError::internal(format!("stored functions of {}: {e}", self.id)))?;
        codes.iter().map(|c| ImplementerKind::from_stored(c)).collect()
    }
}

/// Functions as stored: the codes, sorted and without repeats, as a JSON array.
pub fn stored_functions(functions: &[ImplementerKind]) -> String {
    let mut codes: Vec<&str> = functions.iter().map(|f| f.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    serde_json::to_string(&codes).unwrap_or_else(|_| "[]".to_owned())
}

/// The organisation of division `region`, other than `except` (a credit code), that holds
/// `function` and so carries out the measures of that kind there (the first in the registry
/// when several do).
pub fn implementing(
    conn: &mut DbConn,
    function: ImplementerKind,
    region: &str,
    except: &str,
) -> AppResult<Option<OrganisationRow>> {
    Ok(organisations::table
        .filter(organisations::region_code.eq(region))
        .filter(organisations::uscc.ne(except))
        .filter(organisations::functions.like(format!("%\"{}\"%", escape_like(function.code()))).escape('\\'))
        .order_by(organisations::id)
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Finds by id.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<OrganisationRow>> {
    Ok(organisations::table.find(id).select(OrganisationRow::as_select()).first(conn).optional()?)
}

/// The organisation a department's, credit office's or provider's token names; 403 when
/// the registry does not hold it.
pub fn of_actor(conn: &mut DbConn, actor: &lvyue_core::Actor) -> AppResult<OrganisationRow> {
    let uscc = actor.org.as_ref().ok_or_else(|| lvyue_core::AppError::internal("org token without org"))?;
    find_by_uscc(conn, uscc.as_str())?.ok_or_else(|| {
        lvyue_core::AppError::Forbidden(lvyue_core::Message::new(
            "令牌所属机构不在机构名录中",
            "the organisation named by the token is not in the registry",
        ))
    })
}

/// Finds by USCC.
pub fn find_by_uscc(conn: &mut DbConn, uscc: &str) -> AppResult<Option<OrganisationRow>> {
    Ok(organisations::table
        .filter(organisations::uscc.eq(uscc))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Finds by exact name within a region (for respondents given without a code).
pub fn find_by_name_in_region(conn: &mut DbConn, name: &str, region: &RegionCode) -> AppResult<Vec<OrganisationRow>> {
    Ok(organisations::table
        .filter(organisations::region_code.eq(region.as_str()))
        .filter(organisations::name.eq(name))
        .select(OrganisationRow::as_select())
        .limit(2)
        .load(conn)?)
}

/// Loads several organisations by id.
pub fn find_many(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<OrganisationRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(organisations::table.filter(organisations::id.eq_any(ids)).select(OrganisationRow::as_select()).load(conn)?)
}

/// Builds the API view, resolving parent and supervisor.
pub fn view(conn: &mut DbConn, row: OrganisationRow) -> AppResult<Organisation> {
    views(conn, vec![row])?.into_iter().next().ok_or(AppError::NotFound)
}

/// Builds API views for several rows with one extra query.
pub fn views(conn: &mut DbConn, rows: Vec<OrganisationRow>) -> AppResult<Vec<Organisation>> {
    let mut ids: Vec<String> = rows
        .iter()
        .flat_map(|r| [r.parent_id.clone(), r.supervisor_id.clone(), r.successor_id.clone()])
        .flatten()
        .collect();
    ids.sort();
    ids.dedup();
    let refs = find_many(conn, &ids)?;
    let lookup =
        |id: &Option<String>| id.as_ref().and_then(|id| refs.iter().find(|r| &r.id == id)).map(OrganisationRow::to_ref);
    Ok(rows
        .into_iter()
        .map(|r| Organisation {
            functions: r.functions().unwrap_or_default(),
            parent: lookup(&r.parent_id),
            supervisor: lookup(&r.supervisor_id),
            successor: lookup(&r.successor_id),
            abolished_at: r.abolished_at.map(lvyue_core::time::stored_to_shanghai),
            id: r.id,
            uscc: r.uscc,
            name: r.name,
            region_code: r.region_code,
            level: r.level,
            kind: r.kind,
            version: r.version,
            created_at: lvyue_core::time::stored_to_shanghai(r.created_at),
            updated_at: lvyue_core::time::stored_to_shanghai(r.updated_at),
        })
        .collect())
}

/// Validated input: codes parsed, references resolved.
pub struct ValidOrganisation {
    /// The input.
    pub input: OrganisationInput,
    /// Parsed USCC.
    pub uscc: Uscc,
    /// Parent id, resolved.
    pub parent_id: Option<String>,
    /// Supervisor id, resolved.
    pub supervisor_id: Option<String>,
}

impl ValidOrganisation {
    /// The functions to store: those sent, or else `current` (none for a new organisation).
    fn functions_or(&self, current: &str) -> String {
        self.input.functions.as_deref().map_or_else(|| current.to_owned(), stored_functions)
    }
}

/// Checks an input and resolves its references against the registry.
pub fn validate_input(conn: &mut DbConn, input: OrganisationInput) -> AppResult<ValidOrganisation> {
    let mut errors: Vec<FieldError> = match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => field_errors(&e),
    };
    let uscc = Uscc::parse(&input.uscc);
    if let Ok(u) = &uscc {
        if input.supervisor_uscc.as_deref() == Some(u.as_str()) {
            errors.push(FieldError::new(
                "supervisor_uscc",
                "self_reference",
                Message::new("机构不能是自己的主管部门", "an organisation cannot supervise itself"),
            ));
        }
    }
    let mut resolve = |field: &str, code: &Option<String>, errors: &mut Vec<FieldError>| -> AppResult<Option<String>> {
        let Some(code) = code else { return Ok(None) };
        let Ok(parsed) = Uscc::parse(code) else { return Ok(None) };
        match find_by_uscc(conn, parsed.as_str())? {
            Some(row) => Ok(Some(row.id)),
            None => {
                errors.push(FieldError::new(
                    field,
                    "unknown_organisation",
                    Message::new(
                        format!("名录中没有统一社会信用代码为 {code} 的机构"),
                        format!("no organisation with USCC {code} is in the registry"),
                    ),
                ));
                Ok(None)
            }
        }
    };
    let parent_id = resolve("parent_uscc", &input.parent_uscc, &mut errors)?;
    let supervisor_id = resolve("supervisor_uscc", &input.supervisor_uscc, &mut errors)?;
    match uscc {
        Ok(uscc) if errors.is_empty() => Ok(ValidOrganisation { input, uscc, parent_id, supervisor_id }),
        _ => {
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            errors.dedup_by(|a, b| a.field == b.field && a.code == b.code);
            Err(AppError::Validation(errors))
        }
    }
}

/// Inserts a validated organisation (no transaction of its own).
pub fn insert(conn: &mut DbConn, valid: &ValidOrganisation, now: NaiveDateTime) -> AppResult<OrganisationRow> {
    let id = OrgId::generate();
    let form = OrganisationInsert {
        id: id.as_str(),
        uscc: valid.uscc.as_str(),
        name: valid.input.name.trim(),
        region_code: valid.input.region_code.trim(),
        level: valid.input.level.code(),
        kind: valid.input.kind.code(),
        parent_id: valid.parent_id.as_deref(),
        supervisor_id: valid.supervisor_id.as_deref(),
        version: 1,
        created_at: now,
        updated_at: now,
        functions: &valid.functions_or("[]"),
    };
    diesel::insert_into(organisations::table).values(&form).execute(conn)?;
    find(conn, id.as_str())?.ok_or(AppError::NotFound)
}

/// Updates the row `id` at `version` (no transaction of its own); a stale version is 409.
pub fn update(
    conn: &mut DbConn,
    id: &str,
    version: i32,
    valid: &ValidOrganisation,
    now: NaiveDateTime,
) -> AppResult<OrganisationRow> {
    let current = find(conn, id)?.ok_or(AppError::NotFound)?;
    let functions = valid.functions_or(&current.functions);
    let next_version = version.checked_add(1).ok_or_else(|| AppError::stale_version(version))?;
    let form = OrganisationUpdate {
        name: valid.input.name.trim(),
        region_code: valid.input.region_code.trim(),
        level: valid.input.level.code(),
        kind: valid.input.kind.code(),
        parent_id: valid.parent_id.as_deref(),
        supervisor_id: valid.supervisor_id.as_deref(),
        version: next_version,
        updated_at: now,
        functions: &functions,
    };
    let n = diesel::update(
        organisations::table.filter(organisations::id.eq(id)).filter(organisations::version.eq(version)),
    )
    .set(&form)
    .execute(conn)?;
    if n == 0 {
        let current = find(conn, id)?.ok_or(AppError::NotFound)?;
        return Err(AppError::stale_version(current.version));
    }
    find(conn, id)?.ok_or(AppError::NotFound)
}

fn audit_json(row: &OrganisationRow) -> serde_json::Value {
    serde_json::to_value(row).unwrap_or(serde_json::Value::Null)
}

/// Creates an organisation (admin).
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    input: OrganisationInput,
    now: NaiveDateTime,
) -> AppResult<Organisation> {
    actor.require(EDITORS)?;
    let row = write_tx(conn, |conn| {
        let valid = validate_input(conn, input)?;
        if find_by_uscc(conn, valid.uscc.as_str())?.is_some() {
            return Err(AppError::field(FieldError::new(
                "uscc",
                "already_registered",
                Message::new("该统一社会信用代码已登记", "an organisation with this USCC is already registered"),
            )));
        }
        let row = insert(conn, &valid, now)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "organisation.create",
                entity_type: "organisation",
                entity_id: &row.id,
                before: None,
                after: Some(audit_json(&row)),
            },
        )?;
        Ok(row)
    })?;
    view(conn, row)
}

/// Replaces an organisation's data (admin), at the version the client read.
pub fn replace(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    version: i32,
    input: OrganisationInput,
    now: NaiveDateTime,
) -> AppResult<Organisation> {
    actor.require(EDITORS)?;
    let row = write_tx(conn, |conn| {
        let before = find(conn, id)?.ok_or(AppError::NotFound)?;
        let valid = validate_input(conn, input)?;
        if valid.uscc.as_str() != before.uscc {
            return Err(AppError::field(FieldError::new(
                "uscc",
                "immutable",
                Message::new("统一社会信用代码不可修改", "the USCC of an organisation cannot change"),
            )));
        }
        let after = update(conn, id, version, &valid, now)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "organisation.update",
                entity_type: "organisation",
                entity_id: id,
                before: Some(audit_json(&before)),
                after: Some(audit_json(&after)),
            },
        )?;
        Ok(after)
    })?;
    view(conn, row)
}

/// Filters for listing the registry.
#[derive(Debug, Default, Clone)]
pub struct OrganisationFilter {
    /// A USCC (exact) or part of a name.
    pub q: Option<String>,
    /// Within this region (a city includes its counties).
    pub region: Option<RegionCode>,
    /// This level.
    pub level: Option<OrgLevel>,
    /// This kind.
    pub kind: Option<OrgKind>,
    /// Supervised by this organisation id.
    pub supervisor_id: Option<String>,
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same on both backends (SQLite folds ASCII only; names are Chinese).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Lists organisations by id after `after`, at most `limit` (+1 to tell whether more follow).
pub fn list(
    conn: &mut DbConn,
    filter: &OrganisationFilter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<OrganisationRow>> {
    let mut query = organisations::table.select(OrganisationRow::as_select()).into_boxed();
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        match Uscc::parse(q) {
            Ok(code) => query = query.filter(organisations::uscc.eq(code.as_str().to_owned())),
            Err(_) => {
                let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
                query = query.filter(lower(organisations::name).like(pattern).escape('\\'))
            }
        }
    }
    if let Some(region) = &filter.region {
        let (lo, hi) = region.scope_range();
        query = query.filter(organisations::region_code.between(lo, hi));
    }
    if let Some(level) = filter.level {
        query = query.filter(organisations::level.eq(level.code()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(organisations::kind.eq(kind.code()));
    }
    if let Some(s) = &filter.supervisor_id {
        query = query.filter(organisations::supervisor_id.eq(s.clone()));
    }
    if let Some(after) = after {
        query = query.filter(organisations::id.gt(after.to_owned()));
    }
    Ok(query.order_by(organisations::id.asc()).limit(limit + 1).load(conn)?)
}

/// The organisations of `region` (a city includes its counties) that stand (not abolished), by
/// name; at most 10,000.
pub fn standing_in_region(conn: &mut DbConn, region: &RegionCode) -> AppResult<Vec<OrganisationRow>> {
    let (lo, hi) = region.scope_range();
    Ok(organisations::table
        .filter(organisations::region_code.between(lo, hi))
        .filter(organisations::abolished_at.is_null())
        .order_by((organisations::name.asc(), organisations::id.asc()))
        .limit(10_000)
        .select(OrganisationRow::as_select())
        .load(conn)?)
}

/// Marks organisation `id` abolished (撤销) or merged into `successor` (合并), at the version
/// read, in the caller's transaction (admin). The successor must stand; an abolished
/// organisation is abolished once (409 `already_abolished`).
pub fn abolish(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    version: i32,
    successor: Option<&OrganisationRow>,
    now: NaiveDateTime,
) -> AppResult<OrganisationRow> {
    actor.require(EDITORS)?;
    let current = find(conn, id)?.ok_or(AppError::NotFound)?;
    if current.abolished_at.is_some() {
        return Err(AppError::conflict(
            "already_abolished",
            Message::new("该机构已撤销", "the organisation is already abolished"),
        ));
    }
    if let Some(s) = successor {
        if s.id == id || s.abolished_at.is_some() {
            return Err(AppError::invalid(
                "successor_id",
                "invalid_successor",
                "承接单位须为另一个存续的机构",
                "the successor must be another organisation that stands",
            ));
        }
    }
    let n = diesel::update(
        organisations::table.filter(organisations::id.eq(id)).filter(organisations::version.eq(version)),
    )
    .set((
        organisations::abolished_at.eq(Some(now)),
        organisations::successor_id.eq(successor.map(|s| s.id.clone())),
        organisations::version.eq(version + 1),
        organisations::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::stale_version(current.version));
    }
    let after = find(conn, id)?.ok_or(AppError::NotFound)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor,
            action: "organisation.abolish",
            entity_type: "organisation",
            entity_id: id,
            before: Some(audit_json(&current)),
            after: Some(audit_json(&after)),
        },
    )?;
    Ok(after)
}
