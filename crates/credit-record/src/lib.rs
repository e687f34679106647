//! lvyue-credit-record (政务信用记录): every finding kept under the subject's name.
//!
//! - `record`: the stored row, the view that is also the exchange format, and versions.
//! - `write`: the one place a record is created or changed — a new version, an event and an
//!   audit entry in the caller's transaction.
//! - `scope`: which records a caller may see.
//! - `from_case`: a determined case becomes a `breach_determination` record, exactly once.
//! - `from_contract`: a contract closed out becomes `fulfilment` information, exactly once.
//! - `import`: data providers' batches (JSON, NDJSON, CSV), streamed, idempotent per row.
//! - `read`: one record, lists, a subject's record and a region's roll-up.
//! - `export`: the full export for reconciliation, streamed in keyset batches.
//! - `expiry`: records past their maximum publicity period expire by themselves.
//! - `figures`: oversight's reads — a division's breaches, and breaches per subject.
//! - `subject`: findings whose subject the registry lacks wait, and are linked to it.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod correct;
pub mod events;
pub mod expiry;
pub mod export;
pub mod figures;
pub mod from_case;
pub mod from_contract;
pub mod http;
pub mod import;
pub mod read;
pub mod record;
pub mod scope;
pub mod subject;
pub mod write;

/// The longest statement of facts a record holds (as a determination's).
pub const MAX_FACTS: usize = 20_000;
