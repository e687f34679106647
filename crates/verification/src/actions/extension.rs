//! Extensions (延期): the department asks for a later deadline; the credit office approves
//! (possibly a shorter one) or denies. SME-payment cases never go past 90 days from acceptance.

use super::{invalid, not_in_past, Next, Plan, PlanContext};
use crate::input::{parse, ExtensionDecisionInput, ExtensionRequestInput};
use chrono::NaiveDate;
use lvyue_case::deadline::NextStep;
use lvyue_core::verdict::ExtensionDecision;
use lvyue_core::{AppError, AppResult};

fn within_limit(p: &PlanContext<'_>, field: &str, until: NaiveDate) -> AppResult<()> {
    let limit = p.case.progress.as_ref().and_then(|g| g.extension_limit_on);
    if let Some(limit) = limit {
        if until > limit && p.case.row.next_step.as_deref() == Some(NextStep::Conclude.code()) {
            return Err(invalid(
                field,
                "beyond_limit",
                format!("延期后的期限不得晚于 {limit}（《保障中小企业款项支付条例》第二十五条：最长九十日）"),
                format!("the extended deadline may not pass {limit} (Order 802 Art. 25: at most 90 days)"),
            ));
        }
    }
    Ok(())
}

fn later_than_current(p: &PlanContext<'_>, field: &str, until: NaiveDate) -> AppResult<()> {
    match p.case.row.next_due_on {
        Some(due) if until <= due => Err(invalid(
            field,
            "not_later",
            format!("延期日期须晚于当前期限 {due}"),
            format!("the new date must be later than the current deadline {due}"),
        )),
        _ => Ok(()),
    }
}

/// `request_extension`.
pub fn request(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: ExtensionRequestInput = parse(body)?;
    not_in_past(p, "until", input.until)?;
    later_than_current(p, "until", input.until)?;
    within_limit(p, "until", input.until)?;
    let mut plan = Plan::only(
        Next::Keep,
        serde_json::json!({ "until": input.until, "reason": input.reason, "current_due_on": p.case.row.next_due_on }),
    );
    plan.progress.extension_until = Some(Some(input.until));
    plan.progress.extension_reason = Some(Some(input.reason));
    plan.progress.extension_requested_at = Some(Some(p.ctx.stored_now));
    Ok(plan)
}

/// `decide_extension`.
pub fn decide(p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: ExtensionDecisionInput = parse(body)?;
    let progress = p.case.progress.as_ref().ok_or_else(|| AppError::internal("extension without progress"))?;
    let asked = progress.extension_until.ok_or_else(|| AppError::internal("no pending extension"))?;
    let mut plan = match input.decision {
        ExtensionDecision::Approve => {
            let until = input.until.unwrap_or(asked);
            if until > asked {
                return Err(invalid(
                    "until",
                    "beyond_request",
                    format!("批准的期限不得晚于申请的 {asked}"),
                    format!("the approved date may not pass the one asked for, {asked}"),
                ));
            }
            not_in_past(p, "until", until)?;
            later_than_current(p, "until", until)?;
            within_limit(p, "until", until)?;
            let step = p
                .case
                .row
                .next_step
                .as_deref()
                .and_then(NextStep::from_code)
                .ok_or_else(|| AppError::internal("an extension of a case without a deadline"))?;
            let mut plan = Plan::only(
                Next::Set(step, until),
                serde_json::json!({ "decision": input.decision, "until": until, "asked": asked }),
            );
            plan.progress.extensions_granted = Some(progress.extensions_granted + 1);
            plan
        }
        ExtensionDecision::Deny => {
            Plan::only(Next::Keep, serde_json::json!({ "decision": input.decision, "asked": asked }))
        }
    };
    plan.progress.extension_until = Some(None);
    plan.progress.extension_reason = Some(None);
    plan.progress.extension_requested_at = Some(None);
    Ok(plan)
}
