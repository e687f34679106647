//! `GET /credit-records/export`: every record the caller may see, streamed.

use crate::export::{header, next_batch, ExportFormat, ExportPosition};
use crate::scope::{scope_of, RecordScope};
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, FixedOffset};
use lvyue_core::{AppError, FieldError, Message};
use lvyue_web::problem::Problem;
use lvyue_web::stream::{body_stream, CHANNEL_CHUNKS};
use lvyue_web::{db, ApiResult, AppState, Caller};
use serde::Deserialize;
use utoipa::IntoParams;

/// Export options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `ndjson` (default: one record per line in the exchange format) or `csv`.
    #[param(inline)]
    pub format: Option<ExportFormat>,
    /// Only records changed at or after this moment (RFC 3339).
    #[param(format = DateTime)]
    pub changed_since: Option<String>,
}

/// The full export for reconciliation, oldest change first, streamed in batches: constant
/// memory whatever the number of records. For the public credit platform, the records
/// shared with it (every status: an ended record tells it to stop publishing).
#[utoipa::path(
    tag = "credit-record",
    params(ExportQuery),
    responses(
        (status = 200, description = "NDJSON (`format=ndjson`, the default) or CSV (`format=csv`)", content(
            (String = "application/x-ndjson", example = json!("{\"id\":\"…\",\"kind\":\"breach_determination\"}\n")),
            (String = "text/csv; charset=utf-8", example = json!("id,kind,subject_uscc,…\n")),
        )),
        (status = 403, description = "The role exports nothing", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid format or time", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/credit-records/export")]
pub async fn export_credit_records(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<ExportQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let format = q.format.unwrap_or(ExportFormat::Ndjson);
    let content_type = format.content_type();
    let changed_since = q
        .changed_since
        .as_deref()
        .map(|raw| {
            DateTime::<FixedOffset>::parse_from_rfc3339(raw).map(|t| lvyue_core::time::to_stored(t.to_utc())).map_err(
                |_| {
                    AppError::field(FieldError::new(
                        "changed_since",
                        "invalid_value",
                        Message::new("须为带时区的 RFC 3339 时间", "must be an RFC 3339 time with an offset"),
                    ))
                },
            )
        })
        .transpose()?;
    // The first batch answers errors (a closed database: 503) before the 200 is sent.
    let (scope, first, position) = db::run_on_replica(&state, move |conn| {
        let scope = scope_of(conn, &actor)?;
        if matches!(scope, RecordScope::Org(_) | RecordScope::Provider(_) | RecordScope::Published) {
            return Err(AppError::Forbidden(Message::new(
                "导出供信用办、审计和公共信用信息共享平台对账使用",
                "the export is for credit offices, auditors and the public credit platform",
            )));
        }
        let mut position = ExportPosition::default();
        let first = next_batch(conn, &scope, changed_since, format, &mut position)?;
        Ok((scope, first, position))
    })
    .await?;
    let (tx, rx) = tokio::sync::mpsc::channel(CHANNEL_CHUNKS);
    let pool = state.replica_pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut position = position;
        let mut batch = first;
        let head = header(format);
        if !head.is_empty() && tx.blocking_send(head.into()).is_err() {
            return;
        }
        while let Some(bytes) = batch {
            // The client went away: stop reading.
            if tx.blocking_send(bytes.into()).is_err() {
                return;
            }
            // A connection per batch: a slow reader holds no connection while it reads.
            let next = pool
                .get()
                .map_err(|e| AppError::Unavailable(e.to_string()))
                .and_then(|mut conn| next_batch(&mut conn, &scope, changed_since, format, &mut position));
            batch = match next {
                Ok(b) => b,
                Err(e) => {
                    // The status is sent: end the body early; the client sees it truncated.
                    tracing::error!(error = %e, "credit record export failed mid-stream");
                    return;
                }
            };
        }
    });
    Ok(HttpResponse::Ok().content_type(content_type).streaming(body_stream(rx)))
}
