//! The columns of the contracts' and commitments' spreadsheets: for each, the API field it fills,
//! its Chinese header, what kind of cell it holds and whether it is required.

use crate::commitment::{CommitmentKind, CommitmentSource};
use crate::contract::ContractKind;
use lvyue_web::import::columns::{col, CellKind, Column};

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
