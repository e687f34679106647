//! lvyue-ledger (问题台账, seed 001 三(一)): the special governance that runs on a ledger, not on
//! complaints — self-inspection campaigns, each unit's problems with the subject, the
//! responsible persons, the cause, the arrears and the handling opinion, their rectification
//! plans, repayments and close, and the consolidated ledger the credit office keeps.
//!
//! - `access`: who sees and writes which (a unit its own, the credit office its region).
//! - `campaign`: campaigns, the units' submissions and the progress.
//! - `item`: the ledger items, their plans, repayments, close, escalation and the export.
//! - `import`: the units' problem lists as spreadsheets.
//! - `scan`: the daily warnings of late steps and late submissions.
//! - `from_case`: a case concluded substantiated with a plan becomes a problem in the ledger.
//! - `figures`: per unit, items found, rectified on time, arrears cleared, plans late.
//! - `events`: `ledger_item.*` and `campaign.*`.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod access;
pub mod campaign;
pub mod events;
pub mod figures;
pub mod from_case;
pub mod http;
pub mod import;
pub mod item;
pub mod scan;
