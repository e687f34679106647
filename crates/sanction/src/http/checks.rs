//! `GET /sanction-checks`, `POST /sanction-checks` (batch) and `GET /sanction-check-log`.

use crate::access::{CHECKERS, LOG_READERS};
use crate::check::{self, CheckAnswer, CheckLogPage, CheckQuestion, MAX_BATCH};
use crate::log_writer::CheckLogWriter;
use actix_web::{get, post, web, HttpResponse};
use lvyue_core::sanction::Benefit;
use lvyue_core::{AppError, FieldError, Message, Uscc};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, JsonBody, Limit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One check.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckQuery {
    /// The subject's 统一社会信用代码.
    pub subject: String,
    /// The benefit code (`GET /api/v1/meta/enums`, `benefits`).
    #[param(inline)]
    pub benefit: Benefit,
}

/// Is this subject restricted from this benefit? Answers `restricted` with the measures,
/// records and legal basis behind it. Every check is logged before it is answered.
#[utoipa::path(
    tag = "sanction",
    params(CheckQuery),
    responses(
        (status = 200, description = "The answer", body = CheckAnswer),
        (status = 403, description = "Not a sanction checker", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a credit code, or an unknown benefit", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sanction-checks")]
pub async fn check_one(
    state: web::Data<AppState>,
    log: web::Data<CheckLogWriter>,
    Caller(actor): Caller,
    query: lvyue_web::Query<CheckQuery>,
) -> ApiResult<HttpResponse> {
    actor.require(CHECKERS)?;
    let q = query.into_inner();
    let subject = Uscc::parse(&q.subject).map_err(|e| AppError::field(e.at("subject")))?;
    let benefit = q.benefit;
    let now = state.now();
    let pooled_subject = subject.clone();
    let answer = db::run_lean(
        &state,
        move |conn| async move { crate::lean::answer_one(&conn, &subject, benefit).await },
        move |conn| {
            let mut answers = check::answer(conn, &[(pooled_subject, benefit)])?;
            answers.pop().ok_or_else(|| AppError::internal("no answer"))
        },
    )
    .await?;
    log.write(check::log_rows(&actor, std::slice::from_ref(&answer), now)).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// A batch of checks.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckBatch {
    /// Up to 1,000 (subject, benefit) pairs.
    pub checks: Vec<CheckQuestion>,
}

impl CheckBatch {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"checks": [
            {"subject": "11340321MB0000010K", "benefit": "government_procurement"},
            {"subject": "11340321MB0000009E", "benefit": "credit_demo_eligibility"}
        ]})
    }
}

/// The answers to a batch, in order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckBatchAnswer {
    /// One per question, in order.
    pub results: Vec<CheckAnswer>,
}

/// Up to 1,000 checks in one call, answered in order; each is logged.
#[utoipa::path(
    tag = "sanction",
    request_body(content = CheckBatch, example = CheckBatch::example),
    responses(
        (status = 200, description = "The answers", body = CheckBatchAnswer),
        (status = 403, description = "Not a sanction checker", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More than 1,000 pairs, a bad credit code or benefit (errors name checks[i])", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sanction-checks")]
pub async fn check_batch(
    state: web::Data<AppState>,
    log: web::Data<CheckLogWriter>,
    Caller(actor): Caller,
    body: JsonBody<CheckBatch>,
) -> ApiResult<HttpResponse> {
    actor.require(CHECKERS)?;
    let checks = body.value.checks;
    if checks.is_empty() || checks.len() > MAX_BATCH {
        return Err(AppError::field(FieldError::new(
            "checks",
            "invalid_length",
            Message::new(format!("一次核查 1–{MAX_BATCH} 组"), format!("1–{MAX_BATCH} pairs per call")),
        ))
        .into());
    }
    let mut questions = Vec::with_capacity(checks.len());
    let mut errors = Vec::new();
    for (i, c) in checks.into_iter().enumerate() {
        match Uscc::parse(&c.subject) {
            Ok(u) => questions.push((u, c.benefit)),
            Err(e) => errors.push(e.at(format!("checks[{i}].subject"))),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    let now = state.now();
    let results = db::run(&state, move |conn| check::answer(conn, &questions)).await?;
    log.write(check::log_rows(&actor, &results, now)).await?;
    Ok(HttpResponse::Ok().json(CheckBatchAnswer { results }))
}

/// The log's filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// Only checks about this subject.
    pub subject: Option<String>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// The check log, newest first: who asked about whom, for what, and the answer (admins and
/// auditors).
#[utoipa::path(
    tag = "sanction",
    params(LogQuery),
    responses(
        (status = 200, description = "A page", body = CheckLogPage),
        (status = 403, description = "Not an admin or auditor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sanction-check-log")]
pub async fn check_log(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<LogQuery>,
) -> ApiResult<HttpResponse> {
    actor.require(LOG_READERS)?;
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let before = lvyue_db::page::after_number(q.cursor.as_deref())?;
    let subject = q.subject.map(|s| s.trim().to_ascii_uppercase());
    let page = db::run_on_replica(&state, move |conn| check::log_page(conn, subject.as_deref(), before, limit)).await?;
    Ok(HttpResponse::Ok().json(page))
}
