//! Typical cases: `GET /typical-case-candidates`, `POST /typical-cases`, `GET /typical-cases`,
//! `GET /typical-cases/{id}`, `POST /typical-cases/{id}/opinions`, `…/publish`, `…/withdraw`.

use crate::assessment::StepInput;
use crate::figures::FigureFormat;
use crate::typical::candidates::{Candidates, Thresholds};
use crate::typical::opinion::{self, OpinionInput};
use crate::typical::propose::{self, TypicalCaseInput};
use crate::typical::read::{self, TypicalCasePage};
use crate::typical::step::{self, WithdrawInput};
use crate::typical::store::TypicalCase;
use crate::typical::TypicalCaseStatus;
use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// The candidates asked for; every threshold has a default.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidatesQuery {
    /// The division (a city includes its counties); a credit office's own or within it.
    pub region_code: String,
    /// First decision day of the records (YYYY-MM-DD).
    pub from: NaiveDate,
    /// Last decision day; the windows of repetition and complaints end here.
    pub to: NaiveDate,
    /// 严重: an amount in yuan at or over which a breach counts as serious (default 1000000).
    pub amount_yuan: Option<i64>,
    /// 多次: breach records against one subject, at least (default 2).
    pub repeat_records: Option<i64>,
    /// The window in months (default 24, at most 120).
    pub window_months: Option<u32>,
    /// 反映强烈: complaints against the subject, at least (default 3).
    pub complaints: Option<i64>,
    /// …or channels they came through, at least (default 2).
    pub channels: Option<i64>,
    /// …or a mean satisfaction (1–5) at most (default 2).
    pub satisfaction_at_most: Option<f64>,
    /// How many, best first (1–200, default 50).
    #[param(inline)]
    pub limit: Option<Limit>,
    /// `json` (default) or `xlsx`.
    #[param(inline)]
    pub format: Option<FigureFormat>,
}

impl CandidatesQuery {
    fn thresholds(&self) -> Thresholds {
        let d = Thresholds::default();
        Thresholds {
            amount_yuan: self.amount_yuan.unwrap_or(d.amount_yuan),
            repeat_records: self.repeat_records.unwrap_or(d.repeat_records),
            window_months: self.window_months.unwrap_or(d.window_months),
            complaints: self.complaints.unwrap_or(d.complaints),
            channels: self.channels.unwrap_or(d.channels),
            satisfaction_at_most: self.satisfaction_at_most.unwrap_or(d.satisfaction_at_most),
        }
    }
}

