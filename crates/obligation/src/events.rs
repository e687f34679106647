//! The obligations' events: `contract.*`, `commitment.*` and `warning.*` (internal), for the credit office, the unit,
//! and the public credit platform — never a confidential (涉密) contract (003 二(二), 四(三)).

use crate::commitment::store::Commitment;
use crate::contract::store::GovernmentContract;
use crate::warning::store::Warning;
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::{NewEvent, AUDIENCE_CREDIT_PLATFORM};
use serde::Serialize;
use utoipa::ToSchema;

/// A contract was registered.
pub const CONTRACT_REGISTERED: &str = "contract.registered";
/// Its particulars changed.
pub const CONTRACT_UPDATED: &str = "contract.updated";
/// A milestone was added.
pub const CONTRACT_MILESTONE_ADDED: &str = "contract.milestone_added";
/// Performance was recorded (a milestone met in part or in full).
pub const CONTRACT_PERFORMED: &str = "contract.performed";
/// A risk to performance was raised.
pub const CONTRACT_RISK_RAISED: &str = "contract.risk_raised";
/// It was changed lawfully.
pub const CONTRACT_CHANGED: &str = "contract.changed";
/// It was closed out (销号).
pub const CONTRACT_CLOSED_OUT: &str = "contract.closed_out";
/// A case about it was determined a breach (违约失信认定): it is `breached`.
pub const CONTRACT_BREACHED: &str = "contract.breached";
/// Overdue past its grace period, it escalated into a case (转为投诉线索).
pub const CONTRACT_ESCALATED: &str = "contract.escalated";

/// A commitment was listed.
pub const COMMITMENT_REGISTERED: &str = "commitment.registered";
/// Its particulars were corrected.
pub const COMMITMENT_UPDATED: &str = "commitment.updated";
/// A fulfilment was recorded (in part or in full).
pub const COMMITMENT_FULFILLED: &str = "commitment.fulfilled";
/// It was changed lawfully.
pub const COMMITMENT_CHANGED: &str = "commitment.changed";

/// A warning was raised (风险提示).
pub const WARNING_RAISED: &str = "warning.raised";
/// The unit acknowledged a warning with the action taken.
pub const WARNING_ACKNOWLEDGED: &str = "warning.acknowledged";
/// A warning left open escalated to the credit office (警示).
pub const WARNING_ESCALATED: &str = "warning.escalated";

/// Every warning type.
pub const WARNING_ALL: &[&str] = &[WARNING_RAISED, WARNING_ACKNOWLEDGED, WARNING_ESCALATED];

/// The body of every `warning.*` event: the warning as it is after the change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WarningEvent {
    /// The warning.
    pub warning: Warning,
}

/// The event `event_type` about warning `w`: the unit's and its region's feed (not the public
/// credit platform's: warnings are internal).
pub fn warning(event_type: &'static str, w: &Warning) -> NewEvent {
    NewEvent {
        event_type,
        complaint_id: None,
        channel: None,
        region_code: Some(w.region_code.clone()),
        handling_org_id: Some(w.org_id.clone()),
        subject_org_id: None,
        audience: None,
        data: serde_json::to_value(WarningEvent { warning: w.clone() }).unwrap_or_default(),
    }
}

/// Every commitment type.
pub const COMMITMENT_ALL: &[&str] =
    &[COMMITMENT_REGISTERED, COMMITMENT_UPDATED, COMMITMENT_FULFILLED, COMMITMENT_CHANGED];

/// Every contract type.
pub const ALL: &[&str] = &[
    CONTRACT_REGISTERED,
    CONTRACT_UPDATED,
    CONTRACT_MILESTONE_ADDED,
    CONTRACT_PERFORMED,
    CONTRACT_RISK_RAISED,
    CONTRACT_CHANGED,
    CONTRACT_CLOSED_OUT,
    CONTRACT_BREACHED,
    CONTRACT_ESCALATED,
];

/// The body of every `contract.*` event: the contract as it is after the change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractEvent {
    /// The contract, with its milestones and history.
    pub contract: GovernmentContract,
}

/// The body of every `commitment.*` event: the commitment as it is after the change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommitmentEvent {
    /// The commitment, with its fulfilments.
    pub commitment: Commitment,
}

/// The contract of every obligation event type.
pub fn contracts() -> Vec<EventContract> {
    let mut all = EventContract::all_of::<ContractEvent>(ALL);
    all.extend(EventContract::all_of::<CommitmentEvent>(COMMITMENT_ALL));
    all.extend(EventContract::all_of::<WarningEvent>(WARNING_ALL));
    all
}

/// The event `event_type` about commitment `c`: the unit's and its region's feed, and the
/// public credit platform's.
pub fn commitment(event_type: &'static str, c: &Commitment) -> NewEvent {
    let mut shown = c.clone();
    shown.allowed_actions = Vec::new();
    NewEvent {
        event_type,
        complaint_id: None,
        channel: None,
        region_code: Some(c.region_code.clone()),
        handling_org_id: Some(c.org_id.clone()),
        subject_org_id: None,
        audience: Some(AUDIENCE_CREDIT_PLATFORM),
        data: serde_json::to_value(CommitmentEvent { commitment: shown }).unwrap_or_default(),
    }
}

/// The event `event_type` about `c`: the unit's and its region's feed, and the public credit
/// platform's unless confidential.
pub fn contract(event_type: &'static str, c: &GovernmentContract) -> NewEvent {
    let mut shown = c.clone();
    shown.allowed_actions = Vec::new();
    NewEvent {
        event_type,
        complaint_id: None,
        channel: None,
        region_code: Some(c.region_code.clone()),
        handling_org_id: Some(c.org_id.clone()),
        subject_org_id: None,
        audience: (!c.confidential).then_some(AUDIENCE_CREDIT_PLATFORM),
        data: serde_json::to_value(ContractEvent { contract: shown }).unwrap_or_default(),
    }
}
