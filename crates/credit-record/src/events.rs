//! The credit record's events: what the public credit platform, credit offices and (from the
//! sanction issue) implementing departments hear. The body carries the whole record in the
//! exchange format, so a receiver never has to call back.

use crate::record::{CreditRecord, CreditRecordRow};
use lvyue_core::RecordStatus;
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::{NewEvent, AUDIENCE_CREDIT_PLATFORM};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A record was created (from a case, or by its provider).
pub const CREATED: &str = "credit_record.created";
/// Its content changed: a correction, or a provider's update. A new version.
pub const CORRECTED: &str = "credit_record.corrected";
/// Past its maximum publicity period: no longer published or shared.
pub const EXPIRED: &str = "credit_record.expired";
/// Withdrawn as wrong.
pub const REVOKED: &str = "credit_record.revoked";
/// The court removed its listing of a judgment defaulter (移出失信被执行人名单): the record was
/// right, and it ends with its measures.
pub const REMOVED: &str = "credit_record.removed";
/// Repaired (信用修复): no longer published, shared or used; its measures end.
pub const REPAIRED: &str = "credit_record.repaired";
/// Its status changed otherwise: an objection opened (`under_objection`), or an upheld
/// objection made it `active` again.
pub const STATUS_CHANGED: &str = "credit_record.status_changed";

/// Every type, for the meta endpoint and subscription filters.
pub const ALL: &[&str] = &[CREATED, CORRECTED, EXPIRED, REVOKED, REMOVED, REPAIRED, STATUS_CHANGED];

/// The body of every `credit_record.*` event: the whole record in the exchange format, and
/// what changed. The sanctions follow it (`sanction.follow`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecordEvent {
    /// The record as it is after the change.
    pub record: CreditRecord,
    /// What changed: `created`, `corrected`, `corrected_on_objection`, `updated`, `expired`,
    /// `revoked`, `removed`, `repaired`, `objected`, `reinstated`, …
    pub change: String,
    /// Why, when a person changed it.
    pub reason: Option<String>,
    /// The status before, when it changed.
    #[schema(value_type = Option<RecordStatus>)]
    pub previous_status: Option<String>,
    /// The version before, when there was one.
    pub previous_version: Option<i32>,
}

/// The contract of every `credit_record.*` event type.
pub fn contracts() -> Vec<EventContract> {
    EventContract::all_of::<RecordEvent>(ALL)
}

/// The event about `after` (with `before`, when it changed). The public credit platform
/// hears it when the record is shared with it now or was before — so it also hears that a
/// record it publishes became internal.
pub fn about(
    before: Option<&CreditRecordRow>,
    after: &CreditRecordRow,
    event_type: &'static str,
    change: &str,
    reason: Option<&str>,
) -> NewEvent {
    let shared = |r: &CreditRecordRow| r.visibility().is_ok_and(|v| v.shared_with_platform());
    let audience = (shared(after) || before.is_some_and(shared)).then_some(AUDIENCE_CREDIT_PLATFORM);
    NewEvent {
        event_type,
        complaint_id: after.complaint_id.clone(),
        channel: None,
        region_code: Some(after.region_code.clone()),
        handling_org_id: after.determining_org_id.clone(),
        subject_org_id: after.subject_org_id.clone(),
        audience,
        data: serde_json::to_value(RecordEvent {
            record: after.view(),
            change: change.to_owned(),
            reason: reason.map(str::to_owned),
            previous_status: before.map(|b| b.status.clone()),
            previous_version: before.map(|b| b.version),
        })
        .unwrap_or_default(),
    }
}
