//! `GET /sanctions`, `GET /sanctions/{id}`, `POST /sanctions/{id}/acknowledgement`.

use super::region_of;
use crate::sanction::{acknowledge, AcknowledgementInput, Sanction, SanctionRow, IN_FORCE};
use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use lvyue_core::{AppError, RegionCode, Role};
use lvyue_db::schema::sanctions;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SanctionQuery {
    /// `in_force`, `suspended` or `ended`.
    #[param(inline)]
    pub status: Option<lvyue_core::sanction::SanctionStatus>,
    /// `true`: only those in force, not acknowledged and past their day.
    pub ack_overdue: Option<bool>,
    /// The record that caused them.
    #[param(format = Uuid)]
    pub record_id: Option<String>,
    /// Whom they bind (credit code).
    pub target: Option<String>,
    /// A division (a city includes its counties).
    pub region_code: Option<String>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// A page of measures.
#[derive(Debug, Serialize, ToSchema)]
pub struct SanctionPage {
    /// Newest first.
    pub sanctions: Vec<Sanction>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// Measures in force (and ended) in the caller's region, newest first.
#[utoipa::path(
    tag = "sanction",
    params(SanctionQuery),
    responses(
        (status = 200, description = "A page", body = SanctionPage),
        (status = 403, description = "The role reads no measures", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sanctions")]
pub async fn list_sanctions(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<SanctionQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let filter_region = q
        .region_code
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
        .transpose()?;
    let now = state.clock.now();
    let today = lvyue_core::time::shanghai_date(now);
    let page = db::run(&state, move |conn| {
        let own = region_of(conn, &actor)?;
        let mut query = sanctions::table.select(SanctionRow::as_select()).into_boxed();
        for region in [own, filter_region].into_iter().flatten() {
            let (lo, hi) = region.scope_range();
            query = query.filter(sanctions::region_code.between(lo, hi));
        }
        if let Some(s) = q.status {
            query = query.filter(sanctions::status.eq(s.code()));
        }
        if q.ack_overdue == Some(true) {
            query = query
                .filter(sanctions::status.eq(IN_FORCE))
                .filter(sanctions::acknowledged_at.is_null())
                .filter(sanctions::ack_due_on.lt(today));
        }
        if let Some(r) = q.record_id {
            query = query.filter(sanctions::record_id.eq(r));
        }
        if let Some(t) = q.target {
            query = query.filter(sanctions::target_uscc.eq(t.trim().to_ascii_uppercase()));
        }
        if let Some(c) = q.cursor {
            query = query.filter(sanctions::id.lt(c));
        }
        let mut rows: Vec<SanctionRow> = query.order_by(sanctions::id.desc()).limit(limit + 1).load(conn)?;
        let next_cursor = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|r| r.id.clone())
        } else {
            None
        };
        Ok(SanctionPage { sanctions: rows.iter().map(|r| r.view_on(Some(today))).collect(), next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

fn visible(own: &Option<RegionCode>, row: &SanctionRow) -> bool {
    own.as_ref().is_none_or(|r| RegionCode::parse(&row.region_code).is_ok_and(|c| r.contains(&c)))
}

/// One measure.
#[utoipa::path(
    tag = "sanction",
    params(("id" = String, Path, description = "The measure in force")),
    responses(
        (status = 200, description = "The measure", body = Sanction),
        (status = 404, description = "No such measure in the caller's region", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sanctions/{id}")]
pub async fn get_sanction(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let today = lvyue_core::time::shanghai_date(state.clock.now());
    let view = db::run(&state, move |conn| {
        let own = region_of(conn, &actor)?;
        let row: SanctionRow = sanctions::table
            .find(&id)
            .select(SanctionRow::as_select())
            .first(conn)
            .optional()?
            .filter(|r| visible(&own, r))
            .ok_or(AppError::NotFound)?;
        Ok(row.view_on(Some(today)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The implementing department acknowledges a measure and records its implementation
/// (date, document number, note) — once. A credit office or an admin may record it too.
#[utoipa::path(
    tag = "sanction",
    params(("id" = String, Path, description = "The measure in force")),
    request_body(content = AcknowledgementInput, example = AcknowledgementInput::example),
    responses(
        (status = 200, description = "The measure after the acknowledgement", body = Sanction),
        (status = 403, description = "An auditor, or a role that acknowledges nothing", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such measure in the caller's region", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already acknowledged, ended, or a stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sanctions/{id}/acknowledgement")]
pub async fn acknowledge_sanction(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<AcknowledgementInput>,
) -> ApiResult<HttpResponse> {
    actor.require(&[Role::Admin, Role::CreditOffice, Role::Department])?;
    let id = path.into_inner();
    let now = state.clock.now();
    let today = lvyue_core::time::shanghai_date(now);
    let stored = lvyue_core::time::to_stored(now);
    let view = db::run_write(&state, move |conn| {
        let own = region_of(conn, &actor)?;
        let row = acknowledge(conn, &actor, |r| visible(&own, r), &id, body.value, (today, stored))?;
        Ok(row.view_on(Some(today)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
