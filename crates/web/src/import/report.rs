//! What an import answers: each row's outcome and reasons, and the counts.

use lvyue_core::{FieldError, Lang};
use serde::Serialize;
use utoipa::ToSchema;

lvyue_core::code_enum! {
    /// What became of an imported row (导入结果).
    pub enum ListRowOutcome {
        /// Registered now.
        Created => ("created", "新增", "created"),
        /// Registered before under this reference, and corrected now.
        Updated => ("updated", "更新", "updated"),
        /// Registered before exactly so: nothing changed.
        Unchanged => ("unchanged", "未变化", "unchanged"),
        /// Not stored; see `errors`.
        Refused => ("refused", "拒收", "refused"),
    }
}

/// Why a row was refused.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListRowError {
    /// The column's key (`signed_on`), the body's field, or `row` for the row as a whole.
    pub field: String,
    /// Stable code.
    pub code: String,
    /// In the caller's language.
    pub message: String,
}

impl ListRowError {
    /// `e` in `lang`.
    pub fn of(e: &FieldError, lang: Lang) -> Self {
        ListRowError { field: e.field.clone(), code: e.code.to_owned(), message: e.message.get(lang).to_owned() }
    }
}

/// The answer for one row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListImportRow {
    /// Its number among the data rows, from 1 (a spreadsheet's header line not counted).
    pub row: usize,
    /// The unit's reference, when the row had one.
    pub reference: Option<String>,
    /// What became of it.
    pub outcome: ListRowOutcome,
    /// The contract's or commitment's id, unless refused.
    pub id: Option<String>,
    /// Why it was refused.
    pub errors: Vec<ListRowError>,
}

/// Counts per outcome.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ListImportSummary {
    /// Rows read.
    pub rows: usize,
    /// Registered now.
    pub created: usize,
    /// Corrected.
    pub updated: usize,
    /// Already so.
    pub unchanged: usize,
    /// Refused.
    pub refused: usize,
}

/// An import's answer.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ListImportReport {
    /// The counts.
    pub summary: ListImportSummary,
    /// Every row, in the file's order.
    pub rows: Vec<ListImportRow>,
}

impl ListImportReport {
    /// Adds one row's answer.
    pub fn push(&mut self, row: ListImportRow) {
        self.summary.rows += 1;
        match row.outcome {
            ListRowOutcome::Created => self.summary.created += 1,
            ListRowOutcome::Updated => self.summary.updated += 1,
            ListRowOutcome::Unchanged => self.summary.unchanged += 1,
            ListRowOutcome::Refused => self.summary.refused += 1,
        }
        self.rows.push(row);
    }
}
