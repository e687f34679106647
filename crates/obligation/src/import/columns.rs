//! The columns of a spreadsheet import: for each, the API field it fills, its Chinese header,
//! what kind of cell it holds and whether it is required. One table per kind of obligation
//! serves the reader, the template and the guide.

use crate::commitment::{CommitmentKind, CommitmentSource};
use crate::contract::ContractKind;

/// A code list: `(code, 中文, English)` per value.
pub type CodeTable = &'static [(&'static str, &'static str, &'static str)];

/// What a cell holds.
#[derive(Debug, Clone, Copy)]
pub enum CellKind {
    /// Text.
    Text,
    /// A day: an Excel date, `2026-05-01` or `2026/5/1`.
    Date,
    /// 是/否 (also `true`/`false`, `1`/`0`); blank is 否.
    Flag,
    /// An amount in yuan (at most two decimals), stored in 分.
    Yuan,
    /// One of a code list, by its code or its Chinese label.
    Code(CodeTable),
}

/// One column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name in CSV headers and in the guide (`amount_yuan`).
    pub key: &'static str,
    /// Its Chinese header (`合同金额（元）`); either names the column.
    pub zh: &'static str,
    /// What it holds.
    pub cell: CellKind,
    /// Whether a row must fill it.
    pub required: bool,
    /// Where it goes in the API's body (`["decision_checklist", "legality_review"]`).
    pub path: &'static [&'static str],
}

const fn col(
    key: &'static str,
    zh: &'static str,
    cell: CellKind,
    required: bool,
    path: &'static [&'static str],
) -> Column {
    Column { key, zh, cell, required, path }
}

/// A contract's columns (政府合同).
pub const CONTRACT: &[Column] = &[
    col("reference", "本单位编号", CellKind::Text, true, &["reference"]),
    col("number", "合同编号", CellKind::Text, false, &["number"]),
    col("title", "合同名称", CellKind::Text, true, &["title"]),
    col("kind", "合同类型", CellKind::Code(ContractKind::TABLE), true, &["kind"]),
    col("counterparty_name", "合同相对方", CellKind::Text, true, &["counterparty_name"]),
    col("counterparty_uscc", "相对方统一社会信用代码", CellKind::Text, false, &["counterparty_uscc"]),
    col("counterparty_private", "相对方为民营企业", CellKind::Flag, false, &["counterparty_private"]),
    col("counterparty_sme", "相对方为中小企业", CellKind::Flag, false, &["counterparty_sme"]),
    col("project", "项目名称", CellKind::Text, false, &["project"]),
    col("signed_on", "签订日期", CellKind::Date, true, &["signed_on"]),
    col("amount_yuan", "合同金额（元）", CellKind::Yuan, false, &["amount_fen"]),
    col("confidential", "涉密", CellKind::Flag, false, &["confidential"]),
    col(
        "public_participation",
        "公众参与（文件）",
        CellKind::Text,
        false,
        &["decision_checklist", "public_participation"],
    ),
    col("expert_review", "专家论证（文件）", CellKind::Text, false, &["decision_checklist", "expert_review"]),
    col("risk_assessment", "风险评估（文件）", CellKind::Text, false, &["decision_checklist", "risk_assessment"]),
    col("legality_review", "合法性审查（文件）", CellKind::Text, false, &["decision_checklist", "legality_review"]),
    col(
        "collective_discussion",
        "集体讨论决定（文件）",
        CellKind::Text,
        false,
        &["decision_checklist", "collective_discussion"],
    ),
];

/// A commitment's columns (政务承诺).
pub const COMMITMENT: &[Column] = &[
    col("reference", "本单位编号", CellKind::Text, true, &["reference"]),
    col("kind", "承诺类型", CellKind::Code(CommitmentKind::TABLE), true, &["kind"]),
    col("official_name", "承诺公职人员", CellKind::Text, false, &["official_name"]),
    col("source_kind", "承诺来源", CellKind::Code(CommitmentSource::TABLE), true, &["source_kind"]),
    col("source_title", "来源文件名称", CellKind::Text, true, &["source_title"]),
    col("source_number", "来源文号", CellKind::Text, false, &["source_number"]),
    col("content", "承诺内容", CellKind::Text, true, &["content"]),
    col("beneficiaries", "承诺对象", CellKind::Text, false, &["beneficiaries"]),
    col("promised_on", "承诺日期", CellKind::Date, true, &["promised_on"]),
    col("due_on", "兑现期限", CellKind::Date, true, &["due_on"]),
];

/// The column a header names (its key or its Chinese header; a trailing `*` marks a required
/// one in the template and is ignored).
pub fn by_header<'c>(columns: &'c [Column], header: &str) -> Option<&'c Column> {
    let h = header.trim().trim_end_matches(['*', '＊']).trim();
    columns.iter().find(|c| c.key.eq_ignore_ascii_case(h) || c.zh == h)
}

/// The header the template shows.
pub fn header(c: &Column) -> String {
    if c.required {
        format!("{}*", c.zh)
    } else {
        c.zh.to_owned()
    }
}