/// The breach records in force of a division and period ranked as typical cases (典型案例候选)
/// by the three criteria — 失信情形严重, 多次反复失信, 人民群众反映强烈 — each shown with its
/// numbers (credit office for its division; auditor, admin).
#[utoipa::path(
    tag = "oversight",
    params(CandidatesQuery),
    responses(
        (status = 200, description = "The candidates: JSON, or with `format=xlsx` an Excel workbook", content(
            (Candidates = "application/json"),
            (lvyue_web::binary::Binary = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, description = "A role that reads no figures", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A division outside the credit office's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A threshold or period out of range", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/typical-case-candidates")]
pub async fn list_candidates(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<CandidatesQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = RegionCode::parse(&q.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    if q.to < q.from {
        return Err(AppError::invalid("to", "before_from", "结束日期早于开始日期", "`to` is before `from`").into());
    }
    let (t, limit) = (q.thresholds(), Limit::or_default(q.limit).0);
    let found = db::run_figures(&state, move |conn| {
        let region = crate::access::region_for(conn, &actor, &region)?;
        crate::typical::candidates::rank(conn, &region, (q.from, q.to), &t, usize::try_from(limit).unwrap_or(50))
    })
    .await?;
    match q.format.unwrap_or(FigureFormat::Json) {
        FigureFormat::Json => Ok(HttpResponse::Ok().json(found)),
        FigureFormat::Xlsx => {
            let file = format!("typical-case-candidates-{}-{}-{}.xlsx", found.region_code, found.from, found.to);
            Ok(super::xlsx(&file, crate::sheet::candidates(&found)?))
        }
    }
}

/// Proposes a breach record in force as a typical case (典型案例), with an anonymised title and
/// summary; the criteria are kept as they stand (credit office of the record's region, admin).
#[utoipa::path(
    tag = "oversight",
    request_body(content = TypicalCaseInput, example = TypicalCaseInput::example),
    responses(
        (status = 201, description = "The draft", body = TypicalCase),
        (status = 409, description = "The record is not in force, or already a typical case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or the complainant's personal data in the text", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/typical-cases")]
pub async fn create(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    body: JsonBody<TypicalCaseInput>,
) -> ApiResult<HttpResponse> {
    let (now, today) = (state.now(), lvyue_core::time::shanghai_date(state.clock.now()));
    let made = db::run_write(&state, move |conn| propose::propose(conn, &actor, body.value, today, now)).await?;
    Ok(HttpResponse::Created().insert_header(("location", format!("/api/v1/typical-cases/{}", made.id))).json(made))
}

/// Which typical cases.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TypicalCasesQuery {
    /// The division (a city includes its counties).
    pub region_code: String,
    /// Only this status.
    #[param(inline)]
    pub status: Option<TypicalCaseStatus>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The typical cases of a division, newest first (credit office for its division; auditor,
/// admin).
#[utoipa::path(
    tag = "oversight",
    params(TypicalCasesQuery),
    responses((status = 200, description = "A page", body = TypicalCasePage)),
    security(("bearer" = []))
)]
#[get("/typical-cases")]
pub async fn list(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<TypicalCasesQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let region = RegionCode::parse(&q.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    let limit = Limit::or_default(q.limit).0;
    let page =
        db::run_on_replica(&state, move |conn| read::list(conn, &actor, &region, q.status, q.cursor.as_deref(), limit))
            .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One typical case, with the departments' opinions (its region's credit office, the
/// departments concerned, auditor, admin; a published one: anyone at
/// `/api/v1/public/typical-cases/{id}`).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The typical case")),
    responses((status = 200, description = "The typical case", body = TypicalCase)),
    security(("bearer" = []))
)]
#[get("/typical-cases/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let found = db::run(&state, move |conn| read::find_visible(conn, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// A department concerned — the record's subject, the body that determined it, the case's
/// handling body — gives its opinion on a draft (会同有关单位).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The typical case")),
    request_body(content = OpinionInput, example = OpinionInput::example),
    responses(
        (status = 200, description = "The typical case with the opinion", body = TypicalCase),
        (status = 409, description = "No longer a draft", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/typical-cases/{id}/opinions")]
pub async fn add_opinion(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<OpinionInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done = db::run_write(&state, move |conn| opinion::add(conn, &actor, &id, body.value, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Publishes a draft on the credit website; `typical_case.published` is announced (credit
/// office, admin).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The typical case")),
    request_body(content = StepInput, example = json!({"version": 1})),
    responses(
        (status = 200, description = "Published", body = TypicalCase),
        (status = 409, description = "Not a draft, its record no longer in force, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/typical-cases/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<StepInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done = db::run_write(&state, move |conn| step::publish(conn, &actor, &id, body.value.version, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}

/// Withdraws a draft or a published typical case, with a note; a published one is announced
/// (`typical_case.withdrawn`) so the credit website takes it down (credit office, admin).
#[utoipa::path(
    tag = "oversight",
    params(("id" = String, Path, description = "The typical case")),
    request_body(content = WithdrawInput, example = json!({"version": 1, "note": "涉事单位已全额支付欠款"})),
    responses(
        (status = 200, description = "Withdrawn", body = TypicalCase),
        (status = 409, description = "Already withdrawn, or a stale version", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/typical-cases/{id}/withdraw")]
pub async fn withdraw(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
    body: JsonBody<WithdrawInput>,
) -> ApiResult<HttpResponse> {
    let (id, now) = (path.into_inner(), state.now());
    let done = db::run_write(&state, move |conn| step::withdraw(conn, &actor, &id, body.value, now)).await?;
    Ok(HttpResponse::Ok().json(done))
}
