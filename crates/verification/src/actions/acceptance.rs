//! The handling department's answer to a forwarded case: accept it for verification
//! (接收核实) or give it back as misrouted (退回).

use super::{Next, Plan, PlanContext};
use crate::input::{parse, ReasonInput};
use lvyue_case::deadline::{NextStep, SME_PAYMENT_CHANNEL};
use lvyue_core::AppResult;

/// `accept`: the verification clock starts (SME-payment cases: 30 days, extensible to 90).
pub fn accept(p: &PlanContext<'_>) -> AppResult<Plan> {
    let mut plan = Plan::only(Next::Keep, serde_json::json!({}));
    start_verification(p, &mut plan);
    Ok(plan)
}

/// Starts (or, for a reopened case, restarts) the verification clock: the conclusion is due
/// within the stage's limit, and an SME-payment case may be extended to at most 90 days
/// from today.
pub fn start_verification(p: &PlanContext<'_>, plan: &mut Plan) {
    plan.next = Next::Set(NextStep::Conclude, p.due(NextStep::Conclude, false));
    plan.progress.accepted_at = Some(p.ctx.stored_now);
    plan.progress.extensions_granted = Some(0);
    if p.case.row.channel == SME_PAYMENT_CHANNEL {
        let limit = p.ctx.settings.time_limits.extension_limit_days_sme;
        plan.progress.extension_limit_on = Some(Some(p.ctx.calendar.add_calendar_days(p.today(), limit)));
    }
}

/// `return`: back to the credit office, which routes it again.
pub fn give_back(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: ReasonInput = parse(body)?;
    let mut plan = Plan::only(
        Next::Set(NextStep::Assign, p.due(NextStep::Assign, false)),
        serde_json::json!({ "reason": input.reason, "returned_by": p.case.handling }),
    );
    plan.handling_org_id = Some(None);
    Ok(plan)
}
