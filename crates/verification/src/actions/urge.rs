//! Urging (督办): the credit office presses a slow department; the notice's text is the note.

use super::{invalid, Next, Plan, PlanContext};
use crate::input::{parse, PlainInput};
use lvyue_core::AppResult;

/// `urge`.
pub fn urge(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: PlainInput = parse(body)?;
    if input.common.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(invalid("note", "required", "督办须写明督办内容", "an urging notice needs its text in `note`"));
    }
    let count = p.case.progress.as_ref().map_or(0, |g| g.urge_count) + 1;
    let overdue = p.case.row.next_due_on.is_some_and(|d| p.today() > d);
    let mut plan = Plan::only(
        Next::Keep,
        serde_json::json!({
            "urge_count": count,
            "overdue": overdue,
            "handling_org": p.case.handling,
            "due_on": p.case.row.next_due_on,
        }),
    );
    plan.progress.urge_count = Some(count);
    plan.progress.last_urged_at = Some(p.ctx.stored_now);
    Ok(plan)
}
