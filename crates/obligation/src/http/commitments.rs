//! `POST/GET /commitments`, `GET/PATCH /commitments/{id}`, `POST /commitments/{id}/fulfilments`,
//! `POST /commitments/{id}/change`.

use crate::commitment::fulfil::{CommitmentChangeInput, FulfilmentInput};
use crate::commitment::read::{CommitmentFilter, CommitmentPage};
use crate::commitment::register::CommitmentInput;
use crate::commitment::store::Commitment;
use crate::commitment::update::CommitmentPatch;
use crate::commitment::{CommitmentKind, CommitmentStatus};
use actix_web::{get, patch, post, web, HttpResponse};
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Lists a commitment the caller's unit made (政务承诺): its kind, source, content, beneficiaries
/// and the day it is due (a department or data provider for its own organisation; an admin
/// naming it).
#[utoipa::path(
    tag = "obligation",
    request_body(content = CommitmentInput, example = CommitmentInput::example),
    responses(
        (status = 201, description = "Listed", body = Commitment),
        (status = 409, description = "The unit already listed this reference", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/commitments")]
pub async fn register_commitment(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<CommitmentInput>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let made =
        db::run_write(&state, move |conn| crate::commitment::register::register(conn, &actor, body.value, now)).await?;
    Ok(HttpResponse::Created().insert_header(("location", format!("/api/v1/commitments/{}", made.id))).json(made))
}

/// Which commitments.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommitmentQuery {
    /// A division (a city includes its counties).
    pub region_code: Option<String>,
    /// One unit (registry organisation id).
    pub org_id: Option<String>,
    /// A status.
    #[param(inline)]
    pub status: Option<CommitmentStatus>,
    /// A kind.
    #[param(inline)]
    pub kind: Option<CommitmentKind>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The commitments the caller sees, newest first: a unit its own; the credit office and the
/// justice bureau their region; auditors and admins all.
#[utoipa::path(
    tag = "obligation",
    params(CommitmentQuery),
    responses(
        (status = 200, description = "A page", body = CommitmentPage),
        (status = 403, description = "A role that reads no commitments", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/commitments")]
pub async fn list_commitments(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<CommitmentQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = q
        .region_code
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
        .transpose()?;
    let filter = CommitmentFilter { region, org_id: q.org_id, status: q.status, kind: q.kind };
    let limit = Limit::or_default(q.limit).0;
    let page = db::run_on_replica(&state, move |conn| {
        crate::commitment::read::list(conn, &actor, &filter, q.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One commitment, with its fulfilments.
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The commitment")),
    responses((status = 200, description = "The commitment", body = Commitment)),
    security(("bearer" = []))
)]
#[get("/commitments/{id}")]
pub async fn get_commitment(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let found = db::run(&state, move |conn| crate::commitment::read::get(conn, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Corrects a commitment's particulars at the version read (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The commitment")),
    request_body(content = CommitmentPatch, example = json!({"version": 1, "beneficiaries": "年度新增规上工业企业及专精特新企业"})),
    responses(
        (status = 200, description = "Corrected", body = Commitment),
        (status = 409, description = "A stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/commitments/{id}")]
pub async fn update_commitment(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<CommitmentPatch>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done = db::run_write(&state, move |conn| crate::commitment::update::update(conn, &actor, &id, body.value, now))
        .await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Records how a commitment was fulfilled (兑现情况), in part or in full, with evidence (its
/// unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The commitment")),
    request_body(content = FulfilmentInput, example = json!({"version": 1, "in_full": true, "note": "奖励资金已全部拨付", "evidence": [{"name": "拨付凭证.pdf", "url": "https://files.example.cn/f/1.pdf"}]})),
    responses(
        (status = 200, description = "The commitment with the fulfilment", body = Commitment),
        (status = 409, description = "Already fulfilled or changed, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/commitments/{id}/fulfilments")]
pub async fn fulfil_commitment(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<FulfilmentInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done = db::run_write(&state, move |conn| crate::commitment::fulfil::fulfil(conn, &actor, &id, body.value, now))
        .await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Records a lawful change of the promise (依法变更): its basis, procedure and the compensation
/// paid (its unit).
#[utoipa::path(
    tag = "obligation",
    params(("id" = String, Path, description = "The commitment")),
    request_body(content = CommitmentChangeInput, example = json!({"version": 1, "basis": "上级政策调整", "procedure": "经县政府常务会议研究决定并公告", "compensation_fen": 0})),
    responses(
        (status = 200, description = "Changed lawfully", body = Commitment),
        (status = 409, description = "Not open to change, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/commitments/{id}/change")]
pub async fn change_commitment(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<CommitmentChangeInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done = db::run_write(&state, move |conn| crate::commitment::fulfil::change(conn, &actor, &id, body.value, now))
        .await?;
    Ok(HttpResponse::Ok().json(done))
}
