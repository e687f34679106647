//! The handling department's answer to a forwarded case: accept it for verification
//! (接收核实) or give it back as misrouted (退回).

use super::{Next, Plan, PlanContext};
use crate::input::{parse, ReasonInput};
use lvyue_case::deadline::NextStep;
use lvyue_core::AppResult;

/// `accept`: the verification clock starts. An SME-payment case (Order 802 Art. 25) has its
/// result due 30 days after it was forwarded (收到转交之日), not after acceptance, extensible to at
/// most 90 days after forwarding.
pub fn accept(p: &PlanContext<'_>) -> AppResult<Plan> {
    let mut plan = Plan::only(Next::Keep, serde_json::json!({}));
    start_verification(p, &mut plan, false);
    Ok(plan)
}

/// Starts (or, for a reopened case, restarts) the verification clock. An SME-payment case's
/// conclusion is due within 30 days of forwarding; a reopened one gets the stage's limit
/// again from today, but its ceiling of extensions (90 days from forwarding) stays where it
/// was: reopening does not restart it.
pub fn start_verification(p: &PlanContext<'_>, plan: &mut Plan, reopening: bool) {
    let progress = p.case.progress.as_ref();
    let forwarded = progress.and_then(|g| g.forwarded_at).map(|at| at.and_utc());
    let due = match forwarded {
        Some(at) if p.case.follows_order_802() && !reopening => p.due_from(NextStep::Conclude, false, at),
        _ => p.due(NextStep::Conclude, false),
    };
    plan.next = Next::Set(NextStep::Conclude, due);
    plan.progress.accepted_at = Some(p.ctx.stored_now);
    plan.progress.extensions_granted = Some(0);
    // A case forwarded before this rule (or whose ceiling was never set) gets it from today.
    if p.case.follows_order_802() && progress.and_then(|g| g.extension_limit_on).is_none() {
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
