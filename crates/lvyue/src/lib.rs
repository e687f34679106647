//! lvyue: the server and command line around the bounded contexts.
//!
//! - `config`: every setting from the environment, with safe local defaults.
//! - `telemetry`: structured logs, set up once.
//! - `startup`: pool, migrations, shipped calendar, the HTTP server.
//! - `api`: the assembled routes and the OpenAPI document.
//! - `event_contracts`: every event type's payload, and the feed documented per `type`.
//! - `routes`: what belongs to no single context — health, metadata, the event feed, the audit trail.
//! - `metrics`: `GET /metrics` for the people on call.
//! - `demo`: a small demo region for newcomers.
//! - `cli`: the subcommands.

pub mod api;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod event_contracts;
pub mod jobs;
pub mod metrics;
pub mod routes;
pub mod secret;
pub mod startup;
pub mod telemetry;
