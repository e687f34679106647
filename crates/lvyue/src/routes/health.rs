//! `/healthz` (the process is up) and `/readyz` (the database answers and is migrated).

use actix_web::{get, web, HttpResponse};
use diesel::RunQueryDsl;
use lvyue_core::AppError;
use lvyue_web::{db, ApiResult, AppState};
use serde::Serialize;
use utoipa::ToSchema;

/// A health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Up", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database is reachable and every migration is applied.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "Database unreachable or not migrated", body = lvyue_web::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    db::run(&state, |conn| {
        diesel::sql_query("SELECT 1").execute(conn)?;
        match lvyue_db::migrate::is_up_to_date(conn) {
            Ok(true) => Ok(()),
            Ok(false) => Err(AppError::Unavailable("migrations pending".into())),
            Err(e) => Err(AppError::Unavailable(e.to_string())),
        }
    })
    .await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}
