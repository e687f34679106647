//! What can stop the server from starting, or a command from finishing: one type for the
//! binary, each cause its own variant.

use std::path::PathBuf;

/// A failure of `lvyue serve` or of a subcommand.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A setting cannot be used.
    #[error("configuration: {0}")]
    Config(#[from] crate::config::ConfigError),
    /// The database cannot be opened, migrated or prepared.
    #[error(transparent)]
    Database(#[from] lvyue_db::DbSetupError),
    /// No connection could be had from the pool.
    #[error("no database connection: {0}")]
    Connection(#[from] diesel::r2d2::PoolError),
    /// A statement of a command failed.
    #[error("database: {0}")]
    Query(#[from] diesel::result::Error),
    /// A domain operation refused or failed.
    #[error("{0}")]
    Domain(lvyue_core::AppError),
    /// Input refused, field by field (one line each: field, message, code).
    #[error("{}", .0.iter().map(|f| format!("{}: {} [{}]", f.field, f.message.zh, f.code)).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<lvyue_core::FieldError>),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file's content is not what the command takes.
    #[error("{path}: {message}")]
    Content {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A public key file is neither RSA nor EC in PEM.
    #[error("{0} is neither an RSA nor an EC public key in PEM")]
    Key(PathBuf),
    /// The listening address cannot be bound.
    #[error("cannot bind {addr}: {source}")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The HTTP server failed.
    #[error("the server: {0}")]
    Server(#[source] std::io::Error),
    /// The webhook dispatcher cannot start.
    #[error(transparent)]
    Webhooks(#[from] lvyue_webhooks::worker::DispatchError),
    /// A token cannot be issued.
    #[error("token: {0}")]
    Token(#[from] jsonwebtoken::errors::Error),
    /// A command-line argument cannot be used.
    #[error("{0}")]
    Usage(String),
    /// A command finished, but refused part of its input.
    #[error("{0} rows refused")]
    RowsRefused(usize),
    /// The OpenAPI document cannot be written.
    #[error("the OpenAPI document: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<lvyue_core::AppError> for RunError {
    fn from(e: lvyue_core::AppError) -> Self {
        match e {
            lvyue_core::AppError::Validation(list) => RunError::Invalid(list),
            other => RunError::Domain(other),
        }
    }
}

impl RunError {
    /// A file that could not be read or written.
    pub fn file(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        RunError::File { path: path.as_ref().to_owned(), source }
    }

    /// An argument that cannot be used.
    pub fn usage(message: impl Into<String>) -> Self {
        RunError::Usage(message.into())
    }
}
