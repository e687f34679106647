//! lvyue-outbox: what happened, told in the same transaction that made it happen.
//!
//! - `events`: the transactional outbox and the pull feed (`GET /api/v1/events`).
//! - `consumer`: bounded contexts reacting to each other's events, exactly once in effect.
//! - `audit`: the append-only audit trail (who, when, from which request, before and after).
//!
//! Both are written with the caller's connection, inside the caller's
//! transaction, so nothing is announced that did not commit and nothing that
//! committed goes unrecorded.

pub mod audit;
pub mod consumer;
pub mod cursor;
pub mod events;
pub mod scope;

pub use scope::Visibility;
