//! The channel's feedback after closing (回访评价): satisfaction and a comment, and, within
//! the window, a request to reopen — back to the department that had it, or to the credit
//! office when no department ever did.

use super::{invalid, Next, Plan, PlanContext};
use crate::input::{parse, FeedbackInput};
use lvyue_case::deadline::NextStep;
use lvyue_core::workflow::Branch;
use lvyue_core::AppResult;

/// `feedback`.
pub fn feedback(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: FeedbackInput = parse(body)?;
    if input.reopen && input.reopen_reason.is_none() {
        return Err(invalid(
            "reopen_reason",
            "required",
            "申请重新办理须说明理由",
            "a request to reopen needs a reason",
        ));
    }
    let details = serde_json::json!({
        "satisfaction": input.satisfaction,
        "comment": input.comment,
        "reopen": input.reopen,
        "reopen_reason": input.reopen_reason,
    });
    let mut plan = if input.reopen {
        let to_verifying = p.case.row.handling_org_id.is_some();
        let mut plan = Plan::only(Next::Set(NextStep::Assign, p.due(NextStep::Assign, false)), details);
        if to_verifying {
            super::acceptance::start_verification(p, &mut plan, true);
        }
        plan.progress.closed_at = Some(None);
        plan.branch = Branch::Reopen { to_verifying };
        plan.reopened = true;
        plan.progress.reopen_count = Some(p.case.progress.as_ref().map_or(0, |g| g.reopen_count) + 1);
        plan
    } else {
        Plan::only(Next::Keep, details)
    };
    plan.progress.satisfaction = Some(Some(input.satisfaction));
    plan.progress.feedback_comment = Some(input.comment);
    plan.progress.feedback_at = Some(Some(p.ctx.stored_now));
    Ok(plan)
}
