//! `GET /credit-records`: filtered, paged lists of records.

use crate::read::{self, RecordFilter, RecordPage};
use crate::scope::scope_of;
use actix_web::{get, web, HttpResponse};
use lvyue_core::{AppError, FieldError, Grade, Message, RecordKind, RecordStatus, RecordVisibility, RegionCode, Uscc};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the record list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// Kind code.
    pub kind: Option<String>,
    /// Status code.
    pub status: Option<String>,
    /// Grade code.
    pub grade: Option<String>,
    /// Visibility code.
    pub visibility: Option<String>,
    /// Division (a city includes its counties).
    pub region_code: Option<String>,
    /// The subject's credit code.
    pub subject: Option<String>,
    /// The case it came from.
    pub complaint_id: Option<String>,
    /// Page size 1–200 (default 50).
    pub limit: Option<i64>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// Parses an optional code of `T`, or 422 naming the field.
pub(crate) fn code<T>(field: &str, raw: Option<&str>, parse: fn(&str) -> Option<T>) -> Result<Option<T>, AppError> {
    raw.map(|r| {
        parse(r).ok_or_else(|| {
            AppError::field(FieldError::new(
                field,
                "unknown_code",
                Message::new(format!("未知代码“{r}”"), format!("unknown code '{r}'")),
            ))
        })
    })
    .transpose()
}

/// The records visible to the caller, newest first, with cursor paging.
#[utoipa::path(
    tag = "credit-record",
    params(RecordQuery),
    responses(
        (status = 200, description = "A page", body = RecordPage),
        (status = 403, description = "The role reads no records", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/credit-records")]
pub async fn list_credit_records(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: web::Query<RecordQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = Limit::parse(q.limit)?.0;
    let filter = RecordFilter {
        kind: code("kind", q.kind.as_deref(), RecordKind::from_code)?,
        status: code("status", q.status.as_deref(), RecordStatus::from_code)?,
        grade: code("grade", q.grade.as_deref(), Grade::from_code)?,
        visibility: code("visibility", q.visibility.as_deref(), RecordVisibility::from_code)?,
        region: q
            .region_code
            .as_deref()
            .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
            .transpose()?,
        subject_uscc: q
            .subject
            .as_deref()
            .map(|u| Uscc::parse(u).map(|u| u.as_str().to_owned()).map_err(|e| AppError::field(e.at("subject"))))
            .transpose()?,
        complaint_id: q.complaint_id,
    };
    let page = db::run(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        read::list(conn, &scope, &filter, q.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
