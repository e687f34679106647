//! Oversight's events, for the credit website and portals: `assessment.published`,
//! `circular.published`, `typical_case.published`, `typical_case.withdrawn`.

use crate::assessment::Assessment;
use crate::circular::Circular;
use crate::typical::store::PublicTypicalCase;
use crate::typical::WithdrawalReason;
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::{NewEvent, AUDIENCE_CREDIT_PLATFORM};
use serde::Serialize;
use utoipa::ToSchema;

/// An assessment's ranking was published (打分排名后予以公布).
pub const ASSESSMENT_PUBLISHED: &str = "assessment.published";

/// A circular was published (通报).
pub const CIRCULAR_PUBLISHED: &str = "circular.published";

/// A typical case was published (典型案例).
pub const TYPICAL_CASE_PUBLISHED: &str = "typical_case.published";

/// A published typical case was withdrawn (by its office, or because its record ended).
pub const TYPICAL_CASE_WITHDRAWN: &str = "typical_case.withdrawn";

/// Every type.
pub const ALL: &[&str] = &[ASSESSMENT_PUBLISHED, CIRCULAR_PUBLISHED, TYPICAL_CASE_PUBLISHED, TYPICAL_CASE_WITHDRAWN];

/// The body of `typical_case.published`: the case as the public sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TypicalCasePublished {
    /// The typical case.
    pub typical_case: PublicTypicalCase,
}

/// The body of `typical_case.withdrawn`: which, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TypicalCaseWithdrawn {
    /// The typical case's id.
    pub typical_case_id: String,
    /// Its division.
    pub region_code: String,
    /// Why: `by_office`, or its record ended (`record_repaired`, `record_revoked`,
    /// `record_expired`, `record_removed`).
    pub reason: WithdrawalReason,
}

/// The body of `circular.published`: the circular as published.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CircularPublished {
    /// The circular.
    pub circular: Circular,
}

/// The body of `assessment.published`: the assessment as published.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPublished {
    /// The assessment, its ranking and the figures behind it.
    pub assessment: Assessment,
}

/// The contract of every oversight event type.
pub fn contracts() -> Vec<EventContract> {
    let mut all = EventContract::all_of::<AssessmentPublished>(&[ASSESSMENT_PUBLISHED]);
    all.extend(EventContract::all_of::<CircularPublished>(&[CIRCULAR_PUBLISHED]));
    all.extend(EventContract::all_of::<TypicalCasePublished>(&[TYPICAL_CASE_PUBLISHED]));
    all.extend(EventContract::all_of::<TypicalCaseWithdrawn>(&[TYPICAL_CASE_WITHDRAWN]));
    all
}

fn public(event_type: &'static str, region_code: &str, data: serde_json::Value) -> NewEvent {
    NewEvent {
        event_type,
        complaint_id: None,
        channel: None,
        region_code: Some(region_code.to_owned()),
        handling_org_id: None,
        subject_org_id: None,
        audience: Some(AUDIENCE_CREDIT_PLATFORM),
        data,
    }
}

/// The event of a published circular: the region's feed, and the public credit platform's.
pub fn circular_published(c: &Circular) -> NewEvent {
    public(
        CIRCULAR_PUBLISHED,
        &c.region_code,
        serde_json::to_value(CircularPublished { circular: c.clone() }).unwrap_or_default(),
    )
}

/// The event of a published assessment: the region's feed, and the public credit platform's.
pub fn published(a: &Assessment) -> NewEvent {
    public(
        ASSESSMENT_PUBLISHED,
        &a.region_code,
        serde_json::to_value(AssessmentPublished { assessment: a.clone() }).unwrap_or_default(),
    )
}

/// The event of a published typical case: the region's feed, and the public credit platform's.
pub fn typical_case_published(t: &PublicTypicalCase) -> NewEvent {
    public(
        TYPICAL_CASE_PUBLISHED,
        &t.region_code,
        serde_json::to_value(TypicalCasePublished { typical_case: t.clone() }).unwrap_or_default(),
    )
}

/// The event of a withdrawn typical case that was public.
pub fn typical_case_withdrawn(id: &str, region_code: &str, reason: WithdrawalReason) -> NewEvent {
    public(
        TYPICAL_CASE_WITHDRAWN,
        region_code,
        serde_json::to_value(TypicalCaseWithdrawn {
            typical_case_id: id.to_owned(),
            region_code: region_code.to_owned(),
            reason,
        })
        .unwrap_or_default(),
    )
}
