//! The planners: for each action, what the step changes — the branch it takes through the
//! state machine, the next deadline, the progress, the details told to the channel. Planners
//! read but never write; `act` applies the plan.

mod acceptance;
mod conclusion;
mod extension;
mod feedback;
mod outcome;
mod routing;
mod urge;

use crate::input::DeterminationInput;
use chrono::NaiveDate;
use lvyue_case::deadline::{self, NextStep};
use lvyue_case::read::LoadedCase;
use lvyue_case::CaseContext;
use lvyue_core::workflow::Branch;
use lvyue_core::{Actor, AppError, AppResult, CaseAction};
use lvyue_db::DbConn;
use lvyue_outbox::Visibility;

/// What a planner sees.
pub struct PlanContext<'a> {
    /// Now, the calendar and the limits.
    pub ctx: &'a CaseContext<'a>,
    /// Who acts.
    pub actor: &'a Actor,
    /// What the actor may see.
    pub visibility: &'a Visibility,
    /// The case as loaded in this transaction.
    pub case: &'a LoadedCase,
}

impl PlanContext<'_> {
    /// Today in Asia/Shanghai.
    pub fn today(&self) -> NaiveDate {
        lvyue_core::time::shanghai_date(self.ctx.now)
    }

    /// The deadline of `step` counted from now, by the stage's rule for this case.
    pub fn due(&self, step: NextStep, at_law: bool) -> NaiveDate {
        self.due_from(step, at_law, self.ctx.now)
    }

    /// The deadline of `step` counted from the instant `from`, by the stage's rule for this
    /// case (Order 802 Art. 25 when it follows it).
    pub fn due_from(&self, step: NextStep, at_law: bool, from: chrono::DateTime<chrono::Utc>) -> NaiveDate {
        let limits = &self.ctx.settings.time_limits;
        match deadline::period(limits, step, self.case.follows_order_802(), at_law) {
            Some(p) => deadline::end_of(self.ctx.calendar, p, from),
            None => lvyue_core::time::shanghai_date(from),
        }
    }

    /// Marks the case forwarded now to the body that will handle it (转交): an SME-payment
    /// case's 30-day result clock and its 90-day ceiling of extensions run from here.
    pub fn forwarded(&self, plan: &mut Plan) {
        plan.progress.forwarded_at = Some(self.ctx.stored_now);
        if self.case.follows_order_802() {
            let ceiling = self.ctx.settings.time_limits.extension_limit_days_sme;
            plan.progress.extension_limit_on = Some(Some(self.ctx.calendar.add_calendar_days(self.today(), ceiling)));
        }
    }
}

pub use lvyue_case::write::Next;

pub use lvyue_case::write::ProgressChange;

/// What a step changes.
#[derive(Debug)]
pub struct Plan {
    /// The way through the state machine.
    pub branch: Branch,
    /// A new handling organisation (Some(None) clears it).
    pub handling_org_id: Option<Option<String>>,
    /// The next deadline.
    pub next: Next,
    /// Progress changes.
    pub progress: ProgressChange,
    /// The step's details: on the timeline and in the event (no personal data).
    pub details: serde_json::Value,
    /// A determination to record: its basis (`refusal`, `ruling`) and content.
    pub determination: Option<(&'static str, DeterminationInput)>,
    /// The surviving case of a merge.
    pub merge_into: Option<String>,
    /// The channel asked to reopen.
    pub reopened: bool,
}

impl Plan {
    /// A plan along the action's only branch.
    pub fn only(next: Next, details: serde_json::Value) -> Plan {
        Plan {
            branch: Branch::Only,
            handling_org_id: None,
            next,
            progress: ProgressChange::default(),
            details,
            determination: None,
            merge_into: None,
            reopened: false,
        }
    }
}

/// Plans `action` on the loaded case.
pub fn plan(conn: &mut DbConn, p: &PlanContext<'_>, action: CaseAction, body: &serde_json::Value) -> AppResult<Plan> {
    use CaseAction::*;
    match action {
        Assign => routing::assign(conn, p, body),
        Reassign => routing::reassign(conn, p, body),
        Reject => routing::reject(p, body),
        Merge => routing::merge(conn, p, body),
        Accept => acceptance::accept(p),
        Return => acceptance::give_back(p, body),
        ConcludeUnfounded => conclusion::unfounded(p, body),
        ConcludeSubstantiated => conclusion::substantiated(p, body),
        ConcludeDisputed => conclusion::disputed(p, body),
        MarkRectified => outcome::rectified(p, body),
        RecordSettlement => outcome::settlement(p, body),
        RecordRefusal => outcome::refusal(p, body),
        RecordRuling => outcome::ruling(p, body),
        RequestExtension => extension::request(p, body),
        DecideExtension => extension::decide(p, body),
        Urge => urge::urge(p, body),
        Feedback => feedback::feedback(p, body),
    }
}

/// A 422 on one field.
pub(crate) fn invalid(
    field: &str,
    code: &'static str,
    zh: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> AppError {
    AppError::invalid(field, code, zh, en)
}

/// Refuses a date after today.
pub(crate) fn not_in_future(p: &PlanContext<'_>, field: &str, day: NaiveDate) -> AppResult<()> {
    if day > p.today() {
        return Err(invalid(field, "in_future", "日期不能晚于今天", "the date may not be later than today"));
    }
    Ok(())
}

/// Refuses a date before today.
pub(crate) fn not_in_past(p: &PlanContext<'_>, field: &str, day: NaiveDate) -> AppResult<()> {
    if day < p.today() {
        return Err(invalid(field, "in_past", "日期不能早于今天", "the date may not be earlier than today"));
    }
    Ok(())
}
