//! The one application error, its field-level details, and the database error mapping.
//!
//! Domain code returns `AppError`; the web crate turns each variant into an
//! RFC 9457 problem with the right status. Nothing here knows about HTTP.

use crate::message::Message;

/// Result with the application error.
pub type AppResult<T> = Result<T, AppError>;

/// One field that failed validation, named by its JSON path (`complainant.uscc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field in the request, dots between members, `[i]` for items.
    pub field: String,
    /// Stable machine code (`invalid_check_character`, `required`, …).
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: Message,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, code: &'static str, message: Message) -> Self {
        FieldError { field: field.into(), code, message }
    }

    /// The same error placed under `field` (used when a value parser does not know its path).
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// A required field that is missing or empty.
    pub fn required(field: impl Into<String>) -> Self {
        FieldError::new(field, "required", Message::new("此项为必填项", "this field is required"))
    }

    /// A text longer than `max` characters.
    pub fn too_long(field: impl Into<String>, max: usize) -> Self {
        FieldError::new(
            field,
            "too_long",
            Message::new(format!("长度不得超过 {max} 个字符"), format!("must be at most {max} characters")),
        )
    }
}

/// Everything that can go wrong, in the terms a client can act on.
#[derive(Debug, Clone)]
pub enum AppError {
    /// The request could not be read (bad JSON, bad query string). 400.
    Malformed(Message),
    /// The request was read but its content is invalid. 422.
    Validation(Vec<FieldError>),
    /// No credentials, or credentials that do not verify. 401.
    Unauthenticated(Message),
    /// Authenticated, but this role may never do this. 403.
    Forbidden(Message),
    /// This role may not take this workflow step; the steps it may take are listed. 403.
    ActionForbidden {
        /// What happened.
        message: Message,
        /// The actions the caller may take now (possibly none).
        allowed_actions: Vec<String>,
    },
    /// Not there, or not visible to this caller. 404.
    NotFound,
    /// The request conflicts with the current state. 409.
    Conflict {
        /// Stable code: `idempotency_conflict`, `stale_version`, `invalid_transition`, …
        code: &'static str,
        /// What happened.
        message: Message,
        /// The actions the caller may take now, where that helps.
        allowed_actions: Vec<String>,
    },
    /// Not yet: the request will be accepted from a day (a repair before the minimum
    /// publicity period). 409, with that day.
    TooEarly {
        /// Stable code, e.g. `before_minimum_period`.
        code: &'static str,
        /// What happened.
        message: Message,
        /// The first day on which the request will be accepted.
        available_from: chrono::NaiveDate,
    },
    /// `If-Match` did not match. 412.
    PreconditionFailed,
    /// The body is larger than `limit` bytes. 413.
    PayloadTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The body is not `application/json`. 415.
    UnsupportedMediaType,
    /// The client took longer than allowed to send its request. 408.
    RequestTimeout,
    /// The caller made more requests than its quota allows. 429, with `Retry-After`.
    TooManyRequests {
        /// Seconds until a request will be accepted again.
        retry_after_secs: u64,
    },
    /// A dependency (the database) is unavailable. 503.
    Unavailable(String),
    /// A bug or an unexpected failure. 500; the detail is logged, never shown.
    Internal(String),
}

impl AppError {
    /// A 422 with one field error.
    pub fn field(err: FieldError) -> Self {
        AppError::Validation(vec![err])
    }

    /// A 422 on one field, with a code and a message in both languages: the one way a domain
    /// rule refuses a value.
    pub fn invalid(
        field: &str,
        code: &'static str,
        zh: impl Into<std::borrow::Cow<'static, str>>,
        en: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Self {
        AppError::field(FieldError::new(field, code, Message::new(zh, en)))
    }

    /// A 409 with a code and a message.
    pub fn conflict(code: &'static str, message: Message) -> Self {
        AppError::Conflict { code, message, allowed_actions: Vec::new() }
    }

    /// A 409 because the client's version is not the current one.
    pub fn stale_version(current: i32) -> Self {
        AppError::conflict(
            "stale_version",
            Message::new(
                format!("数据已被他人修改，当前版本为 {current}，请刷新后重试"),
                format!("the record was changed by someone else; the current version is {current}"),
            ),
        )
    }

    /// A 500 with an internal detail that is logged, not shown.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        AppError::Internal(detail.to_string())
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Malformed(m) => write!(f, "malformed request: {}", m.en),
            AppError::Validation(errs) => write!(f, "validation failed on {} field(s)", errs.len()),
            AppError::Unauthenticated(m) => write!(f, "unauthenticated: {}", m.en),
            AppError::Forbidden(m) => write!(f, "forbidden: {}", m.en),
            AppError::ActionForbidden { message, .. } => write!(f, "forbidden: {}", message.en),
            AppError::NotFound => f.write_str("not found"),
            AppError::Conflict { code, message, .. } => write!(f, "conflict {code}: {}", message.en),
            AppError::TooEarly { code, available_from, .. } => write!(f, "{code}: not before {available_from}"),
            AppError::PreconditionFailed => f.write_str("precondition failed"),
            AppError::PayloadTooLarge { limit } => write!(f, "payload larger than {limit} bytes"),
            AppError::UnsupportedMediaType => f.write_str("unsupported media type"),
            AppError::RequestTimeout => f.write_str("request timeout"),
            AppError::TooManyRequests { retry_after_secs } => {
                write!(f, "too many requests; retry in {retry_after_secs} s")
            }
            AppError::Unavailable(d) => write!(f, "unavailable: {d}"),
            AppError::Internal(d) => write!(f, "internal error: {d}"),
        }
    }
}

impl std::error::Error for AppError {}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => AppError::conflict(
                "concurrent_update",
                Message::new("并发修改冲突，请重试", "a concurrent change interfered; retry"),
            ),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => AppError::conflict(
                UNIQUE_VIOLATION,
                Message::new(
                    "记录已存在（唯一性约束）",
                    format!("already exists ({})", info.constraint_name().unwrap_or("unique constraint")),
                ),
            ),
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
                AppError::Unavailable(info.message().to_owned())
            }
            // SQLite: another process held the database past the busy timeout. Retryable.
            Error::DatabaseError(_, info)
                if info.message().starts_with("database is locked")
                    || info.message().starts_with("database table is locked") =>
            {
                AppError::Unavailable(info.message().to_owned())
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// The conflict code of a unique-constraint violation.
pub const UNIQUE_VIOLATION: &str = "already_exists";

impl AppError {
    /// True when this is a unique-constraint violation from the database.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, AppError::Conflict { code, .. } if *code == UNIQUE_VIOLATION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error};

    struct Info(&'static str);

    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    #[test]
    fn a_locked_sqlite_database_is_unavailable_not_internal() {
        let e = Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new(Info("database is locked")));
        assert!(matches!(AppError::from(e), AppError::Unavailable(_)));
        let e = Error::DatabaseError(DatabaseErrorKind::UniqueViolation, Box::new(Info("UNIQUE constraint failed")));
        assert!(AppError::from(e).is_unique_violation());
        let e = Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new(Info("syntax error")));
        assert!(matches!(AppError::from(e), AppError::Internal(_)));
    }
}
