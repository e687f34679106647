//! The ledger's events: `ledger_item.*` and `campaign.*`, for the unit and its region's credit
//! office (internal: the public credit platform never hears them).

use crate::campaign::store::Campaign;
use crate::item::store::LedgerItem;
use lvyue_outbox::contract::EventContract;
use lvyue_outbox::events::NewEvent;
use serde::Serialize;
use utoipa::ToSchema;

/// A problem was recorded.
pub const ITEM_RECORDED: &str = "ledger_item.recorded";
/// Its particulars were corrected.
pub const ITEM_UPDATED: &str = "ledger_item.updated";
/// A rectification plan was set or revised.
pub const ITEM_PLANNED: &str = "ledger_item.planned";
/// A step's progress was reported.
pub const ITEM_PROGRESSED: &str = "ledger_item.progressed";
/// A repayment was recorded.
pub const ITEM_REPAID: &str = "ledger_item.repaid";
/// Every step done and nothing owed: rectified.
pub const ITEM_RECTIFIED: &str = "ledger_item.rectified";
/// Closed with the rectification report (销号).
pub const ITEM_CLOSED: &str = "ledger_item.closed";
/// A plan step passed its milestone date undone (a warning).
pub const ITEM_STEP_LATE: &str = "ledger_item.step_late";
/// Escalated into a case.
pub const ITEM_ESCALATED: &str = "ledger_item.escalated";

/// Every item type.
pub const ITEM_ALL: &[&str] = &[
    ITEM_RECORDED,
    ITEM_UPDATED,
    ITEM_PLANNED,
    ITEM_PROGRESSED,
    ITEM_REPAID,
    ITEM_RECTIFIED,
    ITEM_CLOSED,
    ITEM_STEP_LATE,
    ITEM_ESCALATED,
];

/// A campaign was started.
pub const CAMPAIGN_STARTED: &str = "campaign.started";
/// A unit submitted its problem list, self-inspection report, plans or rectification report.
pub const CAMPAIGN_SUBMITTED: &str = "campaign.submitted";
/// A unit's submission is past its due date (a warning).
pub const CAMPAIGN_SUBMISSION_LATE: &str = "campaign.submission_late";

/// Every campaign type.
pub const CAMPAIGN_ALL: &[&str] = &[CAMPAIGN_STARTED, CAMPAIGN_SUBMITTED, CAMPAIGN_SUBMISSION_LATE];

/// The body of every `ledger_item.*` event: the item after the change (names masked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LedgerItemEvent {
    /// The item.
    pub ledger_item: LedgerItem,
}

/// The body of every `campaign.*` event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignEvent {
    /// The campaign.
    pub campaign: Campaign,
    /// The unit concerned (a submission, a late one); null for the campaign as a whole.
    pub org_id: Option<String>,
    /// The submission's kind, for `campaign.submitted` and `campaign.submission_late`.
    pub kind: Option<String>,
}

/// The contract of every ledger event type.
pub fn contracts() -> Vec<EventContract> {
    let mut all = EventContract::all_of::<LedgerItemEvent>(ITEM_ALL);
    all.extend(EventContract::all_of::<CampaignEvent>(CAMPAIGN_ALL));
    all
}

/// The event `event_type` about item `i`: the unit's and its region's feed. Names are masked in
/// the feed whoever reads it.
pub fn item(event_type: &'static str, i: &LedgerItem) -> NewEvent {
    let mut shown = i.clone();
    shown.allowed_actions = Vec::new();
    shown.history = Vec::new();
    for p in &mut shown.responsible {
        *p = p.masked();
    }
    NewEvent {
        event_type,
        complaint_id: None,
        channel: None,
        region_code: Some(i.region_code.clone()),
        handling_org_id: Some(i.org_id.clone()),
        subject_org_id: None,
        audience: None,
        data: serde_json::to_value(LedgerItemEvent { ledger_item: shown }).unwrap_or_default(),
    }
}

/// The event `event_type` about campaign `c` (and unit `org_id`, kind `kind`): the region's feed
/// and, for a unit's own, the unit's.
pub fn campaign(event_type: &'static str, c: &Campaign, org_id: Option<&str>, kind: Option<&str>) -> NewEvent {
    NewEvent {
        event_type,
        complaint_id: None,
        channel: None,
        region_code: Some(c.region_code.clone()),
        handling_org_id: org_id.map(str::to_owned),
        subject_org_id: None,
        audience: None,
        data: serde_json::to_value(CampaignEvent {
            campaign: c.clone(),
            org_id: org_id.map(str::to_owned),
            kind: kind.map(str::to_owned),
        })
        .unwrap_or_default(),
    }
}
