//! A caller's slice of what units keep (their contracts, commitments, ledger items): everything,
//! a division's units, or one organisation's own. Each context decides who gets which slice;
//! the slice's meaning — as a check of one thing and as list filters — is written once here.

use lvyue_core::RegionCode;

/// A caller's slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitScope {
    /// Everything.
    All,
    /// A division's units (a city includes its counties).
    Region(RegionCode),
    /// One organisation's own.
    Own(String),
}

/// A slice as list filters: one organisation, or a range of division codes (None: no bound).
pub type Bounds = (Option<String>, Option<(String, String)>);

impl UnitScope {
    /// Whether something of organisation `org_id` in division `region` lies in the slice.
    pub fn covers(&self, org_id: &str, region: &str) -> bool {
        match self {
            UnitScope::All => true,
            UnitScope::Own(own) => own == org_id,
            UnitScope::Region(r) => RegionCode::parse(region).is_ok_and(|x| r.contains(&x)),
        }
    }

    /// The slice as list filters.
    pub fn bounds(&self) -> Bounds {
        match self {
            UnitScope::All => (None, None),
            UnitScope::Own(org) => (Some(org.clone()), None),
            UnitScope::Region(r) => (None, Some(r.scope_range())),
        }
    }
}
