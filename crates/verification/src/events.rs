//! The events verification announces: one per action, and `complaint.overdue` from the sweep.

use lvyue_core::CaseAction;

/// A deadline passed without the step it waited for.
pub const OVERDUE: &str = "complaint.overdue";
/// A breach was determined; the credit-record issue consumes it.
pub const DETERMINED: &str = "complaint.determined";
/// The channel asked to reopen a closed case.
pub const REOPENED: &str = "complaint.reopened";

/// The event type an action announces (`determined` overrides it when the step determines a breach).
pub fn of_action(action: CaseAction) -> &'static str {
    use CaseAction::*;
    match action {
        Assign => lvyue_intake::events::ASSIGNED,
        Reject => "complaint.rejected",
        Merge => "complaint.merged",
        Accept => "complaint.accepted",
        Return => "complaint.returned",
        ConcludeUnfounded => "complaint.concluded_unfounded",
        ConcludeSubstantiated => "complaint.concluded_substantiated",
        ConcludeDisputed => "complaint.concluded_disputed",
        MarkRectified => "complaint.rectified",
        RecordSettlement => "complaint.settled",
        RecordRefusal => DETERMINED,
        RecordRuling => "complaint.ruling_recorded",
        RequestExtension => "complaint.extension_requested",
        DecideExtension => "complaint.extension_decided",
        Urge => "complaint.urged",
        Feedback => "complaint.feedback_received",
    }
}

/// Every event type lvyue announces about cases, for the docs and the subscription filter check.
pub const ALL: &[&str] = &[
    lvyue_intake::events::RECEIVED,
    lvyue_intake::events::ASSIGNED,
    lvyue_intake::events::POSSIBLE_DUPLICATE,
    "complaint.rejected",
    "complaint.merged",
    "complaint.accepted",
    "complaint.returned",
    "complaint.concluded_unfounded",
    "complaint.concluded_substantiated",
    "complaint.concluded_disputed",
    "complaint.rectified",
    "complaint.settled",
    "complaint.ruling_recorded",
    DETERMINED,
    "complaint.extension_requested",
    "complaint.extension_decided",
    "complaint.urged",
    "complaint.feedback_received",
    REOPENED,
    OVERDUE,
    crate::repaired::REPAIRED,
];
