//! Administrative division codes (行政区划代码, GB/T 2260) and the regional scope they imply.

use crate::error::FieldError;
use crate::message::Message;
use serde::{Deserialize, Serialize};

/// The two-digit province prefixes GB/T 2260 assigns.
const PROVINCES: &[&str] = &[
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
];

/// A six-digit administrative division code: province, city, county (行政区划代码).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

/// The tier a division code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionTier {
    /// 省级 (`XX0000`).
    Province,
    /// 市级 (`XXYY00`).
    City,
    /// 县级 (`XXYYZZ`).
    County,
}

impl RegionCode {
    /// Parses a code: six digits with a real province prefix.
    pub fn parse(raw: &str) -> Result<RegionCode, FieldError> {
        let code = raw.trim();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "",
                "invalid_region_code",
                Message::new(
                    "行政区划代码应为 6 位数字（GB/T 2260）",
                    "an administrative division code is six digits (GB/T 2260)",
                ),
            ));
        }
        if !PROVINCES.contains(&&code[..2]) {
            return Err(FieldError::new(
                "",
                "invalid_region_code",
                Message::new(
                    format!("“{}”不是有效的省级代码", &code[..2]),
                    format!("'{}' is not a province prefix of GB/T 2260", &code[..2]),
                ),
            ));
        }
        Ok(RegionCode(code.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Province, city or county.
    pub fn tier(&self) -> RegionTier {
        if &self.0[2..] == "0000" {
            RegionTier::Province
        } else if &self.0[4..] == "00" {
            RegionTier::City
        } else {
            RegionTier::County
        }
    }

    /// The inclusive range of codes this region covers: a city covers its counties,
    /// a province its cities and counties. Used for range scans on an index.
    pub fn scope_range(&self) -> (String, String) {
        match self.tier() {
            RegionTier::Province => (self.0.clone(), format!("{}9999", &self.0[..2])),
            RegionTier::City => (self.0.clone(), format!("{}99", &self.0[..4])),
            RegionTier::County => (self.0.clone(), self.0.clone()),
        }
    }

    /// The division directly above: a county's city, a city's province; a province has none.
    pub fn parent(&self) -> Option<RegionCode> {
        match self.tier() {
            RegionTier::Province => None,
            RegionTier::City => Some(RegionCode(format!("{}0000", &self.0[..2]))),
            RegionTier::County => Some(RegionCode(format!("{}00", &self.0[..4]))),
        }
    }

    /// True when `other` lies within this region (or is it).
    pub fn contains(&self, other: &RegionCode) -> bool {
        let (lo, hi) = self.scope_range();
        other.0 >= lo && other.0 <= hi
    }
}

impl TryFrom<String> for RegionCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        RegionCode::parse(&s).map_err(|e| e.message.en.into_owned())
    }
}

impl From<RegionCode> for String {
    fn from(r: RegionCode) -> String {
        r.0
    }
}

impl std::fmt::Display for RegionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_and_scopes() {
        let city = RegionCode::parse("340300").unwrap();
        assert_eq!(city.tier(), RegionTier::City);
        assert!(city.contains(&RegionCode::parse("340302").unwrap()));
        assert!(!city.contains(&RegionCode::parse("340402").unwrap()));
        let prov = RegionCode::parse("340000").unwrap();
        assert_eq!(prov.tier(), RegionTier::Province);
        assert!(prov.contains(&city));
        let county = RegionCode::parse("340321").unwrap();
        assert_eq!(county.scope_range(), ("340321".into(), "340321".into()));
        assert_eq!(county.parent(), Some(city.clone()));
        assert_eq!(city.parent(), Some(prov.clone()));
        assert_eq!(prov.parent(), None);
    }

    #[test]
    fn rejects_bad_shapes() {
        for bad in ["34030", "3403001", "34030a", "990000", "000000"] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }
}
