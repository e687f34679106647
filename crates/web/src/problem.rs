//! RFC 9457 problem details: every error answer, in the caller's language.
//!
//! `ApiError` turns an `AppError` into a response with the right status and
//! leaves the `AppError` in the response's extensions; the `RequestContext`
//! middleware then writes the body in the request's language with its request
//! id and path. Clients branch on `type` and `status`, never on text.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use lvyue_core::{AppError, Lang};
use serde::Serialize;
use utoipa::ToSchema;

/// The error type handlers return.
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The status code of each error.
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Malformed(_) => StatusCode::BAD_REQUEST,
        AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) | AppError::ActionForbidden { .. } => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Conflict { .. } | AppError::TooEarly { .. } => StatusCode::CONFLICT,
        AppError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
        AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
        AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(&self.0)
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code())
            .insert_header((header::CONTENT_TYPE, "application/problem+json"))
            .finish();
        if matches!(self.0, AppError::Unauthenticated(_)) {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer realm=\"lvyue\""));
        }
        // When to come back: after the quota's window, or after a moment for a database outage.
        let retry_after = match &self.0 {
            AppError::TooManyRequests { retry_after_secs } => Some((*retry_after_secs).max(1)),
            AppError::Unavailable(_) => Some(1),
            _ => None,
        };
        if let Some(secs) = retry_after.and_then(|s| header::HeaderValue::from_str(&s.to_string()).ok()) {
            res.headers_mut().insert(header::RETRY_AFTER, secs);
        }
        res.extensions_mut().insert(self.0.clone());
        res
    }
}

/// One invalid field.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemFieldError {
    /// JSON path of the field, e.g. `complainant.uscc` or `attachments[0].url`.
    pub field: String,
    /// Stable code, e.g. `invalid_check_character`, `required`.
    pub code: String,
    /// Explanation in the request's language.
    pub message: String,
}

/// An error answer (RFC 9457, `application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Identifies the kind of problem; clients branch on it.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the kind, in the request's language.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What happened this time, in the request's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path.
    pub instance: String,
    /// The request id lvyue gave the request (also in `x-request-id`).
    pub request_id: String,
    /// The `x-request-id` the client sent, when it sent a usable one: kept beside lvyue's own,
    /// never in its place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_request_id: Option<String>,
    /// Field-level errors (422).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemFieldError>,
    /// Stable sub-code for conflicts: `stale_version`, `idempotency_conflict`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The actions the caller may take now (409 on a workflow step).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_actions: Option<Vec<String>>,
    /// The first day the request will be accepted (409 `before_minimum_period`: a repair
    /// application before the record's minimum publicity period has passed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_from: Option<chrono::NaiveDate>,
}

fn slug(code: &str) -> String {
    code.replace('_', "-")
}

/// Builds the problem body for `err` in `lang`.
pub fn problem_for(err: &AppError, lang: Lang, instance: &str, request_id: &str) -> Problem {
    let t = |zh: &str, en: &str| match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    };
    let (kind, title, detail) = match err {
        AppError::Malformed(m) => {
            ("malformed-request".to_owned(), t("请求格式错误", "Malformed request"), Some(m.get(lang).to_owned()))
        }
        AppError::Validation(_) => (
            "validation-failed".to_owned(),
            t("请求内容校验未通过", "Validation failed"),
            Some(t("请求中有字段不合规，详见 errors", "Some fields are invalid; see errors")),
        ),
        AppError::Unauthenticated(m) => {
            ("unauthenticated".to_owned(), t("未认证", "Unauthenticated"), Some(m.get(lang).to_owned()))
        }
        AppError::Forbidden(m) => ("forbidden".to_owned(), t("无权操作", "Forbidden"), Some(m.get(lang).to_owned())),
        AppError::ActionForbidden { message, .. } => {
            ("action-forbidden".to_owned(), t("无权执行此操作", "Action forbidden"), Some(message.get(lang).to_owned()))
        }
        AppError::NotFound => ("not-found".to_owned(), t("未找到", "Not found"), None),
        AppError::Conflict { code, message, .. } => {
            (slug(code), t("操作与当前状态冲突", "Conflict"), Some(message.get(lang).to_owned()))
        }
        AppError::TooEarly { code, message, .. } => {
            (slug(code), t("尚未到可办理的日期", "Not yet"), Some(message.get(lang).to_owned()))
        }
        AppError::PreconditionFailed => {
            ("precondition-failed".to_owned(), t("前提条件不满足", "Precondition failed"), None)
        }
        AppError::PayloadTooLarge { limit } => (
            "payload-too-large".to_owned(),
            t("请求体过大", "Payload too large"),
            Some(t(&format!("请求体不得超过 {limit} 字节"), &format!("the body may not exceed {limit} bytes"))),
        ),
        AppError::UnsupportedMediaType => (
            "unsupported-media-type".to_owned(),
            t("不支持的媒体类型", "Unsupported media type"),
            Some(t("请求体须为 application/json", "the body must be application/json")),
        ),
        AppError::RequestTimeout => (
            "request-timeout".to_owned(),
            t("请求发送超时", "Request timeout"),
            Some(t(
                "请求头或请求体未在规定时间内发送完毕，连接已关闭",
                "the request was not sent in time; the connection is closed",
            )),
        ),
        AppError::TooManyRequests { retry_after_secs } => (
            "too-many-requests".to_owned(),
            t("请求过于频繁", "Too many requests"),
            Some(t(
                &format!("已超过调用配额，请 {retry_after_secs} 秒后重试"),
                &format!("over the caller's quota; retry in {retry_after_secs} s"),
            )),
        ),
        AppError::Unavailable(_) => (
            "service-unavailable".to_owned(),
            t("服务暂不可用", "Service unavailable"),
            Some(t(
                "依赖服务（数据库）暂不可用，请稍后重试",
                "a dependency (the database) is unavailable; retry later",
            )),
        ),
        AppError::Internal(_) => (
            "internal-error".to_owned(),
            t("服务器内部错误", "Internal error"),
            Some(t("已记录，请凭请求编号联系运维", "logged; quote the request id to the operators")),
        ),
    };
    let errors = match err {
        AppError::Validation(list) => list
            .iter()
            .map(|f| ProblemFieldError {
                field: f.field.clone(),
                code: f.code.to_owned(),
                message: f.message.get(lang).to_owned(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let (code, allowed_actions) = match err {
        AppError::Conflict { code, allowed_actions, .. } => {
            // Workflow refusals always list what is allowed, even when that is nothing.
            let listed = *code == "invalid_transition" || !allowed_actions.is_empty();
            (Some((*code).to_owned()), listed.then(|| allowed_actions.clone()))
        }
        AppError::ActionForbidden { allowed_actions, .. } => (None, Some(allowed_actions.clone())),
        AppError::TooEarly { code, .. } => (Some((*code).to_owned()), None),
        _ => (None, None),
    };
    let available_from = match err {
        AppError::TooEarly { available_from, .. } => Some(*available_from),
        _ => None,
    };
    Problem {
        problem_type: format!("/problems/{kind}"),
        title,
        status: status_of(err).as_u16(),
        detail,
        instance: instance.to_owned(),
        request_id: request_id.to_owned(),
        client_request_id: None,
        errors,
        code,
        allowed_actions,
        available_from,
    }
}
