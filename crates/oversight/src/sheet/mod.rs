//! Spreadsheets (Excel, `.xlsx`) for offices that live in Excel: Chinese column headers, code
//! labels rather than codes, amounts in yuan with two decimals. `rust_xlsxwriter` (MIT/Apache)
//! writes them, row by row into constant-memory sheets ([`table::Table`]).
//!
//! The tables themselves are `lvyue_web::sheet` (one table over as many sheets as Excel's row
//! limit needs); here: the case figures, an assessment, the typical-case candidates, the data
//! quality.

use lvyue_web::sheet::{failed, Cell, Table};

use crate::figures::{CaseFigures, CaseStatistics};
use lvyue_core::AppResult;
use rust_xlsxwriter::Workbook;

/// The media type of an `.xlsx` answer.
pub const XLSX: &str = lvyue_web::sheet::XLSX;

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

/// The case figures as a workbook of one sheet.
pub fn case_statistics(stats: &CaseStatistics) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let title = format!(
        "{} 案件办理情况（{} 至 {}，按{}）",
        stats.region_code,
        stats.from,
        stats.to,
        stats.group_by.label_zh().trim_start_matches('按')
    );
    let mut headers = vec!["分组"];
    headers.extend(COLUMNS.iter().map(|(h, _)| *h));
    headers.extend(["办结用时中位数（工作日）", "平均满意度"]);
    let mut t = Table::new(&mut book, "办理情况", Some(title), &headers)?;
    t.width(0, 28.0)?;
    for f in stats.rows.iter().chain(std::iter::once(&stats.totals)) {
        let mut cells = vec![Cell::Text(&f.label)];
        cells.extend(COLUMNS.iter().map(|(_, value)| Cell::Number(value(f))));
        cells.push(f.median_working_days_to_conclusion.map_or(Cell::Blank, Cell::Number));
        cells.push(f.satisfaction_mean.map_or(Cell::Blank, Cell::Number));
        t.push(&cells)?;
    }
    book.save_to_buffer().map_err(failed)
}

/// An assessment as a workbook: the ranking (排名) first, then one sheet per metric with each
/// unit's value and mark.
pub fn assessment(a: &crate::assessment::Assessment) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let title = format!("{}（{}，{}）", a.scheme.name, a.region_code, a.period);
    let mut ranking = Table::new(&mut book, "排名", Some(title), &["名次", "单位", "得分"])?;
    ranking.width(1, 28.0)?;
    for r in &a.results {
        ranking.push(&[Cell::Number(f64::from(r.rank)), Cell::Text(&r.label), Cell::Number(r.score)])?;
    }
    for (i, m) in a.scheme.metrics.iter().enumerate() {
        // Sheet names are at most 31 characters and unique; the metric's label is short.
        let mut sheet = Table::new(&mut book, m.metric.label_zh(), None, &["单位", "指标值", "得分（0–100）", "权重"])?;
        sheet.width(0, 28.0)?;
        for r in &a.results {
            let value = r.metrics.get(i).and_then(|x| x.value);
            sheet.push(&[
                Cell::Text(&r.label),
                value.map_or(Cell::Blank, Cell::Number),
                Cell::Number(r.metrics.get(i).map_or(0.0, |x| x.mark)),
                Cell::Number(m.weight),
            ])?;
        }
    }
    book.save_to_buffer().map_err(failed)
}

fn yes(met: bool) -> Cell<'static> {
    Cell::Text(if met { "是" } else { "否" })
}

/// The typical-case candidates as a workbook: one row per record, each criterion with its
/// numbers.
pub fn candidates(c: &crate::typical::candidates::Candidates) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let title = format!("{} 典型案例候选（认定日期 {} 至 {}）", c.region_code, c.from, c.to);
    let headers = [
        "序号",
        "信用主体",
        "统一社会信用代码",
        "失信等级",
        "涉及金额（元）",
        "认定日期",
        "符合条件数",
        "情形严重",
        "记录数（窗口内）",
        "多次失信",
        "投诉数",
        "渠道数",
        "平均满意度",
        "反映强烈",
        "已立典型案例",
        "信用记录编号",
    ];
    let mut t = Table::new(&mut book, "典型案例候选", Some(title), &headers)?;
    t.width(1, 28.0)?.width(2, 22.0)?;
    for (n, x) in (1_u32..).zip(&c.candidates) {
        let decided = x.decided_on.to_string();
        t.push(&[
            Cell::Number(f64::from(n)),
            Cell::Text(&x.subject_name),
            Cell::Text(x.subject_uscc.as_deref().unwrap_or("")),
            Cell::Text(x.grade.label_zh()),
            x.amount_fen.map_or(Cell::Blank, Cell::Yuan),
            Cell::Text(&decided),
            Cell::Number(f64::from(x.criteria_met)),
            yes(x.serious.met),
            Cell::Number(x.repeated.records as f64),
            yes(x.repeated.met),
            Cell::Number(x.outcry.complaints as f64),
            Cell::Number(x.outcry.channels as f64),
            x.outcry.satisfaction_mean.map_or(Cell::Blank, Cell::Number),
            yes(x.outcry.met),
            yes(x.typical_case_id.is_some()),
            Cell::Text(&x.record_id),
        ])?;
    }
    book.save_to_buffer().map_err(failed)
}

