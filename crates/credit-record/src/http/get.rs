//! `GET /credit-records/{id}`: one record with its history.

use crate::read::{self, RecordWithHistory};
use crate::scope::scope_of;
use actix_web::{get, web, HttpResponse};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};

/// One credit record with every version, oldest first.
#[utoipa::path(
    tag = "credit-record",
    params(("id" = String, Path, description = "The record id")),
    responses(
        (status = 200, description = "The record", body = RecordWithHistory),
        (status = 404, description = "No such record, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/credit-records/{id}")]
pub async fn get_credit_record(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let record = db::run(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        read::get(conn, &scope, &id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(record))
}
