//! The import templates (导入模板): one sheet to fill with the Chinese headers (required ones
//! marked `*`), drop-downs from the code lists, 是/否 for flags, a hint on date and amount
//! cells; a hidden sheet holding the code lists; and a sheet explaining each column.

use super::columns::{header, CellKind, Column};
use crate::sheet::{failed, finish};
use lvyue_core::AppResult;
use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook};

/// Rows of the fill-in sheet that carry the drop-downs.
const ROWS: u32 = 5_000;

const LISTS: &str = "代码表";

/// The template for `columns`, its fill-in sheet named `sheet`.
pub fn workbook(columns: &[Column], sheet: &str) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let fill = book.add_worksheet();
    fill.set_name(sheet).map_err(failed)?;
    let mut list_col: u16 = 0;
    let mut lists: Vec<(u16, &Column)> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        fill.write_string_with_format(0, col, header(c), &bold).map_err(failed)?;
        fill.set_column_width(col, 18).map_err(failed)?;
        let rule = match c.cell {
            CellKind::Code(table) => {
                let last = u32::try_from(table.len()).unwrap_or(1) + 1;
                let letter = column_letter(list_col);
                lists.push((list_col, c));
                list_col += 1;
                Some(
                    DataValidation::new()
                        .allow_list_formula(Formula::new(format!("='{LISTS}'!${letter}$2:${letter}${last}"))),
                )
            }
            CellKind::Flag => Some(DataValidation::new().allow_list_strings(&["是", "否"]).map_err(failed)?),
            CellKind::Date => Some(
                DataValidation::new().allow_any_value().set_input_message("日期，例如 2026-05-01").map_err(failed)?,
            ),
            CellKind::Yuan => Some(
                DataValidation::new()
                    .allow_any_value()
                    .set_input_message("金额（元），最多两位小数")
                    .map_err(failed)?,
            ),
            CellKind::Text => None,
        };
        if let Some(rule) = rule {
            fill.add_data_validation(1, col, ROWS, col, &rule).map_err(failed)?;
        }
    }
    fill.set_freeze_panes(1, 0).map_err(failed)?;
    let codes = book.add_worksheet();
    codes.set_name(LISTS).map_err(failed)?;
    for (col, c) in &lists {
        codes.write_string_with_format(0, *col, c.zh, &bold).map_err(failed)?;
        if let CellKind::Code(table) = c.cell {
            for (r, (_, zh, _)) in table.iter().enumerate() {
                codes.write_string(u32::try_from(r).unwrap_or(0) + 1, *col, *zh).map_err(failed)?;
            }
        }
        codes.set_column_width(*col, 28).map_err(failed)?;
    }
    codes.set_hidden(true);
    guide(&mut book, columns, &bold)?;
    finish(&mut book)
}

/// The sheet that explains each column.
fn guide(book: &mut Workbook, columns: &[Column], bold: &Format) -> AppResult<()> {
    let sheet = book.add_worksheet();
    sheet.set_name("填写说明").map_err(failed)?;
    for (i, h) in ["列名", "字段", "必填", "填写要求"].iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *h, bold).map_err(failed)?;
    }
    for (i, c) in columns.iter().enumerate() {
        let r = u32::try_from(i).unwrap_or(0) + 1;
        let how = match c.cell {
            CellKind::Text => "文字".to_owned(),
            CellKind::Date => "日期，例如 2026-05-01".to_owned(),
            CellKind::Flag => "是 或 否，空白为否".to_owned(),
            CellKind::Yuan => "金额（元），最多两位小数".to_owned(),
            CellKind::Code(table) => {
                format!("从下拉列表选择：{}", table.iter().map(|(_, zh, _)| *zh).collect::<Vec<_>>().join("、"))
            }
        };
        sheet.write_string(r, 0, c.zh).map_err(failed)?;
        sheet.write_string(r, 1, c.key).map_err(failed)?;
        sheet.write_string(r, 2, if c.required { "是" } else { "否" }).map_err(failed)?;
        sheet.write_string(r, 3, how).map_err(failed)?;
    }
    let note = "同一“本单位编号”再次导入即更新该条记录，重复导入不会新增。";
    let last = u32::try_from(columns.len()).unwrap_or(0) + 2;
    sheet.write_string(last, 0, note).map_err(failed)?;
    sheet.set_column_width(0, 24).map_err(failed)?;
    sheet.set_column_width(1, 24).map_err(failed)?;
    sheet.set_column_width(3, 80).map_err(failed)?;
    Ok(())
}

/// `A`, `B`, …, `Z`, `AA` for column `n` (from 0).
fn column_letter(n: u16) -> String {
    let mut n = u32::from(n) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}
