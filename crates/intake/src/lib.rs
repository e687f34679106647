//! lvyue-intake (受理): channel platforms push complaint leads; lvyue routes each to
//! the department that supervises the accused one (属地管理、谁主管谁负责).
//!
//! - `submission`: the contract platforms integrate against, and its validation.
//! - `submit`: the idempotent push — one case per `(channel, external_id)`: checking and
//!   routing a lead (reads only).
//! - `writer`, `batch`, `new_case`, `duplicates`: writing new leads as cases by group commit —
//!   one writer thread per process, many leads per transaction.
//! - `routing`: respondent → registry → supervising body.
//! - `escalation`: an overdue registered contract becomes the credit office's lead.
//! - `fingerprint`: the payload hash of idempotent replays and the duplicate key.
//!
//! The case itself — its row, reads, timeline, deadlines and events — is the `lvyue-case` crate's.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod batch;
pub mod context;
pub mod duplicates;
pub mod escalation;
pub mod fingerprint;
pub mod http;
pub mod new_case;
pub mod routing;
pub mod submission;
pub mod submit;
pub mod writer;
