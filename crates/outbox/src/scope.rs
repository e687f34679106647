//! What part of the case data a caller may see.

use lvyue_core::{ChannelCode, OrgId, RegionCode};

/// The slice of cases (and their events) visible to one caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Everything (admin, auditor).
    All,
    /// The cases a channel sent.
    Channel(ChannelCode),
    /// The cases an organisation handles (and, in the event feed, what concerns the credit
    /// records that name it: their repairs and objections).
    HandlingOrg(OrgId),
    /// The cases whose respondent sits in a region (credit office).
    Region(RegionCode),
    /// No case; the events of credit records shared with the public credit platform.
    SharedRecords,
}
