//! A problem in the ledger (台账问题, seed 001 三(一)): one per problem a unit found in itself or
//! was found to have — the subject, the responsible persons, the cause, the arrears and the
//! handling opinion — and its rectification: a plan of steps with milestone dates, repayments,
//! and the close that needs a rectification report.
//!
//! ```text
//! open ─plan─▶ rectifying ─(every step done, nothing owed)─▶ rectified ─close (with the rectification report)─▶ closed
//!                   ▲─────────(corrected: more owed)──────────────┘
//!   └───────────┴──escalate (the credit office: arrears unpaid past the plan)──▶ escalated
//! ```
//!
//! - `store`: the row, the plan, the view (names masked for readers who need not see them).
//! - `register`: a new item and its correction; `plan`: plans, step progress, repayments, close.
//! - `read`: one, and a page; `export`: the consolidated ledger.

pub mod escalation;
pub mod export;
pub mod plan;
pub mod read;
pub mod register;
pub mod store;

use lvyue_core::{AppError, Message};

lvyue_core::code_enum! {
    /// Where a problem came from (问题来源).
    pub enum LedgerItemSource {
        /// 自查.
        SelfInspection => ("self_inspection", "自查发现", "self-inspection"),
        /// A complaint case.
        Complaint => ("complaint", "投诉举报", "a complaint"),
        /// 审计.
        Audit => ("audit", "审计发现", "an audit"),
        /// 督查检查.
        Inspection => ("inspection", "督查检查", "an inspection"),
        /// The registry of contracts and commitments.
        Registry => ("registry", "合同和承诺登记", "the registry of obligations"),
    }
}

lvyue_core::code_enum! {
    /// What kind of problem (问题类别, 001 三(一)1).
    pub enum LedgerItemCategory {
        /// 拖欠民营企业、中小企业账款.
        PaymentArrears => ("payment_arrears", "拖欠企业账款", "payment arrears"),
        /// 新官不理旧账.
        LeadershipChange => ("leadership_change", "新官不理旧账", "a new official ignoring old debts"),
        /// 政策承诺不兑现.
        CommitmentUnfulfilled => ("commitment_unfulfilled", "政策承诺不兑现", "a commitment not kept"),
        /// 合同不履行.
        ContractNonperformance => ("contract_nonperformance", "不履行合同约定", "a contract not performed"),
        /// 履职尽责不到位.
        DutyNeglect => ("duty_neglect", "履职尽责不到位", "duties not done"),
        /// 其他.
        Other => ("other", "其他", "other"),
    }
}

lvyue_core::code_enum! {
    /// Where a problem stands.
    pub enum LedgerItemStatus {
        /// Found, no plan yet.
        Open => ("open", "待整改", "open"),
        /// A plan is being carried out.
        Rectifying => ("rectifying", "整改中", "rectifying"),
        /// Every step done and nothing owed.
        Rectified => ("rectified", "已整改", "rectified"),
        /// Closed with the rectification report (销号).
        Closed => ("closed", "已销号", "closed"),
        /// Escalated into a case.
        Escalated => ("escalated", "已转投诉线索", "escalated into a case"),
    }
}

lvyue_core::code_enum! {
    /// What may be done to a ledger item.
    pub enum LedgerItemAction {
        /// 制定或修订整改方案.
        Plan => ("plan", "制定整改方案", "set the plan"),
        /// 报告步骤进展.
        Progress => ("progress", "报告整改进展", "report a step's progress"),
        /// 登记还款.
        Repay => ("repay", "登记还款", "record a repayment"),
        /// 销号.
        Close => ("close", "销号", "close"),
        /// 转为投诉线索 (the credit office).
        Escalate => ("escalate", "转为投诉线索", "escalate into a case"),
        /// 更正问题信息 (`PATCH`, or a re-import under its reference).
        Correct => ("correct", "更正问题信息", "correct the particulars"),
    }
}

/// The one table of what applies where: it both refuses and lists `allowed_actions`.
pub fn allowed(status: LedgerItemStatus) -> &'static [LedgerItemAction] {
    use LedgerItemAction as A;
    use LedgerItemStatus as S;
    match status {
        S::Open => &[A::Plan, A::Repay, A::Escalate, A::Correct],
        S::Rectifying => &[A::Plan, A::Progress, A::Repay, A::Escalate, A::Correct],
        S::Rectified => &[A::Close, A::Correct],
        S::Closed | S::Escalated => &[],
    }
}

/// 409 `invalid_transition` unless `action` applies in `status`.
pub fn check(status: LedgerItemStatus, action: LedgerItemAction) -> Result<(), AppError> {
    if allowed(status).contains(&action) {
        return Ok(());
    }
    Err(AppError::Conflict {
        code: "invalid_transition",
        message: Message::new(
            format!("问题处于“{}”状态，不能{}", status.label_zh(), action.label_zh()),
            format!("a ledger item {} cannot {}", status.label_en(), action.label_en()),
        ),
        allowed_actions: allowed(status).iter().map(|a| a.code().to_owned()).collect(),
    })
}
