//! The conclusion of the verification: unfounded (不属实, explained to the complainant),
//! substantiated (属实, rectify by a date) or disputed (有分歧, negotiate or go to law).

use super::{invalid, not_in_past, Next, Plan, PlanContext};
use crate::input::{parse, DisputedInput, SubstantiatedInput, UnfoundedInput};
use lvyue_case::deadline::NextStep;
use lvyue_core::verdict::DisputeRoute;
use lvyue_core::AppResult;

/// `conclude_unfounded`: closes the case; the explanation goes to the channel.
pub fn unfounded(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: UnfoundedInput = parse(body)?;
    if input.complainant_contacted_at.with_timezone(&chrono::Utc) > p.ctx.now {
        return Err(invalid(
            "complainant_contacted_at",
            "in_future",
            "联系投诉人的时间不能晚于现在",
            "the complainant cannot have been contacted in the future",
        ));
    }
    Ok(Plan::only(
        Next::Clear,
        serde_json::json!({
            "explanation": input.explanation,
            "complainant_contacted_at": input.complainant_contacted_at,
            "contact_method": input.contact_method,
        }),
    ))
}

/// `conclude_substantiated`: the respondent rectifies by the date set.
pub fn substantiated(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: SubstantiatedInput = parse(body)?;
    not_in_past(p, "rectification_deadline", input.rectification_deadline)?;
    let mut details = serde_json::json!({ "rectification_deadline": input.rectification_deadline });
    if let Some(plan) = &input.rectification_plan {
        plan.check("rectification_plan", lvyue_core::time::shanghai_date(p.ctx.now))?;
        details["rectification_plan"] =
            serde_json::to_value(plan).map_err(|e| lvyue_core::AppError::internal(e.to_string()))?;
    }
    Ok(Plan::only(Next::Set(NextStep::Rectify, input.rectification_deadline), details))
}

/// `conclude_disputed`: negotiation and mediation report within working days; a case at law
/// within the first-instance limit.
pub fn disputed(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: DisputedInput = parse(body)?;
    let at_law = matches!(input.route, DisputeRoute::Litigation | DisputeRoute::Arbitration);
    let mut plan = Plan::only(
        Next::Set(NextStep::ResolveDispute, p.due(NextStep::ResolveDispute, at_law)),
        serde_json::json!({ "route": input.route }),
    );
    plan.progress.dispute_route = Some(Some(input.route.code().to_owned()));
    Ok(plan)
}
