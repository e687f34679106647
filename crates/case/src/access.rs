//! Which cases a caller sees, as one rule with two readings: the SQL condition a list adds to
//! its query, and the check of one loaded case. Both come from [`CaseRule`], so they cannot
//! drift apart: the region rule compares the same code range in SQL and in memory.
//!
//! | caller | sees |
//! | --- | --- |
//! | admin, auditor | every case |
//! | channel | the cases it sent |
//! | department | the cases it handles |
//! | credit office | the cases whose respondent sits in its division (a city includes its counties) |
//! | public credit platform | none (it hears shared records' events only) |
//!
//! Who may take which step is the workflow's table (`lvyue_core::workflow`).

use crate::complaint::ComplaintRow;
use lvyue_outbox::Visibility;

/// A caller's slice of the cases, as a rule on three columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseRule {
    /// Every case.
    All,
    /// `channel` is this one.
    Channel(String),
    /// `handling_org_id` is this one.
    HandlingOrg(String),
    /// `region_code` lies in this range (inclusive).
    RegionRange(String, String),
    /// No case.
    Nothing,
}

impl CaseRule {
    /// The rule of a caller's slice.
    pub fn of(visibility: &Visibility) -> CaseRule {
        match visibility {
            Visibility::All => CaseRule::All,
            Visibility::Channel(c) => CaseRule::Channel(c.as_str().to_owned()),
            Visibility::HandlingOrg(o) => CaseRule::HandlingOrg(o.as_str().to_owned()),
            Visibility::Region(r) => {
                let (lo, hi) = r.scope_range();
                CaseRule::RegionRange(lo, hi)
            }
            Visibility::SharedRecords => CaseRule::Nothing,
        }
    }

    /// True when a case with this channel, region and handling organisation is in the slice.
    pub fn admits(&self, channel: &str, region_code: &str, handling_org_id: Option<&str>) -> bool {
        match self {
            CaseRule::All => true,
            CaseRule::Channel(c) => channel == c,
            CaseRule::HandlingOrg(o) => handling_org_id == Some(o.as_str()),
            CaseRule::RegionRange(lo, hi) => region_code >= lo.as_str() && region_code <= hi.as_str(),
            CaseRule::Nothing => false,
        }
    }

    /// True when `row` is in the slice.
    pub fn admits_row(&self, row: &ComplaintRow) -> bool {
        self.admits(&row.channel, &row.region_code, row.handling_org_id.as_deref())
    }
}

/// Restricts a boxed query over `complaints` (or a join with it) to the cases `$rule` admits:
/// the SQL reading of [`CaseRule`], beside [`CaseRule::admits`], its reading for one case.
#[macro_export]
macro_rules! restrict_cases {
    ($query:expr, $rule:expr) => {{
        use diesel::prelude::*;
        use lvyue_db::schema::complaints;
        let query = $query;
        match $rule {
            $crate::access::CaseRule::All => query,
            $crate::access::CaseRule::Channel(c) => query.filter(complaints::channel.eq(c)),
            $crate::access::CaseRule::HandlingOrg(o) => query.filter(complaints::handling_org_id.eq(o)),
            $crate::access::CaseRule::RegionRange(lo, hi) => query.filter(complaints::region_code.between(lo, hi)),
            $crate::access::CaseRule::Nothing => query.filter(complaints::id.is_null()),
        }
    }};
}

/// True when the caller's slice includes `row`.
pub fn visible(row: &ComplaintRow, visibility: &Visibility) -> bool {
    CaseRule::of(visibility).admits_row(row)
}
