//! Oversight's events, for the credit website and portals: `assessment.published`,
//! `circular.published`.

use crate::assessment::Assessment;
use crate::circular::Circular;
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::{NewEvent, AUDIENCE_CREDIT_PLATFORM};
use serde::Serialize;
use utoipa::ToSchema;

/// An assessment's ranking was published (打分排名后予以公布).
pub const ASSESSMENT_PUBLISHED: &str = "assessment.published";

/// A circular was published (通报).
pub const CIRCULAR_PUBLISHED: &str = "circular.published";

/// Every type.
pub const ALL: &[&str] = &[ASSESSMENT_PUBLISHED, CIRCULAR_PUBLISHED];

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
