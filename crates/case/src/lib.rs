//! lvyue-case (案件): the complaint a channel pushed, from receipt to its outcome — its row
//! and views, its storage, its reads (scope, masking, lists), its timeline (办理过程), its
//! progress, its deadlines and the events it announces.
//!
//! Intake creates cases, verification moves them through the workflow and repair closes them
//! as repaired; all three write through [`write`], the one place a case row changes, the way
//! `credit_record::write` is the one place a record is written.
//!
//! - `access`: which cases a caller sees, one rule read as SQL and as a check of one case.
//! - `complaint`: the row, the insert form and the views.
//! - `contract_link`: the registered contract a case is about.
//! - `context`: what the clock, the calendar and the settings say during a request.
//! - `write`: create a case, and move it (version checked and bumped in one statement).
//! - `read`: a case, a channel's case by its own id, lists, the timeline — masked as the caller requires.
//! - `steps`, `progress`, `deadline`, `watch`: the timeline, the progress row, the time limits
//!   and the open deadlines the overdue sweep waits for.
//! - `events`: every `complaint.*` event type and its payload, the contract its consumers read.

pub mod access;
pub mod complaint;
pub mod context;
pub mod contract_link;
pub mod deadline;
pub mod determination;
pub mod events;
pub mod lean;
pub mod mask;
pub mod progress;
pub mod read;
pub mod steps;
pub mod watch;
pub mod write;

pub use context::CaseContext;
