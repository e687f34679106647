//! Spreadsheets (Excel, `.xlsx`) for offices that live in Excel: Chinese column headers, code
//! labels rather than codes, one row per group and the totals last. `rust_xlsxwriter`
//! (MIT/Apache) writes them.

use crate::figures::{CaseFigures, CaseStatistics};
use lvyue_core::{AppError, AppResult};
use rust_xlsxwriter::{Format, Workbook};

/// The media type of an `.xlsx` answer.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The columns of the case figures: header, value.
type Column = (&'static str, fn(&CaseFigures) -> f64);

const COLUMNS: &[Column] = &[
    ("受理数", |f| f.received as f64),
    ("按时转交数", |f| f.routed_on_time as f64),
    ("按时接收数", |f| f.accepted_on_time as f64),
    ("办结数", |f| f.concluded as f64),
    ("按时办结数", |f| f.concluded_on_time as f64),
    ("当前逾期数", |f| f.overdue_now as f64),
    ("曾逾期数", |f| f.overdue_in_period as f64),
    ("被督办数", |f| f.urged as f64),
    ("获延期数", |f| f.extended as f64),
    ("认定失信数", |f| f.determined as f64),
    ("整改或和解数", |f| f.rectified_or_settled as f64),
    ("重启办理数", |f| f.reopened as f64),
];

fn failed(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::internal(format!("writing a spreadsheet: {e}"))
}

/// The case figures as a workbook of one sheet.
pub fn case_statistics(stats: &CaseStatistics) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("办理情况").map_err(failed)?;
    let bold = Format::new().set_bold();
    let title = format!(
        "{} 案件办理情况（{} 至 {}，按{}）",
        stats.region_code,
        stats.from,
        stats.to,
        stats.group_by.label_zh().trim_start_matches('按')
    );
    sheet.write_string_with_format(0, 0, &title, &bold).map_err(failed)?;
    sheet.write_string_with_format(1, 0, "分组", &bold).map_err(failed)?;
    for (col, (header, _)) in (1_u16..).zip(COLUMNS) {
        sheet.write_string_with_format(1, col, *header, &bold).map_err(failed)?;
    }
    let last = COLUMNS.len() as u16 + 1;
    sheet.write_string_with_format(1, last, "办结用时中位数（工作日）", &bold).map_err(failed)?;
    sheet.write_string_with_format(1, last + 1, "平均满意度", &bold).map_err(failed)?;
    for (row, f) in (2_u32..).zip(stats.rows.iter().chain(std::iter::once(&stats.totals))) {
        sheet.write_string(row, 0, &f.label).map_err(failed)?;
        for (col, (_, value)) in (1_u16..).zip(COLUMNS) {
            sheet.write_number(row, col, value(f)).map_err(failed)?;
        }
        if let Some(m) = f.median_working_days_to_conclusion {
            sheet.write_number(row, last, m).map_err(failed)?;
        }
        if let Some(s) = f.satisfaction_mean {
            sheet.write_number(row, last + 1, s).map_err(failed)?;
        }
    }
    sheet.set_column_width(0, 28).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

/// An assessment as a workbook: the ranking (排名) first, then one sheet per metric with each
/// unit's value and mark.
pub fn assessment(a: &crate::assessment::Assessment) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let ranking = book.add_worksheet();
    ranking.set_name("排名").map_err(failed)?;
    let title = format!("{}（{}，{}）", a.scheme.name, a.region_code, a.period);
    ranking.write_string_with_format(0, 0, &title, &bold).map_err(failed)?;
    for (col, header) in (0_u16..).zip(["名次", "单位", "得分"]) {
        ranking.write_string_with_format(1, col, header, &bold).map_err(failed)?;
    }
    for (row, r) in (2_u32..).zip(&a.results) {
        ranking.write_number(row, 0, f64::from(r.rank)).map_err(failed)?;
        ranking.write_string(row, 1, &r.label).map_err(failed)?;
        ranking.write_number(row, 2, r.score).map_err(failed)?;
    }
    ranking.set_column_width(1, 28).map_err(failed)?;
    for (i, m) in a.scheme.metrics.iter().enumerate() {
        let sheet = book.add_worksheet();
        // Sheet names are at most 31 characters and unique; the metric's label is short.
        sheet.set_name(m.metric.label_zh()).map_err(failed)?;
        for (col, header) in (0_u16..).zip(["单位", "指标值", "得分（0–100）", "权重"]) {
            sheet.write_string_with_format(0, col, header, &bold).map_err(failed)?;
        }
        for (row, r) in (1_u32..).zip(&a.results) {
            sheet.write_string(row, 0, &r.label).map_err(failed)?;
            if let Some(v) = r.metrics.get(i).and_then(|x| x.value) {
                sheet.write_number(row, 1, v).map_err(failed)?;
            }
            sheet.write_number(row, 2, r.metrics.get(i).map_or(0.0, |x| x.mark)).map_err(failed)?;
            sheet.write_number(row, 3, m.weight).map_err(failed)?;
        }
        sheet.set_column_width(0, 28).map_err(failed)?;
    }
    book.save_to_buffer().map_err(failed)
}
