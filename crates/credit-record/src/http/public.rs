//! `GET /public/credit-records`: what 信用中国 shows of a subject — its records whose visibility
//! is `public` and that are in force — without a token, cacheable, within the address's quota.

use crate::read::{self, RecordFilter, RecordPage};
use crate::scope::RecordScope;
use actix_web::{get, web, HttpRequest, HttpResponse};
use lvyue_core::{AppError, FieldError, Message, Uscc};
use lvyue_web::{db, ApiResult, AppState, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Whose records.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicRecordQuery {
    /// The subject's 统一社会信用代码 (this or `subject_name`).
    pub uscc: Option<String>,
    /// The subject's exact name (this or `uscc`).
    #[param(max_length = 200)]
    pub subject_name: Option<String>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// A subject's public records in force, newest first: the exchange format, never personal data
/// (no token; `Cache-Control: public`, `ETag`).
#[utoipa::path(
    tag = "public",
    params(PublicRecordQuery),
    responses(
        (status = 200, description = "A page of the subject's public records in force", body = RecordPage),
        (status = 304, description = "Unchanged since the ETag sent in If-None-Match"),
        (status = 422, description = "Neither `uscc` nor `subject_name`, or an invalid code", body = lvyue_web::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/credit-records")]
pub async fn public_credit_records(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: lvyue_web::Query<PublicRecordQuery>,
) -> ApiResult<HttpResponse> {
    lvyue_web::quota::admit_anonymous(&req)?;
    let q = query.into_inner();
    let uscc = q
        .uscc
        .as_deref()
        .map(|u| Uscc::parse(u).map(|u| u.as_str().to_owned()).map_err(|e| AppError::field(e.at("uscc"))))
        .transpose()?;
    let name = q.subject_name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if uscc.is_none() && name.is_none() {
        return Err(AppError::field(FieldError::new(
            "uscc",
            "required_one",
            Message::new("须给出统一社会信用代码或主体名称", "give the subject's uscc or its subject_name"),
        ))
        .into());
    }
    let filter = RecordFilter { subject_uscc: uscc, subject_name: name, ..RecordFilter::default() };
    let limit = Limit::or_default(q.limit).0;
    let page = db::run_on_replica(&state, move |conn| {
        read::list(conn, &RecordScope::Published, &filter, q.cursor.as_deref(), limit)
    })
    .await?;
    Ok(lvyue_web::cache::public_json(&req, &page))
}
