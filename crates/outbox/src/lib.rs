//! lvyue-outbox: what happened, told in the same transaction that made it happen.
//!
//! - `events`: the transactional outbox and the pull feed (`GET /api/v1/events`).
//! - `contract`: each event type's payload schema, for the documented feed.
//! - `consumer`: bounded contexts reacting to each other's events, exactly once in effect.
//! - `dead_letter`: the events a consumer could not read, stopped on until an admin retries.
//! - `audit`: the append-only audit trail (who, when, from which request, before and after).
//!
//! Both are written with the caller's connection, inside the caller's
//! transaction, so nothing is announced that did not commit and nothing that
//! committed goes unrecorded.

pub mod audit;
pub mod audit_chain;
pub mod consumer;
pub mod contract;
pub mod cursor;
pub mod dead_letter;
pub mod events;
pub mod feed_sql;
pub mod lean;
pub mod scope;

pub use scope::Visibility;
