//! How rectification and disputes end: rectified (完成整改), settled (和解), refused
//! (拒不整改 → 认定), or ruled (裁判: for the government, or against it and performed,
//! due, or refused → 认定).

use super::{invalid, not_in_future, not_in_past, Next, Plan, PlanContext};
use crate::input::{parse, DeterminationInput, RectifiedInput, RefusalInput, RulingInput, SettlementInput};
use lvyue_case::deadline::NextStep;
use lvyue_core::verdict::{Performance, RulingOutcome};
use lvyue_core::workflow::Branch;
use lvyue_core::AppResult;

/// `mark_rectified`.
pub fn rectified(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: RectifiedInput = parse(body)?;
    let on = input.rectified_on.unwrap_or_else(|| p.today());
    not_in_future(p, "rectified_on", on)?;
    Ok(Plan::only(Next::Clear, serde_json::json!({ "rectified_on": on })))
}

/// `record_settlement`.
pub fn settlement(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: SettlementInput = parse(body)?;
    not_in_future(p, "settled_on", input.settled_on)?;
    Ok(Plan::only(Next::Clear, serde_json::json!({ "settled_on": input.settled_on, "terms": input.terms })))
}

/// Checks a determination's early remedy: dated no later than today, a note of at most 2000 characters.
fn check_early_remedy(p: &PlanContext<'_>, d: &DeterminationInput) -> AppResult<()> {
    let Some(remedy) = &d.early_remedy else { return Ok(()) };
    not_in_future(p, "determination.early_remedy.remedied_on", remedy.remedied_on)?;
    if remedy.note.as_deref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(invalid(
            "determination.early_remedy.note",
            "too_long",
            "最多 2000 个字符",
            "at most 2000 characters",
        ));
    }
    Ok(())
}

/// `record_refusal`: the breach is determined.
pub fn refusal(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: RefusalInput = parse(body)?;
    check_early_remedy(p, &input.determination)?;
    let mut plan = Plan::only(Next::Clear, serde_json::json!({}));
    plan.determination = Some(("refusal", input.determination));
    Ok(plan)
}

/// `record_ruling`.
pub fn ruling(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: RulingInput = parse(body)?;
    not_in_future(p, "ruled_on", input.ruled_on)?;
    let mut details = serde_json::json!({
        "outcome": input.outcome,
        "ruled_on": input.ruled_on,
        "document_number": input.document_number,
    });
    let mut plan = match input.outcome {
        RulingOutcome::ForGovernment => Plan::only(Next::Clear, serde_json::Value::Null),
        RulingOutcome::AgainstGovernment => {
            let performance = input.performance.ok_or_else(|| {
                invalid(
                    "performance",
                    "required",
                    "裁判不支持政府方时须说明履行情况",
                    "a ruling against the government needs `performance`",
                )
            })?;
            details["performance"] = serde_json::json!(performance);
            match performance {
                Performance::Performed => Plan::only(Next::Clear, serde_json::Value::Null),
                Performance::Pending => {
                    let by = input.performance_deadline.ok_or_else(|| {
                        invalid(
                            "performance_deadline",
                            "required",
                            "限期履行须给出履行期限",
                            "`pending` needs `performance_deadline`",
                        )
                    })?;
                    not_in_past(p, "performance_deadline", by)?;
                    details["performance_deadline"] = serde_json::json!(by);
                    Plan::only(Next::Set(NextStep::Rectify, by), serde_json::Value::Null)
                }
                Performance::Refused => {
                    let determination = input.determination.ok_or_else(|| {
                        invalid("determination", "required", "拒不履行须作出认定", "`refused` needs a `determination`")
                    })?;
                    check_early_remedy(p, &determination)?;
                    let mut plan = Plan::only(Next::Clear, serde_json::Value::Null);
                    plan.determination = Some(("ruling", determination));
                    plan
                }
            }
        }
    };
    plan.branch = match (input.outcome, input.performance) {
        (RulingOutcome::ForGovernment, _) => Branch::RulingForGovernment,
        (_, Some(Performance::Performed)) => Branch::RulingAgainstPerformed,
        (_, Some(Performance::Pending)) => Branch::RulingAgainstPending,
        _ => Branch::RulingAgainstRefused,
    };
    plan.details = std::mem::take(&mut details);
    Ok(plan)
}
