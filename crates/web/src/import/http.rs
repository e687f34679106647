//! Receiving an upload and answering a template, for every context's import routes.

use super::apply::{ImportOptions, Importable};
use super::columns::Column;
use super::table::{read, ImportFormat};
use crate::stream::spool;
use crate::{ApiResult, AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use lvyue_core::AppError;

/// The upload's format from its media type (415 for another).
pub fn format_of(req: &HttpRequest) -> Result<ImportFormat, AppError> {
    ImportFormat::from_media_type(&crate::body::media_essence(req)).ok_or(AppError::UnsupportedMediaType)
}

/// The options of an import by `actor` for `unit`, now, in the request's language.
pub fn options(
    state: &AppState,
    req: &HttpRequest,
    actor: lvyue_core::Actor,
    unit: super::ImportingUnit,
    all_or_nothing: bool,
) -> ImportOptions {
    let now = state.clock.now();
    ImportOptions {
        actor,
        unit,
        all_or_nothing,
        lang: crate::context::request_info(req).lang,
        today: lvyue_core::time::shanghai_date(now),
        now: lvyue_core::time::to_stored(now),
    }
}

/// Spools the upload whole — a client that goes silent mid-file holds no transaction — then
/// reads at most `max` rows of `columns` and applies them as `K` on the write pool.
pub async fn receive<K: Importable + 'static>(
    state: &AppState,
    format: ImportFormat,
    payload: web::Payload,
    options: ImportOptions,
    columns: &'static [Column],
    max: usize,
) -> ApiResult<HttpResponse> {
    let file = spool(payload, state.max_import_bytes, state.client_timeout).await?;
    let pool = state.write_pool.clone();
    let report = tokio::task::spawn_blocking(move || {
        let rows = read(format, file, columns, max)?;
        let connect = || pool.get().map_err(|e| AppError::Unavailable(e.to_string()));
        super::apply::run::<K>(rows, &options, &connect)
    })
    .await
    .map_err(|e| AppError::internal(format!("import task failed: {e}")))??;
    Ok(HttpResponse::Ok().json(report))
}

/// The template for `columns` as a download named `file`, its fill-in sheet named `sheet`.
pub fn template(columns: &'static [Column], sheet: &str, file: &str) -> ApiResult<HttpResponse> {
    let bytes = super::template::workbook(columns, sheet)?;
    Ok(HttpResponse::Ok()
        .content_type(crate::sheet::XLSX)
        .insert_header(("content-disposition", format!("attachment; filename=\"{file}\"")))
        .body(bytes))
}
