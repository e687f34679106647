//! The case's state machine (办理流程), as pure functions: which actions exist, who takes
//! them, in which status, and where each leads. Intake's reads use it for `allowed_actions`;
//! the verification crate uses it to act. No I/O here.
//!
//! ```text
//! received ─assign─▶ assigned ─accept─▶ verifying ─conclude_unfounded─▶ closed(unfounded)
//!   │  ▲                │ return                 ├─conclude_substantiated─▶ rectifying
//!   │  └────────────────┘                        └─conclude_disputed─▶ disputed
//!   ├─reject─▶ closed(rejected)     rectifying ─mark_rectified─▶ closed(rectified)
//!   └─merge─▶ closed(merged)                   ─record_settlement─▶ closed(settled)
//!                                              ─record_refusal─▶ determined
//!   disputed ─record_settlement─▶ closed(settled)
//!            ─record_ruling─▶ closed(ruled_for_government) | closed(rectified) | rectifying | determined
//!   closed ─feedback(reopen)─▶ verifying (or received when no department ever had it)
//! ```

use crate::{AppError, CaseStatus, Message, Resolution, Role};

crate::code_enum! {
    /// A step of the workflow (办理操作), taken at `POST /complaints/{id}/actions/{action}`.
    pub enum CaseAction {
        /// 转交: the credit office forwards a received case.
        Assign => ("assign", "转交", "assign"),
        /// 改派: the credit office moves a routed case to another handling body of its region.
        Reassign => ("reassign", "改派", "reassign"),
        /// 不予受理: out of scope.
        Reject => ("reject", "不予受理", "reject"),
        /// 合并重复线索.
        Merge => ("merge", "合并重复线索", "merge into another case"),
        /// 受理核实: the handling department takes the case on.
        Accept => ("accept", "接收核实", "accept"),
        /// 退回: misrouted, back to the credit office.
        Return => ("return", "退回", "return as misrouted"),
        /// 不属实，已解释说明.
        ConcludeUnfounded => ("conclude_unfounded", "核实不属实", "conclude unfounded"),
        /// 属实无分歧，督促整改.
        ConcludeSubstantiated => ("conclude_substantiated", "核实属实", "conclude substantiated"),
        /// 有分歧: negotiation, mediation, litigation or arbitration.
        ConcludeDisputed => ("conclude_disputed", "存在分歧", "conclude disputed"),
        /// 完成整改.
        MarkRectified => ("mark_rectified", "完成整改", "mark rectified"),
        /// 达成和解.
        RecordSettlement => ("record_settlement", "达成和解", "record settlement"),
        /// 拒不整改，认定违约失信.
        RecordRefusal => ("record_refusal", "拒不整改", "record refusal"),
        /// 裁判结果.
        RecordRuling => ("record_ruling", "裁判结果", "record ruling"),
        /// 延期申请.
        RequestExtension => ("request_extension", "申请延期", "request extension"),
        /// 审批延期.
        DecideExtension => ("decide_extension", "审批延期", "decide extension"),
        /// 督办.
        Urge => ("urge", "督办", "urge"),
        /// 回访评价 (and a request to reopen).
        Feedback => ("feedback", "回访评价", "feedback"),
    }
}

/// Who takes an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Performer {
    /// The credit office of the case's region (信用办), or an admin.
    CreditOffice,
    /// The handling department (处理部门).
    HandlingDepartment,
    /// The channel that sent the lead (受理渠道).
    Channel,
}

impl Performer {
    /// True when `role` acts as this performer.
    pub fn admits(self, role: Role) -> bool {
        match self {
            Performer::CreditOffice => matches!(role, Role::CreditOffice | Role::Admin),
            Performer::HandlingDepartment => role == Role::Department,
            Performer::Channel => role == Role::Channel,
        }
    }
}

/// What besides the status decides whether an action is open now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseFacts {
    /// An extension request awaits the credit office's decision.
    pub extension_pending: bool,
    /// The case is closed, no feedback was given since, and the feedback window is open.
    pub feedback_open: bool,
}

/// Which way an action with several outcomes went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// The action's only outcome.
    Only,
    /// 裁判支持政府方.
    RulingForGovernment,
    /// Ruled against the government, which has performed.
    RulingAgainstPerformed,
    /// Ruled against the government, performance due by a date.
    RulingAgainstPending,
    /// Ruled against the government, which does not perform.
    RulingAgainstRefused,
    /// The channel asks to reopen; `to_verifying` when a department already had the case.
    Reopen {
        /// Back to the department (true) or to the credit office (false).
        to_verifying: bool,
    },
}

/// Where a step leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Status and resolution stay as they are (extensions, urging, feedback).
    Stay,
    /// The case moves.
    To {
        /// The new status.
        status: CaseStatus,
        /// The resolution once closed; None clears it.
        resolution: Option<Resolution>,
    },
}

