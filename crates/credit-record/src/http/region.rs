//! `GET /regions/{code}/credit-record`: a county's or city's roll-up.

use crate::read::{self, RegionCreditRecord};
use crate::scope::{scope_of, RecordScope};
use actix_web::{get, web, HttpResponse};
use lvyue_core::{AppError, RegionCode};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller};

/// The government credit record of a division: its departments' records counted by status,
/// kind and grade, in total and per department. A credit office reads its own region and
/// the divisions within it.
#[utoipa::path(
    tag = "credit-record",
    params(("code" = String, Path, description = "The division code (行政区划代码)")),
    responses(
        (status = 200, description = "The roll-up", body = RegionCreditRecord),
        (status = 404, description = "Outside the caller's region", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid division code", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/regions/{code}/credit-record")]
pub async fn get_region_credit_record(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let region = RegionCode::parse(&path.into_inner()).map_err(|e| AppError::field(e.at("code")))?;
    let rollup = db::run_on_replica(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        if let RecordScope::Region(own) = &scope {
            if !own.contains(&region) {
                return Err(AppError::NotFound);
            }
        }
        read::region(conn, &scope, &region)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rollup))
}
