//! lvyue-web: the HTTP face every bounded context shares.
//!
//! Handlers in the domain crates' `http` modules stay thin: they extract a
//! `Caller`, a `JsonBody` or a query, call the domain, and return JSON or an
//! `ApiError`. Everything about HTTP itself — problem+json, request ids,
//! languages, tokens, body limits — lives here, once.

pub mod auth;
pub mod binary;
pub mod body;
pub mod cache;
pub mod context;
pub mod db;
pub mod import;
pub mod openapi;
pub mod page;
pub mod problem;
pub mod query;
pub mod quota;
pub mod sheet;
pub mod state;
pub mod stream;

pub use auth::{Caller, Claims, TokenIssuer, TokenVerifier};
pub use body::JsonBody;
pub use context::{RequestContext, RequestInfo};
pub use page::Limit;
pub use problem::{ApiError, ApiResult};
pub use query::Query;
pub use state::AppState;
