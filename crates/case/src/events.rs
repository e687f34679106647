//! The events a case announces (`complaint.*`), and their bodies (no personal data).

use crate::complaint::ComplaintRow;
use crate::determination::BreachDetermination;
use lvyue_core::{CaseAction, CaseStatus};
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::NewEvent;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A lead was received.
pub const RECEIVED: &str = "complaint.received";
/// A case was forwarded to its handling organisation.
pub const ASSIGNED: &str = "complaint.assigned";
/// A routed case moved to another handling body (改派).
pub const REASSIGNED: &str = "complaint.reassigned";
/// A case may duplicate another one from another channel.
pub const POSSIBLE_DUPLICATE: &str = "complaint.possible_duplicate";

/// The record it caused was repaired (信用修复): the case closes as repaired.
pub const REPAIRED: &str = "complaint.repaired";

/// A deadline passed without the step it waited for.
pub const OVERDUE: &str = "complaint.overdue";
/// A breach was determined; the credit-record issue consumes it.
pub const DETERMINED: &str = "complaint.determined";
/// The channel asked to reopen a closed case.
pub const REOPENED: &str = "complaint.reopened";

/// The event type an action announces (`determined` overrides it when the step determines a breach).
pub fn of_action(action: CaseAction) -> &'static str {
    use CaseAction::*;
    match action {
        Assign => ASSIGNED,
        Reassign => REASSIGNED,
        Reject => "complaint.rejected",
        Merge => "complaint.merged",
        Accept => "complaint.accepted",
        Return => "complaint.returned",
        ConcludeUnfounded => "complaint.concluded_unfounded",
        ConcludeSubstantiated => "complaint.concluded_substantiated",
        ConcludeDisputed => "complaint.concluded_disputed",
        MarkRectified => "complaint.rectified",
        RecordSettlement => "complaint.settled",
        RecordRefusal => DETERMINED,
        RecordRuling => "complaint.ruling_recorded",
        RequestExtension => "complaint.extension_requested",
        DecideExtension => "complaint.extension_decided",
        Urge => "complaint.urged",
        Feedback => "complaint.feedback_received",
    }
}

/// Every event type lvyue announces about cases, for the docs and the subscription filter check.
pub const ALL: &[&str] = &[
    RECEIVED,
    ASSIGNED,
    POSSIBLE_DUPLICATE,
    REASSIGNED,
    "complaint.rejected",
    "complaint.merged",
    "complaint.accepted",
    "complaint.returned",
    "complaint.concluded_unfounded",
    "complaint.concluded_substantiated",
    "complaint.concluded_disputed",
    "complaint.rectified",
    "complaint.settled",
    "complaint.ruling_recorded",
    DETERMINED,
    "complaint.extension_requested",
    "complaint.extension_decided",
    "complaint.urged",
    "complaint.feedback_received",
    REOPENED,
    OVERDUE,
    REPAIRED,
];

/// What every `complaint.*` event says of its case, beside what happened.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseHeader {
    /// The case number (案件编号).
    pub case_number: String,
    /// The channel that sent the lead.
    pub channel: String,
    /// The channel's own id of the lead.
    pub external_id: String,
    /// The case's status after the event.
    #[schema(value_type = CaseStatus)]
    pub status: String,
    /// The handling organisation, once there is one.
    pub handling_org_id: Option<String>,
    /// The respondent's division (行政区划代码).
    #[serde(default)]
    pub region_code: String,
    /// The field of the agreement (领域).
    #[serde(default)]
    pub field: String,
    /// The respondent's unified social credit code (被投诉单位统一社会信用代码), when known.
    #[serde(default)]
    pub respondent_uscc: Option<String>,
    /// The case's version after the event.
    pub version: i32,
}

impl CaseHeader {
    fn of(row: &ComplaintRow) -> Self {
        CaseHeader {
            case_number: row.case_number.clone(),
            channel: row.channel.clone(),
            external_id: row.external_id.clone(),
            status: row.status.clone(),
            handling_org_id: row.handling_org_id.clone(),
            region_code: row.region_code.clone(),
            field: row.field.clone(),
            respondent_uscc: row.respondent_uscc.clone(),
            version: row.version,
        }
    }
}

/// The body of a `complaint.*` event: the case header, and what the step added — for an
/// action, `action`, `from_status`, `resolution`, `next_deadline`, `note`, `attachments` and
/// the action's own fields; for `complaint.received` its `received_at`; for
/// `complaint.possible_duplicate` the `related` cases; for `complaint.overdue` the passed
/// deadline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseEvent {
    /// The case.
    #[serde(flatten)]
    pub case: CaseHeader,
    /// What the step added.
    #[serde(flatten)]
    #[schema(ignore)]
    pub details: serde_json::Map<String, serde_json::Value>,
}

/// The body of `complaint.determined` (认定违约失信), which the credit record turns into a
/// `breach_determination` record: the case header, the step's fields and the determination.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ComplaintDetermined {
    /// The case.
    #[serde(flatten)]
    pub case: CaseHeader,
    /// The determination.
    pub determination: BreachDetermination,
}

/// The contract of every `complaint.*` event type.
pub fn contracts() -> Vec<EventContract> {
    let others: Vec<&'static str> = ALL.iter().copied().filter(|t| *t != DETERMINED).collect();
    let mut all = EventContract::all_of::<CaseEvent>(&others);
    all.push(EventContract::of::<ComplaintDetermined>(DETERMINED));
    all
}

/// An event about `row`, scoped by its channel, region and handling organisation.
pub fn about(row: &ComplaintRow, event_type: &'static str, extra: serde_json::Value) -> NewEvent {
    let mut data = serde_json::to_value(CaseHeader::of(row)).unwrap_or_default();
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
