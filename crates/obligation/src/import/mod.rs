//! Imports of the lists departments keep in spreadsheets (导入): contracts and commitments
//! from `.xlsx`, CSV, NDJSON or a JSON array, idempotent on the unit's own reference, with a
//! per-row report and an all-or-nothing option; and the templates to fill.
//!
//! - `columns`: the columns of each kind, the one table the reader, template and guide share.
//! - `cell`: a cell into its field's JSON value.
//! - `table`: a file into rows shaped like the API's body.
//! - `apply`: rows registered, corrected or left unchanged, in batches.
//! - `contracts`, `commitments`: what a row does for each kind.
//! - `report`: the per-row answer.
//! - `template`: the `.xlsx` templates.

pub mod apply;
pub mod cell;
pub mod columns;
pub mod commitments;
pub mod contracts;
pub mod report;
pub mod table;
pub mod template;

pub use apply::{run, ImportOptions};
pub use report::{ObligationImportReport, ObligationRowOutcome};
pub use table::ImportFormat;

/// Rows per import: a unit's lists, with room to spare.
pub const MAX_ROWS: usize = 10_000;
