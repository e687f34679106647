//! Warnings (风险提示和警示, 003 二(三)1, 001 三(二)4): what the daily scan sees coming or gone
//! wrong in the obligations, one per thing seen, until the unit acknowledges it with the action
//! taken — or, left open, it escalates to the credit office.
//!
//! ```text
//! open ─acknowledge─▶ acknowledged
//!   └──(open for LVYUE_WARNING_ESCALATE_WORKING_DAYS)──▶ escalated ─acknowledge─▶ acknowledged
//! ```
//!
//! - `scan`: the daily job that raises and escalates them.
//! - `store`: the row and the view; `read`: a page; `acknowledge`: the unit's answer.

pub mod acknowledge;
pub mod read;
pub mod scan;
pub mod store;

lvyue_core::code_enum! {
    /// What a warning is about.
    pub enum WarningKind {
        /// 履约节点即将到期.
        MilestoneDueSoon => ("milestone_due_soon", "履约节点即将到期", "a milestone falls due soon"),
        /// 履约节点已逾期.
        MilestoneOverdue => ("milestone_overdue", "履约节点已逾期", "a milestone is overdue"),
        /// 拖欠中小企业款项 (保障中小企业款项支付条例).
        SmePaymentOverdue => ("sme_payment_overdue", "中小企业款项逾期未付", "a payment owed to an SME is overdue"),
        /// 承诺逾期未兑现.
        CommitmentOverdue => ("commitment_overdue", "承诺逾期未兑现", "a commitment is past due"),
        /// 依法决策程序不完整.
        ChecklistIncomplete => ("checklist_incomplete", "依法决策程序不完整", "lawful decision-making incomplete"),
        /// 招商引资重复签约.
        DuplicateSigning => ("duplicate_signing", "招商引资重复签约", "a second investment-attraction contract for the same project"),
    }
}

lvyue_core::code_enum! {
    /// Where a warning stands.
    pub enum WarningStatus {
        /// 待处理.
        Open => ("open", "待处理", "open"),
        /// 已升级至信用办.
        Escalated => ("escalated", "已升级至信用办", "escalated to the credit office"),
        /// 已处理.
        Acknowledged => ("acknowledged", "已处理", "acknowledged"),
    }
}
