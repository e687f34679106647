//! Government commitments (政务承诺, seed 003 一): what a unit — or, for a duty pledge, a named
//! official of it — promised, from which source, to whom and by when; fulfilled in part or in
//! full with evidence, or changed only lawfully.
//!
//! ```text
//! in_force ─fulfil (part)─▶ partly_fulfilled ─fulfil (in full)─▶ fulfilled
//!    └───────────fulfil (in full)──────────────────────────────▶ fulfilled
//! in_force | partly_fulfilled | overdue ─change─▶ changed_lawfully
//! ```
//!
//! - `store`: the rows and the view.
//! - `register`, `update`: a new commitment; its particulars at the version read.
//! - `fulfil`: fulfilment entries and lawful change.
//! - `read`: one, and a page.

pub mod fulfil;
pub mod read;
pub mod register;
pub mod store;
pub mod update;

use lvyue_core::{AppError, Message};

lvyue_core::code_enum! {
    /// The kinds of commitment (承诺类型, 003 一(一)).
    pub enum CommitmentKind {
        /// 重点目标任务兑现承诺.
        KeyTarget => ("key_target", "重点目标任务兑现承诺", "key targets"),
        /// 惠企利民政策兑现承诺.
        PolicyDelivery => ("policy_delivery", "惠企利民政策兑现承诺", "policy delivery"),
        /// 合同履约兑现承诺.
        ContractPerformance => ("contract_performance", "合同履约兑现承诺", "contract performance"),
        /// 政务服务事项承诺.
        PublicService => ("public_service", "政务服务事项承诺", "public service"),
        /// 履职尽责承诺 (by a public official).
        DutyPledge => ("duty_pledge", "履职尽责承诺", "an official's duty pledge"),
    }
}

lvyue_core::code_enum! {
    /// Where a commitment comes from.
    pub enum CommitmentSource {
        /// 年度工作报告.
        WorkReport => ("work_report", "年度工作报告", "annual work report"),
        /// 工作要点（计划）.
        WorkPlan => ("work_plan", "工作要点（计划）", "work plan"),
        /// 政策文件.
        PolicyDocument => ("policy_document", "政策文件", "policy document"),
        /// 其他.
        Other => ("other", "其他", "other"),
    }
}

lvyue_core::code_enum! {
    /// Where a commitment stands (践诺状态).
    pub enum CommitmentStatus {
        /// 有效.
        InForce => ("in_force", "有效", "in force"),
        /// 部分兑现.
        PartlyFulfilled => ("partly_fulfilled", "部分兑现", "partly fulfilled"),
        /// 已兑现.
        Fulfilled => ("fulfilled", "已兑现", "fulfilled"),
        /// 逾期未兑现.
        Overdue => ("overdue", "逾期未兑现", "overdue"),
        /// 依法变更.
        ChangedLawfully => ("changed_lawfully", "依法变更", "changed lawfully"),
        /// 已撤回.
        Withdrawn => ("withdrawn", "已撤回", "withdrawn"),
    }
}

lvyue_core::code_enum! {
    /// What may be done to a commitment.
    pub enum CommitmentAction {
        /// 登记兑现.
        Fulfil => ("fulfil", "登记兑现", "record fulfilment"),
        /// 依法变更.
        Change => ("change", "依法变更", "change lawfully"),
    }
}

/// The one table of what applies where.
pub fn allowed(status: CommitmentStatus) -> &'static [CommitmentAction] {
    use CommitmentAction as A;
    use CommitmentStatus as S;
    match status {
        S::InForce | S::PartlyFulfilled | S::Overdue => &[A::Fulfil, A::Change],
        S::Fulfilled | S::ChangedLawfully | S::Withdrawn => &[],
    }
}

/// 409 `invalid_transition` unless `action` applies in `status`.
pub fn check(status: CommitmentStatus, action: CommitmentAction) -> Result<(), AppError> {
    if allowed(status).contains(&action) {
        return Ok(());
    }
    Err(AppError::conflict(
        "invalid_transition",
        Message::new(
            format!("承诺状态为“{}”，不能{}", status.label_zh(), action.label_zh()),
            format!("the commitment is {status}; it cannot {}", action.label_en()),
        ),
    ))
}
