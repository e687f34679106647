//! `/organisations`: create, read, replace, list and search, import.

use crate::import::{self, ImportReport};
use crate::organisation::{self, Organisation, OrganisationFilter, OrganisationInput};
use actix_web::{get, post, put, web, HttpResponse};
use lvyue_core::{AppError, OrgKind, OrgLevel, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A page of organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    /// The organisations.
    pub organisations: Vec<Organisation>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// Filters for the registry list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// A USCC (exact match) or part of a name.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Within this division (a city includes its counties).
    pub region_code: Option<String>,
    /// `province`, `city`, `county` or `township`.
    #[param(inline)]
    pub level: Option<OrgLevel>,
    /// `organ`, `public_institution`, `soe` or `other`.
    #[param(inline)]
    pub kind: Option<OrgKind>,
    /// Supervised by this organisation (USCC).
    pub supervisor_uscc: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// Replacing an organisation: its full data and the version read.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OrganisationReplace {
    /// The version the client read; a stale one answers 409.
    pub version: i32,
    /// The new data.
    #[serde(flatten)]
    pub organisation: OrganisationInput,
}

impl OrganisationReplace {
    /// Reads a body field by field, so every error names its field (serde's `flatten` loses
    /// the path): the version and the organisation's data, every problem of both at once.
    pub fn from_json(json: &serde_json::Value) -> Result<OrganisationReplace, lvyue_core::AppError> {
        let mut errors = Vec::new();
        let version = match json.get("version") {
            None => {
                errors.push(lvyue_core::FieldError::required("version"));
                None
            }
            Some(v) => lvyue_core::validation::parse_value::<i32>(v).map_err(|e| errors.push(e.at("version"))).ok(),
        };
        let mut rest = json.clone();
        if let Some(object) = rest.as_object_mut() {
            object.remove("version");
        }
        let input = lvyue_core::validation::parse_body::<OrganisationInput>(&rest).map_err(|e| errors.extend(e)).ok();
        match (version, input) {
            (Some(version), Some(organisation)) if errors.is_empty() => {
                Ok(OrganisationReplace { version, organisation })
            }
            _ => {
                errors.sort_by(|a, b| a.field.cmp(&b.field));
                Err(lvyue_core::AppError::Validation(errors))
            }
        }
    }

    /// An example body, as the document shows it; the tests send it: the organisation of
    /// `OrganisationInput::example` renamed, with the version read.
    pub fn example() -> serde_json::Value {
        let mut body = OrganisationInput::example();
        body["version"] = 1.into();
        body["name"] = "怀远县交通运输局（县港航事业发展中心）".into();
        body
    }
}

/// An import request (documents the body; the handler reads it as JSON and parses row by row).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct OrganisationImport {
    /// The organisations; rows may refer to each other in any order.
    #[schema(value_type = Vec<OrganisationInput>)]
    pub organisations: serde_json::Value,
}

impl OrganisationImport {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"organisations": [{
            "name": "怀远县水利局",
            "uscc": "11340321MB0000018C",
            "region_code": "340321",
            "level": "county",
            "kind": "organ",
            "parent_uscc": "11340321MB0000009E",
            "supervisor_uscc": "11340321MB0000009E"
        }]})
    }
}

/// Registers an organisation.
#[utoipa::path(
    tag = "registry",
    request_body(content = OrganisationInput, example = OrganisationInput::example),
    responses(
        (status = 201, description = "Registered", body = Organisation),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid codes or unknown references", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations")]
pub async fn create_organisation(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<OrganisationInput>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let org = db::run_write(&state, move |conn| organisation::create(conn, &actor, body.value, now)).await?;
    Ok(HttpResponse::Created().json(org))
}

/// Imports organisations, all or none: any invalid row loads nothing and every problem is
/// reported as `rows[i].field`. Existing organisations (same USCC) are updated.
#[utoipa::path(
    tag = "registry",
    request_body(content = OrganisationImport, example = OrganisationImport::example),
    responses(
        (status = 200, description = "Imported", body = ImportReport),
        (status = 422, description = "Some rows are invalid; nothing was loaded", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organisations/import")]
pub async fn import_organisations(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::organisation::EDITORS)?;
    let inputs = import::parse_json_value(body.value)?;
    let now = state.now();
    let report = db::run_write(&state, move |conn| import::import(conn, &actor, inputs, now)).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Lists and searches the registry (any authenticated caller).
#[utoipa::path(
    tag = "registry",
    params(OrganisationQuery),
    responses((status = 200, description = "A page", body = OrganisationPage)),
    security(("bearer" = []))
)]
#[get("/organisations")]
pub async fn list_organisations(
    state: web::Data<AppState>,
    _caller: Caller,
    query: lvyue_web::Query<OrganisationQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let after = lvyue_db::page::after_id(q.cursor.as_deref())?;
    let region = q
        .region_code
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
        .transpose()?;
    let (level, kind) = (q.level, q.kind);
    let supervisor_uscc = q.supervisor_uscc.clone();
    let page = db::run(&state, move |conn| {
        let supervisor_id = match supervisor_uscc {
            Some(u) => match organisation::find_by_uscc(conn, &u.trim().to_ascii_uppercase())? {
                Some(org) => Some(org.id),
                None => return Ok(OrganisationPage { organisations: Vec::new(), next_cursor: None }),
            },
            None => None,
        };
        let filter = OrganisationFilter { q: q.q, region, level, kind, supervisor_id };
        let rows = organisation::list(conn, &filter, after.as_deref(), limit)?;
        let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| vec![r.id.clone()]);
        Ok(OrganisationPage { organisations: organisation::views(conn, rows)?, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Reads one organisation by id or by USCC.
#[utoipa::path(
    tag = "registry",
    params(("id" = String, Path, description = "The organisation's id, or its USCC")),
    responses(
        (status = 200, description = "The organisation", body = Organisation),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/organisations/{id}")]
pub async fn get_organisation(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let key = path.into_inner();
    let org = db::run(&state, move |conn| {
        let row = match organisation::find(conn, &key)? {
            Some(row) => row,
            None => organisation::find_by_uscc(conn, &key.to_ascii_uppercase())?.ok_or(AppError::NotFound)?,
        };
        organisation::view(conn, row)
    })
    .await?;
    Ok(HttpResponse::Ok().json(org))
}

/// Replaces an organisation's data at the version read (admin). The USCC cannot change.
#[utoipa::path(
    tag = "registry",
    params(("id" = String, Path, description = "The organisation's id")),
    request_body(content = OrganisationReplace, example = OrganisationReplace::example),
    responses(
        (status = 200, description = "Updated", body = Organisation),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/organisations/{id}")]
pub async fn replace_organisation(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    actor.require(crate::organisation::EDITORS)?;
    let id = path.into_inner();
    let now = state.now();
    let OrganisationReplace { version, organisation: input } = OrganisationReplace::from_json(&body.value)?;
    let org = db::run_write(&state, move |conn| organisation::replace(conn, &actor, &id, version, input, now)).await?;
    Ok(HttpResponse::Ok().json(org))
}
