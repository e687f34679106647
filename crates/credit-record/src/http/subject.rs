//! `GET /subjects/{uscc}/credit-record`: a subject's whole record.

use crate::read::{self, SubjectCreditRecord};
use crate::scope::scope_of;
use actix_web::{get, web, HttpResponse};
use lvyue_core::{AppError, Uscc};
use lvyue_registry::organisation::find_by_uscc;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};

/// A subject's government credit record: every record the caller may see, newest first,
/// each with its history.
#[utoipa::path(
    tag = "credit-record",
    params(("uscc" = String, Path, description = "The subject's 统一社会信用代码")),
    responses(
        (status = 200, description = "The subject's record", body = SubjectCreditRecord),
        (status = 404, description = "Neither in the registry nor with a record the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid credit code", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/subjects/{uscc}/credit-record")]
pub async fn get_subject_credit_record(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let uscc = Uscc::parse(&path.into_inner()).map_err(|e| AppError::field(e.at("uscc")))?;
    let record = db::run(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        let registry = find_by_uscc(conn, uscc.as_str())?;
        read::subject(conn, &scope, uscc.as_str(), registry)
    })
    .await?;
    Ok(HttpResponse::Ok().json(record))
}
