//! The vocabulary of credit repair (信用修复) and objections (信用异议), and their two small
//! state machines as pure functions: which decision leads where, and the typed error (409)
//! for a decision the current status does not admit. No I/O here.
//!
//! ```text
//! repair application:  pending ─approve─▶ approved
//!                        │  ▲   ─reject──▶ rejected
//!          request_more  │  │ supplement (the applicant adds material; the clock resumes)
//!                        ▼  │
//!                    more_requested
//!   (pending or more_requested ─withdraw─▶ withdrawn: the applicant's side gives up)
//!
//! objection:           pending ─uphold──▶ upheld    (the record is active again)
//!                              ─correct─▶ corrected (a new version, active again)
//!                              ─revoke──▶ revoked   (the record is revoked, its measures end)
//! ```

use crate::{AppError, Message};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::code_enum! {
    /// Where a repair application stands (信用修复申请状态).
    pub enum RepairStatus {
        /// 待决定: with the deciding body; its clock runs.
        Pending => ("pending", "待决定", "pending"),
        /// 待补正材料: more material was asked for; the clock is paused.
        MoreRequested => ("more_requested", "待补正材料", "more material requested"),
        /// 已准予修复.
        Approved => ("approved", "准予修复", "approved"),
        /// 不予修复.
        Rejected => ("rejected", "不予修复", "rejected"),
        /// 已撤回: the applicant's side withdrew it before a decision.
        Withdrawn => ("withdrawn", "已撤回", "withdrawn"),
    }
}

crate::code_enum! {
    /// The deciding body's decision on a repair application.
    pub enum RepairDecision {
        /// 准予修复: the record is repaired and its measures end.
        Approve => ("approve", "准予修复", "approve"),
        /// 不予修复, with reasons.
        Reject => ("reject", "不予修复", "reject"),
        /// 要求补正材料: the clock pauses until the applicant supplements.
        RequestMore => ("request_more", "要求补正材料", "request more material"),
    }
}

impl RepairStatus {
    /// True while the application waits for someone (it blocks another on the same record).
    pub fn open(self) -> bool {
        matches!(self, RepairStatus::Pending | RepairStatus::MoreRequested)
    }

    /// Where `decision` leads from here; 409 `invalid_repair_transition` when it may not be taken.
    pub fn decide(self, decision: RepairDecision) -> Result<RepairStatus, AppError> {
        match (self, decision) {
            (RepairStatus::Pending, RepairDecision::Approve) => Ok(RepairStatus::Approved),
            (RepairStatus::Pending, RepairDecision::Reject) => Ok(RepairStatus::Rejected),
            (RepairStatus::Pending, RepairDecision::RequestMore) => Ok(RepairStatus::MoreRequested),
            (from, d) => Err(AppError::conflict(
                "invalid_repair_transition",
                Message::new(
                    format!("修复申请状态为“{}”，不能“{}”", from.label_zh(), d.label_zh()),
                    format!("an application that is {} cannot take the decision {}", from.code(), d.code()),
                ),
            )),
        }
    }

    /// The applicant's side withdraws it; 409 once it is decided.
    pub fn withdraw(self) -> Result<RepairStatus, AppError> {
        if self.open() {
            return Ok(RepairStatus::Withdrawn);
        }
        Err(AppError::conflict(
            "invalid_repair_transition",
            Message::new(
                format!("修复申请状态为“{}”，不能撤回", self.label_zh()),
                format!("an application that is {} cannot be withdrawn", self.code()),
            ),
        ))
    }

    /// The applicant supplements material; 409 unless more was asked for.
    pub fn supplement(self) -> Result<RepairStatus, AppError> {
        match self {
            RepairStatus::MoreRequested => Ok(RepairStatus::Pending),
            from => Err(AppError::conflict(
                "invalid_repair_transition",
                Message::new(
                    format!("修复申请状态为“{}”，无需补正材料", from.label_zh()),
                    format!("an application that is {} takes no supplement", from.code()),
                ),
            )),
        }
    }
}

