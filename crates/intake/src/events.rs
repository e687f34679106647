//! The events intake announces, and their bodies (no personal data).

use crate::complaint::ComplaintRow;
use lvyue_outbox::events::NewEvent;

/// A lead was received.
pub const RECEIVED: &str = "complaint.received";
/// A case was forwarded to its handling organisation.
pub const ASSIGNED: &str = "complaint.assigned";
/// A case may duplicate another one from another channel.
pub const POSSIBLE_DUPLICATE: &str = "complaint.possible_duplicate";

/// An event about `row`, scoped by its channel, region and handling organisation.
pub fn about(row: &ComplaintRow, event_type: &'static str, extra: serde_json::Value) -> NewEvent {
    let mut data = serde_json::json!({
        "case_number": row.case_number,
        "channel": row.channel,
        "external_id": row.external_id,
        "status": row.status,
        "handling_org_id": row.handling_org_id,
        "version": row.version,
    });
    if let (serde_json::Value::Object(d), serde_json::Value::Object(e)) = (&mut data, extra) {
        d.extend(e);
    }
    NewEvent {
        event_type,
        complaint_id: Some(row.id.clone()),
        channel: Some(row.channel.clone()),
        region_code: Some(row.region_code.clone()),
        handling_org_id: row.handling_org_id.clone(),
        subject_org_id: None,
        audience: None,
        data,
    }
}
