//! Imports of the lists units keep in spreadsheets (导入), written once for every context:
//! `.xlsx` (calamine), CSV, NDJSON or a JSON array, every format read into rows shaped like the
//! body of the context's `POST`, applied in batches (or all or nothing), answered row by row;
//! and the `.xlsx` templates to fill.
//!
//! - `columns`: a column's key, Chinese header, kind of cell and place in the body.
//! - `cell`: a cell into its field's JSON value.
//! - `table`: a file into rows.
//! - `apply`: rows applied through a context's [`apply::Importable`].
//! - `report`: the per-row answer.
//! - `template`: the templates.
//! - `http`: receiving an upload, and answering a template.

pub mod apply;
pub mod cell;
pub mod columns;
pub mod http;
pub mod report;
pub mod table;
pub mod template;

pub use apply::{run, ImportOptions, ImportingUnit};
pub use report::{ListImportReport, ListRowOutcome};
pub use table::ImportFormat;