crate::code_enum! {
    /// Where an objection stands (信用异议状态).
    pub enum ObjectionStatus {
        /// 审查中: the record is `under_objection`.
        Pending => ("pending", "审查中", "under review"),
        /// 维持: the record stands unchanged.
        Upheld => ("upheld", "维持原记录", "record upheld"),
        /// 更正: the record was corrected (a new version).
        Corrected => ("corrected", "更正记录", "record corrected"),
        /// 撤销: the record was revoked and its measures ended.
        Revoked => ("revoked", "撤销记录", "record revoked"),
    }
}

crate::code_enum! {
    /// The deciding body's decision on an objection.
    pub enum ObjectionDecision {
        /// 维持.
        Uphold => ("uphold", "维持", "uphold"),
        /// 更正.
        Correct => ("correct", "更正", "correct"),
        /// 撤销.
        Revoke => ("revoke", "撤销", "revoke"),
    }
}

impl ObjectionStatus {
    /// Where `decision` leads from here; 409 `invalid_objection_transition` once decided.
    pub fn decide(self, decision: ObjectionDecision) -> Result<ObjectionStatus, AppError> {
        match (self, decision) {
            (ObjectionStatus::Pending, ObjectionDecision::Uphold) => Ok(ObjectionStatus::Upheld),
            (ObjectionStatus::Pending, ObjectionDecision::Correct) => Ok(ObjectionStatus::Corrected),
            (ObjectionStatus::Pending, ObjectionDecision::Revoke) => Ok(ObjectionStatus::Revoked),
            (from, d) => Err(AppError::conflict(
                "invalid_objection_transition",
                Message::new(
                    format!("异议状态为“{}”，不能再“{}”", from.label_zh(), d.label_zh()),
                    format!("an objection that is {} cannot take the decision {}", from.code(), d.code()),
                ),
            )),
        }
    }
}

crate::code_enum! {
    /// What a department did to remedy before the determination (主动纠正, 001).
    pub enum EarlyRemedyKind {
        /// 主动履行.
        Performed => ("performed", "主动履行", "performed of its own accord"),
        /// 挽回损失.
        LossRecovered => ("loss_recovered", "挽回损失", "recovered the loss"),
        /// 消除不良影响.
        ImpactEliminated => ("impact_eliminated", "消除不良影响", "eliminated the adverse impact"),
    }
}

/// An early remedy (主动履行、挽回损失、消除不良影响) recorded with a determination: the
/// catalogue's measures marked `waivable_on_early_remedy` are then not put in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlyRemedy {
    /// What was done.
    pub kind: EarlyRemedyKind,
    /// When (not in the future).
    pub remedied_on: NaiveDate,
    /// How, in a few words (up to 2000 characters).
    #[serde(default)]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_application_takes_each_decision_once() {
        assert_eq!(RepairStatus::Pending.decide(RepairDecision::Approve).unwrap(), RepairStatus::Approved);
        assert_eq!(RepairStatus::Pending.decide(RepairDecision::RequestMore).unwrap(), RepairStatus::MoreRequested);
        assert_eq!(RepairStatus::MoreRequested.supplement().unwrap(), RepairStatus::Pending);
        let err = RepairStatus::MoreRequested.decide(RepairDecision::Approve).unwrap_err();
        assert!(matches!(err, AppError::Conflict { code: "invalid_repair_transition", .. }));
        assert!(RepairStatus::Approved.decide(RepairDecision::Reject).is_err());
        assert!(RepairStatus::Pending.supplement().is_err());
        assert!(RepairStatus::MoreRequested.open() && !RepairStatus::Rejected.open());
        assert_eq!(RepairStatus::MoreRequested.withdraw().unwrap(), RepairStatus::Withdrawn);
        assert!(RepairStatus::Approved.withdraw().is_err() && !RepairStatus::Withdrawn.open());
    }

    #[test]
    fn an_objection_is_decided_once() {
        assert_eq!(ObjectionStatus::Pending.decide(ObjectionDecision::Revoke).unwrap(), ObjectionStatus::Revoked);
        let err = ObjectionStatus::Upheld.decide(ObjectionDecision::Correct).unwrap_err();
        assert!(matches!(err, AppError::Conflict { code: "invalid_objection_transition", .. }));
    }
}
