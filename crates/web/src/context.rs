//! Per-request context: the request id, the language, the access log, and problem bodies.

use crate::problem::problem_for;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use lvyue_core::{AppError, Lang};
use std::future::{ready, Ready};
use std::time::Instant;
use tracing::Instrument;

/// The request id header: lvyue's own id of the request, in every answer. A client's value is
/// never taken as the id (a caller could reuse someone else's); a sane one is kept beside it.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The client's own `x-request-id`, echoed back under this name when it sent a sane one.
pub const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-client-request-id");

/// What the middleware learned about the request.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    /// The request id lvyue gave it.
    pub request_id: String,
    /// The `x-request-id` the client sent, when sane (8–64 of `A-Za-z0-9-_`).
    pub client_request_id: Option<String>,
    /// The language of human-readable text.
    pub lang: Lang,
}

impl FromRequest for RequestInfo {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(request_info(req)))
    }
}

/// The request's context (a fresh id when the middleware did not run).
pub fn request_info(req: &HttpRequest) -> RequestInfo {
    req.extensions().get::<RequestInfo>().cloned().unwrap_or_else(|| RequestInfo {
        request_id: uuid::Uuid::now_v7().to_string(),
        client_request_id: None,
        lang: Lang::default(),
    })
}

fn acceptable_request_id(v: &str) -> bool {
    (8..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Headers every answer carries: no content sniffing; `no-store` on the API's answers (they may
/// carry personal data or tokens; the code lists and the spec may be cached); a
/// Content-Security-Policy on the docs, which load nothing from elsewhere.
pub fn security_headers(path: &str, headers: &mut actix_web::http::header::HeaderMap) {
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The public face sets its own cache policy (public, short-lived, with an ETag).
    if path.starts_with("/api/") && !path.starts_with("/api/v1/meta/") && !path.starts_with("/api/v1/public/") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if path.starts_with("/docs") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            ),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
}

/// The middleware: use as `App::new().wrap(from_fn(RequestContext::handle))`.
pub struct RequestContext;

impl RequestContext {
    /// Assigns the request id and language, logs the request, and writes problem bodies.
    pub async fn handle(
        req: ServiceRequest,
        next: Next<impl MessageBody + 'static>,
    ) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
        let request_id = uuid::Uuid::now_v7().to_string();
        let client_request_id = req
            .headers()
            .get(&REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .filter(|v| acceptable_request_id(v))
            .map(str::to_owned);
        let lang = req
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default();
        let path = req.path().to_owned();
        let method = req.method().clone();
        req.extensions_mut().insert(RequestInfo {
            request_id: request_id.clone(),
            client_request_id: client_request_id.clone(),
            lang,
        });
        let client = client_request_id.as_deref().unwrap_or("");
        let span = tracing::info_span!("request", request_id = %request_id, client_request_id = %client, method = %method, path = %path);
        let started = Instant::now();
        let has_nul = |s: &str| s.to_ascii_lowercase().contains("%00");
        let mut res = if has_nul(req.path()) || has_nul(req.query_string()) {
            // PostgreSQL cannot store or compare text with NUL: refuse it at the door.
            let refused = crate::problem::ApiError(AppError::Malformed(lvyue_core::Message::new(
                "路径或查询参数含有空字符（%00）",
                "the path or query contains a NUL character (%00)",
            )));
            req.into_response(actix_web::ResponseError::error_response(&refused))
        } else {
            next.call(req).instrument(span.clone()).await?.map_into_boxed_body()
        };
        let app_error = res.response().extensions().get::<AppError>().cloned();
        if let Some(err) = app_error {
            if let AppError::Internal(detail) | AppError::Unavailable(detail) = &err {
                span.in_scope(|| tracing::error!(%detail, "request failed"));
            }
            let mut problem = problem_for(&err, lang, &path, &request_id);
            problem.client_request_id = client_request_id.clone();
            let body = serde_json::to_vec(&problem).unwrap_or_default();
            res = res.map_body(|_, _| BoxBody::new(body));
        }
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            res.headers_mut().insert(REQUEST_ID, v);
        }
        if let Some(v) = client_request_id.as_deref().and_then(|c| HeaderValue::from_str(c).ok()) {
            res.headers_mut().insert(CLIENT_REQUEST_ID, v);
        }
        security_headers(&path, res.headers_mut());
        let status = res.status().as_u16();
        span.in_scope(|| tracing::info!(status, elapsed_ms = started.elapsed().as_secs_f64() * 1000.0, "request"));
        Ok(res)
    }
}
