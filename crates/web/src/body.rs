//! `JsonBody<T>`: a JSON request body read strictly.
//!
//! 415 unless the body is `application/json`; 413 past the configured limit;
//! 400 when it is not JSON at all; 422 naming the field path when it is JSON
//! of the wrong shape (`complainant.uscc`: must be a string), every missing required field at once. The parsed
//! `serde_json::Value` is kept for payload fingerprints.

use crate::problem::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::BytesMut;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use lvyue_core::validation::{find_nul, parse_body};
use lvyue_core::{AppError, Message};
use serde::de::DeserializeOwned;

/// The default body limit: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;
/// The default time a client has to send its body.
pub const DEFAULT_CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A JSON body, typed, with the JSON it came from.
#[derive(Debug)]
pub struct JsonBody<T> {
    /// The typed body.
    pub value: T,
    /// The body as parsed JSON.
    pub json: serde_json::Value,
}

/// The request's media type without parameters, lower-cased (`text/csv`); empty when none.
pub fn media_essence(req: &HttpRequest) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_json(req: &HttpRequest) -> bool {
    let essence = media_essence(req);
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned + utoipa::ToSchema + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>();
        let limit = state.map(|s| s.max_body_bytes).unwrap_or(DEFAULT_MAX_BODY_BYTES);
        let deadline = state.map(|s| s.client_timeout).unwrap_or(DEFAULT_CLIENT_TIMEOUT);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let json_type = is_json(req);
        let mut payload = payload.take();
        Box::pin(async move {
            if !json_type {
                return Err(AppError::UnsupportedMediaType.into());
            }
            if declared.is_some_and(|n| n > limit) {
                return Err(AppError::PayloadTooLarge { limit }.into());
            }
            let mut buf = BytesMut::with_capacity(declared.unwrap_or(1024).min(limit));
            // A client that stops halfway holds nothing for long: the whole body within the
            // deadline, or 408.
            let read = async {
                while let Some(chunk) = payload.next().await {
                    let chunk = chunk.map_err(|e| {
                        AppError::Malformed(Message::new("请求体读取失败", format!("could not read the body: {e}")))
                    })?;
                    if buf.len() + chunk.len() > limit {
                        return Err(AppError::PayloadTooLarge { limit });
                    }
                    buf.extend_from_slice(&chunk);
                }
                Ok(())
            };
            tokio::time::timeout(deadline, read).await.map_err(|_| AppError::RequestTimeout)??;
            let json: serde_json::Value = serde_json::from_slice(&buf).map_err(|e| {
                AppError::Malformed(Message::new(
                    format!("请求体不是合法的 JSON（第 {} 行第 {} 列）", e.line(), e.column()),
                    format!("the body is not valid JSON: {e}"),
                ))
            })?;
            if let Some(field) = find_nul(&json) {
                return Err(AppError::field(lvyue_core::FieldError::new(
                    field,
                    "invalid_character",
                    Message::new("不得包含空字符（\\u0000）", "must not contain a NUL character (\\u0000)"),
                ))
                .into());
            }
            let value = parse_body::<T>(&json).map_err(AppError::Validation)?;
            Ok(JsonBody { value, json })
        })
    }
}
