//! Spreadsheets for offices that live in Excel, written once for every context: one table of
//! rows streamed into a workbook — constant-memory worksheets (each row goes to a
//! temporary file as it is written, so a workbook of a million rows never sits in memory), a
//! bold title and header, amounts in yuan with two decimals, and a new sheet — `名称（续2）` —
//! whenever Excel's row limit is reached.

use lvyue_core::{AppError, AppResult};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// The media type of an `.xlsx` answer.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A spreadsheet writer's failure, as an internal error.
pub fn failed(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::internal(format!("writing a spreadsheet: {e}"))
}

/// A finished workbook's bytes.
pub fn finish(book: &mut Workbook) -> AppResult<Vec<u8>> {
    book.save_to_buffer().map_err(failed)
}

/// Excel's rows per sheet.
pub const EXCEL_ROWS: u32 = 1_048_576;

/// One cell.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// Text.
    Text(&'a str),
    /// A number.
    Number(f64),
    /// An amount in 分, shown in yuan with two decimals.
    Yuan(i64),
    /// Nothing.
    Blank,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Self {
        Cell::Text(s)
    }
}

/// Rows of one kind, over as many sheets as they need.
pub struct Table<'b> {
    book: &'b mut Workbook,
    name: String,
    title: Option<String>,
    headers: Vec<String>,
    widths: Vec<(u16, f64)>,
    limit: u32,
    index: usize,
    part: u32,
    row: u32,
    bold: Format,
    yuan: Format,
}

impl<'b> Table<'b> {
    /// A table starting on a new sheet named `name` (at most 25 characters, so a continuation
    /// still fits Excel's 31), under `title` if any.
    pub fn new(book: &'b mut Workbook, name: &str, title: Option<String>, headers: &[&str]) -> AppResult<Self> {
        Self::with_limit(book, name, title, headers, EXCEL_ROWS)
    }

    /// As [`Table::new`], with `limit` rows per sheet (tests use a small one).
    pub fn with_limit(
        book: &'b mut Workbook,
        name: &str,
        title: Option<String>,
        headers: &[&str],
        limit: u32,
    ) -> AppResult<Self> {
        let mut t = Table {
            book,
            name: name.to_owned(),
            title,
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            widths: Vec::new(),
            limit,
            index: 0,
            part: 0,
            row: 0,
            bold: Format::new().set_bold(),
            yuan: Format::new().set_num_format("#,##0.00"),
        };
        t.open()?;
        Ok(t)
    }

    /// Sets column `col`'s width on this sheet and every continuation.
    pub fn width(&mut self, col: u16, width: f64) -> AppResult<&mut Self> {
        self.widths.push((col, width));
        self.sheet()?.set_column_width(col, width).map_err(failed)?;
        Ok(self)
    }

    fn sheet(&mut self) -> AppResult<&mut Worksheet> {
        self.book.worksheet_from_index(self.index).map_err(failed)
    }

    fn open(&mut self) -> AppResult<()> {
        self.part += 1;
        let name = if self.part == 1 { self.name.clone() } else { format!("{}（续{}）", self.name, self.part) };
        let sheet = self.book.add_worksheet_with_constant_memory();
        sheet.set_name(&name).map_err(failed)?;
        self.index = self.book.worksheets().len() - 1;
        let (title, headers, widths, bold) =
            (self.title.clone(), self.headers.clone(), self.widths.clone(), self.bold.clone());
        let sheet = self.sheet()?;
        for (col, w) in widths {
            sheet.set_column_width(col, w).map_err(failed)?;
        }
        let mut row = 0;
        if let Some(t) = title {
            sheet.write_string_with_format(row, 0, &t, &bold).map_err(failed)?;
            row += 1;
        }
        for (col, h) in (0_u16..).zip(&headers) {
            sheet.write_string_with_format(row, col, h, &bold).map_err(failed)?;
        }
        self.row = row + 1;
        Ok(())
    }

    /// Appends one row.
    pub fn push(&mut self, cells: &[Cell<'_>]) -> AppResult<()> {
        if self.row >= self.limit {
            self.open()?;
        }
        let (row, yuan) = (self.row, self.yuan.clone());
        let sheet = self.sheet()?;
        for (col, cell) in (0_u16..).zip(cells) {
            match *cell {
                Cell::Text(s) => sheet.write_string(row, col, s).map(|_| ()),
                Cell::Number(n) => sheet.write_number(row, col, n).map(|_| ()),
                Cell::Yuan(fen) => sheet.write_number_with_format(row, col, fen as f64 / 100.0, &yuan).map(|_| ()),
                Cell::Blank => Ok(()),
            }
            .map_err(failed)?;
        }
        self.row += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_a_new_sheet_goes_on() {
        let mut book = Workbook::new();
        let mut t = Table::with_limit(&mut book, "候选", None, &["A"], 3).unwrap();
        for i in 0..5 {
            t.push(&[Cell::Number(f64::from(i))]).unwrap();
        }
        let names: Vec<String> = book.worksheets().iter().map(|s| s.name()).collect();
        assert_eq!(names, ["候选", "候选（续2）", "候选（续3）"]);
        assert!(book.save_to_buffer().is_ok());
    }
}
