//! The credit office's steps on routing: forward a received case (转交), move a routed one to
//! another handling body (改派), reject it (不予受理), merge it into the case it duplicates (合并).

use super::{invalid, Next, Plan, PlanContext};
use crate::input::{parse, AssignInput, MergeInput, ReasonInput, ReassignInput};
use lvyue_case::deadline::NextStep;
use lvyue_case::read::{self, visible};
use lvyue_core::{AppResult, CaseStatus, Resolution, Uscc};
use lvyue_db::DbConn;
use lvyue_outbox::Visibility;
use lvyue_registry::organisation::find_by_uscc;

/// `assign`: to an organisation of the registry, within the credit office's region.
pub fn assign(conn: &mut DbConn, p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: AssignInput = parse(body)?;
    let handling = handling_in_region(conn, p, &input.handling_org)?;
    let mut plan = Plan::only(
        Next::Set(NextStep::Accept, p.due(NextStep::Accept, false)),
        serde_json::json!({ "handling_org": handling.to_ref(), "automatic": false }),
    );
    plan.handling_org_id = Some(Some(handling.id));
    p.forwarded(&mut plan);
    Ok(plan)
}

/// `reassign` (改派): a routed case, assigned or being verified, moves to another handling body
/// of the credit office's region, which must accept it within the acceptance limit.
pub fn reassign(conn: &mut DbConn, p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: ReassignInput = parse(body)?;
    let handling = handling_in_region(conn, p, &input.handling_org)?;
    if p.case.row.handling_org_id.as_deref() == Some(handling.id.as_str()) {
        return Err(invalid(
            "handling_org",
            "same_organisation",
            "该机构已是本案的处理机构",
            "this organisation already handles the case",
        ));
    }
    let mut plan = Plan::only(
        Next::Set(NextStep::Accept, p.due(NextStep::Accept, false)),
        serde_json::json!({
            "handling_org": handling.to_ref(),
            "previous_handling_org": p.case.handling,
            "reason": input.reason,
        }),
    );
    plan.handling_org_id = Some(Some(handling.id));
    p.forwarded(&mut plan);
    Ok(plan)
}

/// The registry organisation of `raw` (a USCC), within the credit office's region (属地管理).
fn handling_in_region(
    conn: &mut DbConn,
    p: &PlanContext<'_>,
    raw: &str,
) -> AppResult<lvyue_registry::organisation::OrganisationRow> {
    let code = Uscc::parse(raw).map_err(|e| lvyue_core::AppError::field(e.at("handling_org")))?;
    let handling = find_by_uscc(conn, code.as_str())?.ok_or_else(|| {
        invalid(
            "handling_org",
            "unknown_organisation",
            "名录中没有该机构",
            "no organisation with this USCC is in the registry",
        )
    })?;
    // A credit office forwards within its own region (属地管理).
    if let Visibility::Region(region) = p.visibility {
        if !region.contains(&handling.region()?) {
            return Err(invalid(
                "handling_org",
                "outside_region",
                "处理机构不在本信用办辖区内",
                "the handling organisation lies outside your region",
            ));
        }
    }
    Ok(handling)
}

/// `reject`: out of scope (不属于违约失信范围).
pub fn reject(_p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: ReasonInput = parse(body)?;
    Ok(Plan::only(Next::Clear, serde_json::json!({ "reason": input.reason })))
}

/// `merge`: into a case the credit office sees, which is not this one and was not merged itself.
pub fn merge(conn: &mut DbConn, p: &PlanContext<'_>, body: &serde_json::Value) -> AppResult<Plan> {
    let input: MergeInput = parse(body)?;
    if input.into == p.case.row.id {
        return Err(invalid("into", "same_case", "不能合并到自身", "a case cannot be merged into itself"));
    }
    // Both cases are locked before the target is judged: two offices merging A into B and
    // B into A at once cannot both succeed (the second finds its target merged).
    let locked = read::lock(conn, &[p.case.row.id.as_str(), input.into.as_str()])?;
    if let Some(moved) = locked.iter().find(|c| c.id == p.case.row.id && c.version != p.case.row.version) {
        return Err(lvyue_core::AppError::stale_version(moved.version));
    }
    let target = locked
        .into_iter()
        .find(|t| t.id == input.into)
        .filter(|t| visible(t, p.visibility))
        .ok_or_else(|| invalid("into", "unknown_case", "没有该案件或无权查看", "no such case in your slice"))?;
    if target.status == CaseStatus::Closed.code() && target.resolution.as_deref() == Some(Resolution::Merged.code()) {
        return Err(invalid(
            "into",
            "merged_case",
            "目标案件本身已被合并，请合并到其存续案件",
            "that case was itself merged; merge into the case it survives in",
        ));
    }
    let mut plan =
        Plan::only(Next::Clear, serde_json::json!({ "into": { "id": target.id, "case_number": target.case_number } }));
    plan.progress.merged_into = Some(target.id.clone());
    plan.merge_into = Some(target.id);
    Ok(plan)
}
