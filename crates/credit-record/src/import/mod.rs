//! Data providers' batches (司法局, 经信局, courts): JSON arrays, NDJSON or CSV, up to
//! [`MAX_ROWS`] rows, read as a stream and applied in batches, idempotent on the provider's
//! own id (`provider_ref`). Each row is answered: `created`, `updated`, `unchanged` or
//! `refused` with the reasons. A bad row never loses the good ones, unless the caller asks
//! for all or nothing.
//!
//! - `row`: one row as sent, and its validation.
//! - `source`: the three formats, read incrementally from any `Read`.
//! - `apply`: a batch against the database, and the report.
//! - `tally`: how many rows each provider had refused, per day and reason.

pub mod apply;
pub mod row;
pub mod source;
pub mod tally;

pub use apply::{run, ImportOptions, ImportReport, RowOutcome, RowReport};
pub use row::ImportRow;
pub use source::Format;

/// The most rows one import may carry.
pub const MAX_ROWS: usize = 100_000;
