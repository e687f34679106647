//! The answer for paths that match no route: a problem, like every other error.

use lvyue_core::AppError;
use lvyue_web::ApiError;

/// 404 as problem+json.
pub async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(AppError::NotFound.into())
}
