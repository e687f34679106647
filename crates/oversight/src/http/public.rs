//! The public face, without a token: `GET /public/assessments[/{id}]`,
//! `GET /public/circulars[/{id}]` and `GET /public/typical-cases[/{id}]` — published ones only. Cacheable: `Cache-Control: public, max-age=300` and an `ETag` (a matching
//! `If-None-Match` answers 304).

use crate::assessment::{self, Assessment, PublishedAssessments};
use crate::circular::{self, Circular, PublishedCirculars};
use crate::typical::read::{self as typical, PublicTypicalCasePage};
use crate::typical::store::PublicTypicalCase;
use actix_web::{get, web, HttpRequest, HttpResponse};
use lvyue_web::{db, ApiResult, AppState};
use serde::Deserialize;
use utoipa::IntoParams;

/// The published assessments' rankings (打分排名后予以公布), for the credit website; no token.
#[utoipa::path(
    tag = "public",
    params(PublicPageQuery),
    responses(
        (status = 200, description = "A page of the published assessments", body = PublishedAssessments),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/assessments")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: lvyue_web::Query<PublicPageQuery>,
) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let q = query.into_inner();
    let limit = lvyue_web::Limit::or_default(q.limit).0;
    let page = db::run_on_replica(&state, move |conn| assessment::published(conn, q.cursor.as_deref(), limit)).await?;
    Ok(lvyue_web::cache::public_json(&req, &page))
}

/// One published assessment; 404 for any other; no token.
#[utoipa::path(
    tag = "public",
    params(("id" = String, Path, description = "The assessment")),
    responses(
        (status = 200, description = "The published assessment", body = Assessment),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/assessments/{id}")]
pub async fn one(req: HttpRequest, state: web::Data<AppState>, path: web::Path<String>) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let id = path.into_inner();
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let found = db::run_on_replica(&state, move |conn| assessment::find_visible(conn, None, &id, today)).await?;
    Ok(lvyue_web::cache::public_json(&req, &found))
}

/// The published circulars (通报), for the credit website; no token.
#[utoipa::path(
    tag = "public",
    params(PublicPageQuery),
    responses(
        (status = 200, description = "A page of the published circulars", body = PublishedCirculars),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/circulars")]
pub async fn circulars(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: lvyue_web::Query<PublicPageQuery>,
) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let q = query.into_inner();
    let limit = lvyue_web::Limit::or_default(q.limit).0;
    let page = db::run_on_replica(&state, move |conn| circular::published(conn, q.cursor.as_deref(), limit)).await?;
    Ok(lvyue_web::cache::public_json(&req, &page))
}

/// One published circular; 404 for any other; no token.
#[utoipa::path(
    tag = "public",
    params(("id" = String, Path, description = "The circular")),
    responses(
        (status = 200, description = "The published circular", body = Circular),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/circulars/{id}")]
pub async fn one_circular(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let id = path.into_inner();
    let found = db::run_on_replica(&state, move |conn| circular::find_visible(conn, None, &id)).await?;
    Ok(lvyue_web::cache::public_json(&req, &found))
}

/// A page of the public list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicPageQuery {
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The published typical cases (典型案例), newest first, for the credit website and the media; no
/// token. Anonymised: never a complainant's personal data.
#[utoipa::path(
    tag = "public",
    params(PublicPageQuery),
    responses(
        (status = 200, description = "A page of published typical cases", body = PublicTypicalCasePage),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/typical-cases")]
pub async fn typical_cases(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: lvyue_web::Query<PublicPageQuery>,
) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let q = query.into_inner();
    let limit = lvyue_web::Limit::or_default(q.limit).0;
    let page = db::run_on_replica(&state, move |conn| typical::published(conn, q.cursor.as_deref(), limit)).await?;
    Ok(lvyue_web::cache::public_json(&req, &page))
}

/// One published typical case; 404 for any other (a draft, a withdrawn one); no token.
#[utoipa::path(
    tag = "public",
    params(("id" = String, Path, description = "The typical case")),
    responses(
        (status = 200, description = "The published typical case", body = PublicTypicalCase),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/typical-cases/{id}")]
pub async fn one_typical_case(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let id = path.into_inner();
    let found = db::run_on_replica(&state, move |conn| typical::published_one(conn, &id)).await?;
    Ok(lvyue_web::cache::public_json(&req, &found))
}