impl CaseAction {
    /// Who takes it.
    pub fn performer(self) -> Performer {
        use CaseAction::*;
        match self {
            Assign | Reassign | Reject | Merge | DecideExtension | Urge => Performer::CreditOffice,
            Accept
            | Return
            | ConcludeUnfounded
            | ConcludeSubstantiated
            | ConcludeDisputed
            | MarkRectified
            | RecordSettlement
            | RecordRefusal
            | RecordRuling
            | RequestExtension => Performer::HandlingDepartment,
            Feedback => Performer::Channel,
        }
    }

    /// True when the action leaves from `status` in the diagram.
    pub fn leaves_from(self, status: CaseStatus) -> bool {
        use CaseAction::*;
        use CaseStatus as S;
        match self {
            Assign | Reject | Merge => status == S::Received,
            Reassign => matches!(status, S::Assigned | S::Verifying),
            Accept | Return => status == S::Assigned,
            ConcludeUnfounded | ConcludeSubstantiated | ConcludeDisputed => status == S::Verifying,
            MarkRectified | RecordRefusal => status == S::Rectifying,
            RecordSettlement => matches!(status, S::Rectifying | S::Disputed),
            RecordRuling => status == S::Disputed,
            RequestExtension | DecideExtension => matches!(status, S::Verifying | S::Rectifying | S::Disputed),
            Urge => matches!(status, S::Assigned | S::Verifying | S::Rectifying | S::Disputed),
            Feedback => status == S::Closed,
        }
    }

    /// True when the action is open in `status` given `facts`, whoever asks.
    pub fn open_in(self, status: CaseStatus, facts: CaseFacts) -> bool {
        self.leaves_from(status)
            && match self {
                CaseAction::RequestExtension => !facts.extension_pending,
                CaseAction::DecideExtension => facts.extension_pending,
                CaseAction::Feedback => facts.feedback_open,
                _ => true,
            }
    }

    /// Where the action leads from `from` along `branch`; None when that is not a step of the diagram.
    pub fn transition(self, from: CaseStatus, branch: Branch) -> Option<Transition> {
        use CaseAction::*;
        use CaseStatus as S;
        if !self.leaves_from(from) {
            return None;
        }
        let to = |status: CaseStatus| Some(Transition::To { status, resolution: None });
        let closed = |r: Resolution| Some(Transition::To { status: S::Closed, resolution: Some(r) });
        match (self, branch) {
            (Assign | Reassign, Branch::Only) => to(S::Assigned),
            (Reject, Branch::Only) => closed(Resolution::Rejected),
            (Merge, Branch::Only) => closed(Resolution::Merged),
            (Accept, Branch::Only) => to(S::Verifying),
            (Return, Branch::Only) => to(S::Received),
            (ConcludeUnfounded, Branch::Only) => closed(Resolution::Unfounded),
            (ConcludeSubstantiated, Branch::Only) => to(S::Rectifying),
            (ConcludeDisputed, Branch::Only) => to(S::Disputed),
            (MarkRectified, Branch::Only) => closed(Resolution::Rectified),
            (RecordSettlement, Branch::Only) => closed(Resolution::Settled),
            (RecordRefusal, Branch::Only) => to(S::Determined),
            (RecordRuling, Branch::RulingForGovernment) => closed(Resolution::RuledForGovernment),
            (RecordRuling, Branch::RulingAgainstPerformed) => closed(Resolution::Rectified),
            (RecordRuling, Branch::RulingAgainstPending) => to(S::Rectifying),
            (RecordRuling, Branch::RulingAgainstRefused) => to(S::Determined),
            (RequestExtension | DecideExtension | Urge | Feedback, Branch::Only) => Some(Transition::Stay),
            (Feedback, Branch::Reopen { to_verifying: true }) => to(S::Verifying),
            (Feedback, Branch::Reopen { to_verifying: false }) => to(S::Received),
            _ => None,
        }
    }
}

/// Where a case goes when the credit record its determination caused is repaired (信用修复):
/// a determined case closes with resolution `repaired`; None from any other status.
pub fn on_record_repaired(from: CaseStatus) -> Option<Transition> {
    (from == CaseStatus::Determined)
        .then_some(Transition::To { status: CaseStatus::Closed, resolution: Some(Resolution::Repaired) })
}

/// The actions `role` may take on a case in `status` (the caller already sees the case).
pub fn allowed_actions(status: CaseStatus, facts: CaseFacts, role: Role) -> Vec<CaseAction> {
    CaseAction::ALL.iter().copied().filter(|a| a.performer().admits(role) && a.open_in(status, facts)).collect()
}

/// The codes of [`allowed_actions`].
pub fn allowed_codes(status: CaseStatus, facts: CaseFacts, role: Role) -> Vec<String> {
    allowed_actions(status, facts, role).into_iter().map(|a| a.code().to_owned()).collect()
}

