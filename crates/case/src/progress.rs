//! A case's progress through verification (办理进度): what the case row cannot hold —
//! acceptance, the dispute route, a pending extension, urging, feedback — and the facts the
//! state machine needs from it. The verification crate writes it; every case read shows it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use lvyue_core::time::{shanghai_date, stored_to_shanghai};
use lvyue_core::workflow::CaseFacts;
use lvyue_core::{CaseStatus, Resolution};
use lvyue_db::schema::complaint_progress;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The stored progress of a case.
#[derive(Debug, Clone, Default, Queryable, Selectable, Serialize)]
#[diesel(table_name = complaint_progress)]
pub struct ProgressRow {
    pub complaint_id: String,
    pub accepted_at: Option<NaiveDateTime>,
    pub extension_limit_on: Option<NaiveDate>,
    pub closed_at: Option<NaiveDateTime>,
    pub dispute_route: Option<String>,
    pub merged_into: Option<String>,
    pub extension_until: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub extension_requested_at: Option<NaiveDateTime>,
    pub extensions_granted: i32,
    pub urge_count: i32,
    pub last_urged_at: Option<NaiveDateTime>,
    pub feedback_until: Option<NaiveDate>,
    pub satisfaction: Option<i32>,
    pub feedback_comment: Option<String>,
    pub feedback_at: Option<NaiveDateTime>,
    pub reopen_count: i32,
    pub complainant_sme: Option<bool>,
    pub forwarded_at: Option<NaiveDateTime>,
}

/// An extension request waiting for the credit office.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PendingExtension {
    /// The date asked for.
    pub until: NaiveDate,
    /// Why.
    pub reason: Option<String>,
    /// When it was asked.
    pub requested_at: DateTime<FixedOffset>,
}

/// The channel's feedback after closing (回访评价).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeedbackView {
    /// Satisfaction 1 (very dissatisfied) to 5 (very satisfied).
    pub satisfaction: Option<i32>,
    /// The complainant's comment.
    pub comment: Option<String>,
    /// When it was given.
    pub at: DateTime<FixedOffset>,
}

/// A case's progress as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProgressView {
    /// When it was last forwarded to the body that handles it (转交): the 30-day result clock
    /// of an SME-payment case runs from here.
    pub forwarded_at: Option<DateTime<FixedOffset>>,
    /// When the handling department accepted it.
    pub accepted_at: Option<DateTime<FixedOffset>>,
    /// When it was last closed.
    pub closed_at: Option<DateTime<FixedOffset>>,
    /// How a dispute is pursued: `negotiation`, `mediation`, `litigation`, `arbitration`.
    pub dispute_route: Option<String>,
    /// The surviving case, once merged.
    pub merged_into: Option<String>,
    /// An extension request waiting for the credit office.
    pub pending_extension: Option<PendingExtension>,
    /// Extensions granted so far.
    pub extensions_granted: i32,
    /// The furthest date an extension may reach (SME-payment cases: 90 days from forwarding;
    /// a reopening does not move it).
    pub extension_limit_on: Option<NaiveDate>,
    /// Urging notices (督办) received.
    pub urge_count: i32,
    /// The last one.
    pub last_urged_at: Option<DateTime<FixedOffset>>,
    /// The last day on which the channel may give feedback or ask to reopen.
    pub feedback_until: Option<NaiveDate>,
    /// The feedback on the last closing (earlier ones stay on the timeline).
    pub feedback: Option<FeedbackView>,
    /// Times reopened at the channel's request.
    pub reopen_count: i32,
}

impl ProgressRow {
    /// The view.
    pub fn view(&self) -> ProgressView {
        ProgressView {
            forwarded_at: self.forwarded_at.map(stored_to_shanghai),
            accepted_at: self.accepted_at.map(stored_to_shanghai),
            closed_at: self.closed_at.map(stored_to_shanghai),
            dispute_route: self.dispute_route.clone(),
            merged_into: self.merged_into.clone(),
            pending_extension: self.extension_until.map(|until| PendingExtension {
                until,
                reason: self.extension_reason.clone(),
                requested_at: stored_to_shanghai(self.extension_requested_at.unwrap_or_default()),
            }),
            extensions_granted: self.extensions_granted,
            extension_limit_on: self.extension_limit_on,
            urge_count: self.urge_count,
            last_urged_at: self.last_urged_at.map(stored_to_shanghai),
            feedback_until: self.feedback_until,
            feedback: self.feedback_at.map(|at| FeedbackView {
                satisfaction: self.satisfaction,
                comment: self.feedback_comment.clone(),
                at: stored_to_shanghai(at),
            }),
            reopen_count: self.reopen_count,
        }
    }
}

/// What the state machine needs to know besides the status.
pub fn facts(status: &str, resolution: Option<&str>, progress: Option<&ProgressRow>, now: DateTime<Utc>) -> CaseFacts {
    let Some(p) = progress else { return CaseFacts::default() };
    let closed = status == CaseStatus::Closed.code() && resolution != Some(Resolution::Merged.code());
    // Closing clears the previous feedback (the timeline keeps it), so one feedback per closing.
    let not_yet_given = p.feedback_at.is_none();
    let in_window = p.feedback_until.is_some_and(|last| shanghai_date(now) <= last);
    CaseFacts { extension_pending: p.extension_until.is_some(), feedback_open: closed && not_yet_given && in_window }
}
