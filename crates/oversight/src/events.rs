//! Oversight's events, for the credit website and portals: `assessment.published`.

use crate::assessment::Assessment;
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::{NewEvent, AUDIENCE_CREDIT_PLATFORM};
use serde::Serialize;
use utoipa::ToSchema;

/// An assessment's ranking was published (打分排名后予以公布).
pub const ASSESSMENT_PUBLISHED: &str = "assessment.published";

/// Every type.
pub const ALL: &[&str] = &[ASSESSMENT_PUBLISHED];

/// The body of `assessment.published`: the assessment as published.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPublished {
    /// The assessment, its ranking and the figures behind it.
    pub assessment: Assessment,
}

/// The contract of every oversight event type.
pub fn contracts() -> Vec<EventContract> {
    EventContract::all_of::<AssessmentPublished>(ALL)
}

/// The event of a published assessment: the region's feed, and the public credit platform's.
pub fn published(a: &Assessment) -> NewEvent {
    NewEvent {
        event_type: ASSESSMENT_PUBLISHED,
        complaint_id: None,
        channel: None,
        region_code: Some(a.region_code.clone()),
        handling_org_id: None,
        subject_org_id: None,
        audience: Some(AUDIENCE_CREDIT_PLATFORM),
        data: serde_json::to_value(AssessmentPublished { assessment: a.clone() }).unwrap_or_default(),
    }
}
