//! The sanctions' events: the credit office of the region and the implementing departments
//! hear when a measure comes into force, is acknowledged, is suspended or reinstated around
//! an objection, is rescheduled when its record is corrected, and ends.

use crate::sanction::{Sanction, SanctionRow};
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::NewEvent;
use serde::Serialize;
use utoipa::ToSchema;

/// A measure came into force.
pub const IN_FORCE: &str = "sanction.in_force";
/// The implementing department acknowledged it and recorded its implementation.
pub const ACKNOWLEDGED: &str = "sanction.acknowledged";
/// It ended (its record was repaired, expired or revoked).
pub const ENDED: &str = "sanction.ended";
/// It was suspended while an objection to its record is reviewed.
pub const SUSPENDED: &str = "sanction.suspended";
/// It came back into force (the objection was decided and the record stands).
pub const REINSTATED: &str = "sanction.reinstated";
/// Its planned end moved: its record was corrected and its publicity window with it.
pub const RESCHEDULED: &str = "sanction.rescheduled";

/// The body of every `sanction.*` event: the measure as it is after the change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SanctionEvent {
    /// The measure.
    pub sanction: Sanction,
}

/// Every type.
pub const ALL: &[&str] = &[IN_FORCE, ACKNOWLEDGED, ENDED, SUSPENDED, REINSTATED, RESCHEDULED];

/// The contract of every `sanction.*` event type.
pub fn contracts() -> Vec<EventContract> {
    EventContract::all_of::<SanctionEvent>(ALL)
}

/// The event about `row`.
pub fn about(row: &SanctionRow, event_type: &'static str) -> NewEvent {
    NewEvent {
        event_type,
        complaint_id: None,
        channel: None,
        region_code: Some(row.region_code.clone()),
        // The implementing body's own feed hears its measures.
        handling_org_id: row.implementer_org_id.clone(),
        subject_org_id: None,
        audience: None,
        data: serde_json::to_value(SanctionEvent { sanction: row.view() }).unwrap_or_default(),
    }
}
