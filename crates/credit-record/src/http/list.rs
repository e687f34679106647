//! `GET /credit-records`: filtered, paged lists of records.

use crate::read::{self, RecordFilter, RecordPage};
use crate::scope::scope_of;
use actix_web::{get, web, HttpResponse};
use lvyue_core::{AppError, Grade, RecordKind, RecordStatus, RecordVisibility, RegionCode, Uscc};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the record list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// Kind code.
    #[param(inline)]
    pub kind: Option<RecordKind>,
    /// Status code.
    #[param(inline)]
    pub status: Option<RecordStatus>,
    /// Grade code.
    #[param(inline)]
    pub grade: Option<Grade>,
    /// Visibility code.
    #[param(inline)]
    pub visibility: Option<RecordVisibility>,
    /// Division (a city includes its counties).
    pub region_code: Option<String>,
    /// The subject's credit code.
    pub subject: Option<String>,
    /// The case it came from.
    #[param(format = Uuid)]
    pub complaint_id: Option<String>,
    /// `true`: only findings whose subject the registry does not hold — they bind no measure
    /// until `POST /api/v1/credit-records/{id}/subject` links them.
    pub unresolved_subject: Option<bool>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
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
    query: lvyue_web::Query<RecordQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let filter = RecordFilter {
        kind: q.kind,
        status: q.status,
        grade: q.grade,
        visibility: q.visibility,
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
        unresolved_subject: q.unresolved_subject == Some(true),
        subject_name: None,
    };
    let page = db::run_on_replica(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        read::list(conn, &scope, &filter, q.cursor.as_deref(), limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}
