//! The contracts' and commitments' spreadsheets (导入): their columns, and what a row of each
//! does. Reading the file, applying rows in batches, the per-row report and the templates are
//! the shared machinery of `lvyue_web::import`.
//!
//! - `columns`: the columns of each kind.
//! - `contracts`, `commitments`: what a row does for each kind.

pub mod columns;
pub mod commitments;
pub mod contracts;

/// Rows per import: a unit's lists, with room to spare.
pub const MAX_ROWS: usize = 10_000;