/// Checks that `role` may take `action` now: 403 when the role never takes it, 409 when the
/// case is not in a status where it is open. Both list the actions that are allowed.
pub fn check(status: CaseStatus, facts: CaseFacts, role: Role, action: CaseAction) -> Result<(), AppError> {
    let allowed = allowed_codes(status, facts, role);
    if !action.performer().admits(role) {
        return Err(AppError::ActionForbidden {
            message: Message::new(
                format!("当前角色不能执行“{}”", action.label_zh()),
                format!("your role may not {}", action.label_en()),
            ),
            allowed_actions: allowed,
        });
    }
    if !action.open_in(status, facts) {
        return Err(AppError::Conflict {
            code: "invalid_transition",
            message: Message::new(
                format!("案件当前状态为“{}”，不能执行“{}”", status.label_zh(), action.label_zh()),
                format!("a case in status '{}' cannot take the step '{}'", status.code(), action.code()),
            ),
            allowed_actions: allowed,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus as S;

    #[test]
    fn every_arrow_of_the_diagram_is_a_transition() {
        let only = Branch::Only;
        let cases = [
            (S::Received, CaseAction::Assign, only, S::Assigned, None),
            (S::Assigned, CaseAction::Reassign, only, S::Assigned, None),
            (S::Verifying, CaseAction::Reassign, only, S::Assigned, None),
            (S::Received, CaseAction::Reject, only, S::Closed, Some(Resolution::Rejected)),
            (S::Received, CaseAction::Merge, only, S::Closed, Some(Resolution::Merged)),
            (S::Assigned, CaseAction::Accept, only, S::Verifying, None),
            (S::Assigned, CaseAction::Return, only, S::Received, None),
            (S::Verifying, CaseAction::ConcludeUnfounded, only, S::Closed, Some(Resolution::Unfounded)),
            (S::Verifying, CaseAction::ConcludeSubstantiated, only, S::Rectifying, None),
            (S::Verifying, CaseAction::ConcludeDisputed, only, S::Disputed, None),
            (S::Rectifying, CaseAction::MarkRectified, only, S::Closed, Some(Resolution::Rectified)),
            (S::Rectifying, CaseAction::RecordSettlement, only, S::Closed, Some(Resolution::Settled)),
            (S::Rectifying, CaseAction::RecordRefusal, only, S::Determined, None),
            (S::Disputed, CaseAction::RecordSettlement, only, S::Closed, Some(Resolution::Settled)),
            (
                S::Disputed,
                CaseAction::RecordRuling,
                Branch::RulingForGovernment,
                S::Closed,
                Some(Resolution::RuledForGovernment),
            ),
            (S::Disputed, CaseAction::RecordRuling, Branch::RulingAgainstRefused, S::Determined, None),
            (S::Disputed, CaseAction::RecordRuling, Branch::RulingAgainstPending, S::Rectifying, None),
            (S::Closed, CaseAction::Feedback, Branch::Reopen { to_verifying: true }, S::Verifying, None),
        ];
        for (from, action, branch, to, resolution) in cases {
            let expected = Transition::To { status: to, resolution };
            assert_eq!(action.transition(from, branch), Some(expected), "{from:?} {action:?}");
        }
    }

    #[test]
    fn only_a_determined_case_closes_on_repair() {
        let closed = Transition::To { status: S::Closed, resolution: Some(Resolution::Repaired) };
        assert_eq!(on_record_repaired(S::Determined), Some(closed));
        assert_eq!(on_record_repaired(S::Rectifying), None);
        assert_eq!(on_record_repaired(S::Closed), None);
    }

    #[test]
    fn steps_outside_the_diagram_are_refused_with_what_is_allowed() {
        let err = check(S::Received, CaseFacts::default(), Role::Department, CaseAction::Accept).unwrap_err();
        assert!(matches!(err, AppError::Conflict { code: "invalid_transition", .. }));
        assert_eq!(CaseAction::Accept.transition(S::Received, Branch::Only), None);
        assert_eq!(CaseAction::RecordRuling.transition(S::Disputed, Branch::Only), None);
        assert_eq!(CaseAction::Urge.transition(S::Closed, Branch::Only), None);
        assert_eq!(CaseAction::Urge.transition(S::Verifying, Branch::Only), Some(Transition::Stay));
        let err = check(S::Assigned, CaseFacts::default(), Role::Channel, CaseAction::Accept).unwrap_err();
        match err {
            AppError::ActionForbidden { allowed_actions, .. } => assert!(allowed_actions.is_empty()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn allowed_actions_depend_on_role_and_facts() {
        let none = CaseFacts::default();
        assert_eq!(
            allowed_codes(S::Received, none, Role::CreditOffice),
            vec!["assign".to_owned(), "reject".to_owned(), "merge".to_owned()]
        );
        assert!(allowed_actions(S::Verifying, none, Role::Auditor).is_empty());
        let pending = CaseFacts { extension_pending: true, feedback_open: false };
        assert!(allowed_actions(S::Verifying, pending, Role::CreditOffice).contains(&CaseAction::DecideExtension));
        assert!(!allowed_actions(S::Verifying, pending, Role::Department).contains(&CaseAction::RequestExtension));
        let closed_open = CaseFacts { extension_pending: false, feedback_open: true };
        assert_eq!(allowed_actions(S::Closed, closed_open, Role::Channel), vec![CaseAction::Feedback]);
        assert!(allowed_actions(S::Closed, none, Role::Channel).is_empty());
    }
}
