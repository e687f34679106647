//! The public face, without a token: `GET /public/assessments[/{id}]` and
//! `GET /public/circulars[/{id}]` — published ones only. Cacheable: `Cache-Control: public, max-age=300` and an `ETag` (a matching
//! `If-None-Match` answers 304).

use crate::assessment::{self, Assessment};
use crate::circular::{self, Circular};
use actix_web::{get, web, HttpRequest, HttpResponse};
use lvyue_web::{db, ApiResult, AppState};
use serde::Serialize;
use utoipa::ToSchema;

/// The published assessments.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedAssessments {
    /// Newest first (at most 100).
    pub assessments: Vec<Assessment>,
}

/// The published assessments' rankings (打分排名后予以公布), for the credit website; no token.
#[utoipa::path(
    tag = "public",
    responses(
        (status = 200, description = "The published assessments", body = PublishedAssessments),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/assessments")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let assessments = db::run(&state, |conn| assessment::published(conn, 100)).await?;
    Ok(lvyue_web::cache::public_json(&req, &PublishedAssessments { assessments }))
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
    let found = db::run(&state, move |conn| assessment::find_visible(conn, None, &id, today)).await?;
    Ok(lvyue_web::cache::public_json(&req, &found))
}

/// The published circulars.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedCirculars {
    /// Newest first (at most 100).
    pub circulars: Vec<Circular>,
}

/// The published circulars (通报), for the credit website; no token.
#[utoipa::path(
    tag = "public",
    responses(
        (status = 200, description = "The published circulars", body = PublishedCirculars),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
    )
)]
#[get("/public/circulars")]
pub async fn circulars(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let circulars = db::run(&state, |conn| circular::published(conn, 100)).await?;
    Ok(lvyue_web::cache::public_json(&req, &PublishedCirculars { circulars }))
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
    let id = path.into_inner();
    let found = db::run(&state, move |conn| circular::find_visible(conn, None, &id)).await?;
    Ok(lvyue_web::cache::public_json(&req, &found))
}