/// Data quality as a workbook: one row per provider and the totals, then the refusals by
/// reason.
pub fn data_quality(q: &crate::quality::DataQuality) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let title = format!("{} 数据质量（{} 至 {}）", q.region_code, q.from, q.to);
    let headers = [
        "提供单位",
        "接收记录数",
        "拒收行数",
        "认定至接收天数中位数",
        "认定至接收最长天数",
        "主体未匹配数",
        "更正数",
        "异议维持数",
        "异议更正数",
        "异议撤销数",
    ];
    let mut t = Table::new(&mut book, "数据质量", Some(title), &headers)?;
    t.width(0, 28.0)?;
    let all = || q.rows.iter().chain(std::iter::once(&q.totals));
    for f in all() {
        t.push(&[
            Cell::Text(&f.label),
            Cell::Number(f.records as f64),
            Cell::Number(f.rows_refused as f64),
            f.median_days_decision_to_receipt.map_or(Cell::Blank, Cell::Number),
            f.max_days_decision_to_receipt.map_or(Cell::Blank, |d| Cell::Number(d as f64)),
            Cell::Number(f.unresolved_subjects as f64),
            Cell::Number(f.corrections as f64),
            Cell::Number(f.objections_upheld as f64),
            Cell::Number(f.objections_corrected as f64),
            Cell::Number(f.objections_revoked as f64),
        ])?;
    }
    let mut reasons = Table::new(&mut book, "拒收原因", None, &["提供单位", "原因代码", "拒收行数"])?;
    reasons.width(0, 28.0)?.width(1, 24.0)?;
    for f in &q.rows {
        for (reason, n) in &f.refused_by_reason {
            reasons.push(&[Cell::Text(&f.label), Cell::Text(reason), Cell::Number(*n as f64)])?;
        }
    }
    book.save_to_buffer().map_err(failed)
}

/// The obligations' figures per unit as a workbook (履约践诺情况).
pub fn obligation_figures(f: &lvyue_obligation::figures::ObligationFigures) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let title = format!("{} 政务承诺和政府合同履约情况（{} 至 {}）", f.region_code, f.from, f.to);
    let headers = [
        "单位",
        "到期承诺数",
        "按期兑现数",
        "逾期兑现数",
        "未兑现数",
        "按期兑现率",
        "销号合同数",
        "按期履约销号数",
        "按期履约率",
        "逾期合同数",
        "违约合同数",
        "转为投诉线索数",
    ];
    let mut t = Table::new(&mut book, "履约情况", Some(title), &headers)?;
    t.width(0, 28.0)?;
    for u in f.rows.iter().chain(std::iter::once(&f.totals)) {
        t.push(&[
            Cell::Text(&u.label),
            Cell::Number(u.commitments_due as f64),
            Cell::Number(u.commitments_kept as f64),
            Cell::Number(u.commitments_kept_late as f64),
            Cell::Number(u.commitments_not_kept as f64),
            u.commitments_kept_rate.map_or(Cell::Blank, Cell::Number),
            Cell::Number(u.contracts_closed_out as f64),
            Cell::Number(u.contracts_closed_out_on_time as f64),
            u.contracts_on_time_rate.map_or(Cell::Blank, Cell::Number),
            Cell::Number(u.contracts_overdue as f64),
            Cell::Number(u.contracts_breached as f64),
            Cell::Number(u.contracts_escalated as f64),
        ])?;
    }
    book.save_to_buffer().map_err(failed)
}

/// The ledger's figures per unit as a workbook (问题台账整改情况).
pub fn ledger_figures(f: &lvyue_ledger::figures::LedgerFigures) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let title = format!("{} 问题台账整改情况（{} 至 {}）", f.region_code, f.from, f.to);
    let headers = [
        "单位",
        "发现问题数",
        "已整改数",
        "按期整改数",
        "转投诉线索数",
        "欠款金额（元）",
        "已清偿（元）",
        "清偿比例",
        "整改方案逾期数",
    ];
    let mut t = Table::new(&mut book, "整改情况", Some(title), &headers)?;
    t.width(0, 28.0)?;
    for u in f.rows.iter().chain(std::iter::once(&f.totals)) {
        t.push(&[
            Cell::Text(&u.label),
            Cell::Number(u.items_found as f64),
            Cell::Number(u.items_rectified as f64),
            Cell::Number(u.items_rectified_on_time as f64),
            Cell::Number(u.items_escalated as f64),
            Cell::Yuan(u.arrears_fen),
            Cell::Yuan(u.repaid_fen),
            u.cleared_share.map_or(Cell::Blank, Cell::Number),
            Cell::Number(u.plans_late as f64),
        ])?;
    }
    book.save_to_buffer().map_err(failed)
}
