//! `POST /credit-records/imports`: a data provider's batch, streamed.

use crate::import::{self, Format, ImportOptions, ImportReport};
use actix_web::{post, web, HttpRequest, HttpResponse};
use lvyue_core::{Actor, AppError, FieldError, Message, Role, Uscc};
use lvyue_registry::organisation::find_by_uscc;
use lvyue_web::context::request_info;
use lvyue_web::problem::Problem;
use lvyue_web::stream::spool;
use lvyue_web::{db, ApiResult, AppState, Caller};
use serde::Deserialize;
use utoipa::IntoParams;

/// Import options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true`: store nothing unless every row is good (422 listing the bad rows).
    #[serde(default)]
    pub all_or_nothing: bool,
    /// For an admin importing on a provider's behalf: the provider's credit code. A
    /// `data_provider` token names its organisation itself.
    pub provider: Option<String>,
}

fn provider_uscc(actor: &Actor, query: &ImportQuery) -> Result<Uscc, AppError> {
    match actor.role {
        Role::DataProvider => actor.org.clone().ok_or_else(|| AppError::internal("provider token without org")),
        Role::Admin => {
            let raw = query.provider.as_deref().ok_or_else(|| AppError::field(FieldError::required("provider")))?;
            Uscc::parse(raw).map_err(|e| AppError::field(e.at("provider")))
        }
        _ => Err(AppError::Forbidden(Message::new(
            "只有数据提供单位（或代其导入的管理员）可以报送信用记录",
            "only a data provider (or an admin on its behalf) imports credit records",
        ))),
    }
}

/// Imports provider records: a JSON array (`application/json`), NDJSON
/// (`application/x-ndjson`) or CSV with a header line (`text/csv`), up to 100,000 rows, read
/// as it arrives. Each row is answered `created`, `updated` (a new version), `unchanged` or
/// `refused` with its reasons; re-sending a row is harmless (`provider_ref` is the key). A
/// bad row never loses the good ones unless `all_or_nothing=true`.
#[utoipa::path(
    tag = "credit-record",
    params(ImportQuery),
    request_body(content = Vec<crate::import::ImportRow>, description = "Rows as a JSON array, NDJSON or CSV", content_type = "application/json", example = crate::import::row::example_rows),
    responses(
        (status = 200, description = "What became of each row", body = ImportReport),
        (status = 400, description = "Not JSON, NDJSON or CSV at all", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a data provider", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Another media type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "all_or_nothing and a row was refused (errors name rows[N].field); or an unknown provider", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/credit-records/imports")]
pub async fn import_credit_records(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(actor): Caller,
    query: lvyue_web::Query<ImportQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let uscc = provider_uscc(&actor, &query)?;
    let essence = lvyue_web::body::media_essence(&req);
    let format = Format::from_media_type(&essence).ok_or(AppError::UnsupportedMediaType)?;
    let provider = db::run(&state, move |conn| {
        find_by_uscc(conn, uscc.as_str())?.ok_or_else(|| {
            AppError::field(FieldError::new(
                "provider",
                "unknown_provider",
                Message::new("数据提供单位不在机构名录中", "the provider is not in the registry"),
            ))
        })
    })
    .await?;
    let now = state.clock.now();
    let options = ImportOptions {
        provider,
        all_or_nothing: query.all_or_nothing,
        lang: request_info(&req).lang,
        today: lvyue_core::time::shanghai_date(now),
        now: lvyue_core::time::to_stored(now),
        periods: state.settings.publicity,
        actor,
    };
    // The whole upload first, to a temporary file: a provider that sends one row and goes
    // silent holds no write transaction (on SQLite, every other write would wait on it).
    let file = spool(payload, state.max_import_bytes, state.client_timeout).await?;
    let pool = state.write_pool.clone();
    let report = tokio::task::spawn_blocking(move || {
        let connect = || pool.get().map_err(|e| AppError::Unavailable(e.to_string()));
        import::run(format, std::io::BufReader::new(file), &options, &connect)
    })
    .await
    .map_err(|e| AppError::internal(format!("import task failed: {e}")))?;
    Ok(HttpResponse::Ok().json(report?))
}
