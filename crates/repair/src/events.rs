//! What repair and objections announce. The deciding body (as handling organisation), the
//! subject of the record (in its own feed) and the region's credit office hear every step;
//! the record's own events (`credit_record.*`, for the public credit platform), the
//! measures' (`sanction.*`, for the implementing departments) and the case's
//! (`complaint.repaired`, for the channel) come from the crates that own them, in the same
//! transaction.

use crate::application::RepairApplication;
use crate::objection::Objection;
use crate::scope::Parties;
use chrono::NaiveDateTime;
use lvyue_core::AppResult;
use lvyue_db::DbConn;
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::NewEvent;
use serde::Serialize;
use utoipa::ToSchema;

/// A repair application was made.
pub const APPLIED: &str = "repair.applied";
/// The deciding body asked for more material (the clock is paused).
pub const MORE_REQUESTED: &str = "repair.more_requested";
/// The applicant supplied it (the clock runs again).
pub const SUPPLEMENTED: &str = "repair.supplemented";
/// Approved: the record is repaired.
pub const APPROVED: &str = "repair.approved";
/// Rejected, with reasons.
pub const REJECTED: &str = "repair.rejected";
/// The applicant's side withdrew it before a decision.
pub const WITHDRAWN: &str = "repair.withdrawn";
/// An objection was filed: the record is under objection.
pub const OBJECTION_FILED: &str = "objection.filed";
/// The objection was decided (upheld, corrected or revoked; see `objection.status`).
pub const OBJECTION_DECIDED: &str = "objection.decided";

/// The body of every `repair.*` event: the application as it is after the step.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RepairEvent {
    /// The application (its steps are on `GET /api/v1/repair-applications/{id}`).
    pub repair_application: RepairApplication,
}

/// The body of every `objection.*` event: the objection as it is after the step.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObjectionEvent {
    /// The objection (its steps are on `GET /api/v1/credit-objections/{id}`).
    pub objection: Objection,
}

/// The contract of every `repair.*` and `objection.*` event type.
pub fn contracts() -> Vec<EventContract> {
    let mut all =
        EventContract::all_of::<RepairEvent>(&[APPLIED, MORE_REQUESTED, SUPPLEMENTED, APPROVED, REJECTED, WITHDRAWN]);
    all.extend(EventContract::all_of::<ObjectionEvent>(&[OBJECTION_FILED, OBJECTION_DECIDED]));
    all
}

/// Every type, for the docs.
pub const ALL: &[&str] =
    &[APPLIED, MORE_REQUESTED, SUPPLEMENTED, APPROVED, REJECTED, WITHDRAWN, OBJECTION_FILED, OBJECTION_DECIDED];

/// Appends the event `event_type` about an item with `parties` (the deciding body hears it
/// as handling organisation, the subject in its own feed, the region's credit office by its
/// division), in the caller's transaction.
pub fn announce(
    conn: &mut DbConn,
    event_type: &'static str,
    parties: Parties<'_>,
    complaint_id: Option<&str>,
    data: serde_json::Value,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Parties { region_code, deciding_org_id, subject_org_id, .. } = parties;
    let event = NewEvent {
        event_type,
        complaint_id: complaint_id.map(str::to_owned),
        channel: None,
        region_code: Some(region_code.to_owned()),
        handling_org_id: deciding_org_id.map(str::to_owned),
        subject_org_id: subject_org_id.map(str::to_owned),
        audience: None,
        data,
    };
    lvyue_outbox::events::append(conn, now, event)?;
    Ok(())
}
