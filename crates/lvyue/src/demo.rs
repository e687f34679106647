//! A small demo region (蚌埠市 and some of its counties) so a newcomer can try every call at once.
//!
//! Loaded by `lvyue serve --demo` into an empty registry only.

use diesel::prelude::*;
use lvyue_core::sanction::ImplementerKind;
use lvyue_core::{Actor, AppResult, OrgKind, OrgLevel, Uscc};
use lvyue_db::schema::organisations;
use lvyue_db::DbConn;
use lvyue_registry::import::{import, ImportReport};
use lvyue_registry::organisation::OrganisationInput;

/// `(name, first 17 characters of the USCC, division, level, kind, parent row, supervisor row)`.
type DemoOrg = (&'static str, &'static str, &'static str, OrgLevel, OrgKind, Option<usize>, Option<usize>);

/// The functions (职能) of the demo bodies that carry measures out, by name: the city's
/// development and reform commission is its credit office; the counties' governments run
/// their offices' administration (机关事务).
const FUNCTIONS: &[(&str, &[ImplementerKind])] = &[
    ("蚌埠市发展和改革委员会（市信用办）", &[ImplementerKind::DevelopmentReform, ImplementerKind::CreditOffice]),
    ("蚌埠市人民政府", &[ImplementerKind::OfficeAffairs]),
    ("蚌埠市财政局", &[ImplementerKind::Finance]),
    ("怀远县人民政府", &[ImplementerKind::OfficeAffairs]),
    ("怀远县财政局", &[ImplementerKind::Finance]),
    ("五河县人民政府", &[ImplementerKind::OfficeAffairs]),
];

const ORGS: &[DemoOrg] = &[
    ("蚌埠市人民政府", "11340300MB0000001", "340300", OrgLevel::City, OrgKind::Organ, None, None),
    (
        "蚌埠市发展和改革委员会（市信用办）",
        "11340300MB0000002",
        "340300",
        OrgLevel::City,
        OrgKind::Organ,
        Some(0),
        Some(0),
    ),
    ("蚌埠市财政局", "11340300MB0000003", "340300", OrgLevel::City, OrgKind::Organ, Some(0), Some(0)),
    ("蚌埠市经济和信息化局", "11340300MB0000004", "340300", OrgLevel::City, OrgKind::Organ, Some(0), Some(0)),
    ("蚌埠市住房和城乡建设局", "11340300MB0000005", "340300", OrgLevel::City, OrgKind::Organ, Some(0), Some(0)),
    ("蚌埠市司法局", "11340300MB0000006", "340300", OrgLevel::City, OrgKind::Organ, Some(0), Some(0)),
    (
        "蚌埠市公共资源交易中心",
        "12340300MB0000007",
        "340300",
        OrgLevel::City,
        OrgKind::PublicInstitution,
        Some(0),
        Some(2),
    ),
    (
        "蚌埠市重点工程建设管理中心",
        "12340300MB0000008",
        "340300",
        OrgLevel::City,
        OrgKind::PublicInstitution,
        Some(0),
        Some(4),
    ),
    ("怀远县人民政府", "11340321MB0000009", "340321", OrgLevel::County, OrgKind::Organ, Some(0), Some(0)),
    ("怀远县财政局", "11340321MB0000010", "340321", OrgLevel::County, OrgKind::Organ, Some(8), Some(8)),
    ("怀远县住房和城乡建设局", "11340321MB0000011", "340321", OrgLevel::County, OrgKind::Organ, Some(8), Some(8)),
    (
        "怀远县招商服务中心",
        "12340321MB0000012",
        "340321",
        OrgLevel::County,
        OrgKind::PublicInstitution,
        Some(8),
        Some(8),
    ),
    ("龙子湖区人民政府", "11340302MB0000013", "340302", OrgLevel::County, OrgKind::Organ, Some(0), Some(0)),
    ("龙子湖区教育体育局", "11340302MB0000014", "340302", OrgLevel::County, OrgKind::Organ, Some(12), Some(12)),
    ("五河县人民政府", "11340322MB0000015", "340322", OrgLevel::County, OrgKind::Organ, Some(0), Some(0)),
    ("五河县经济和信息化局", "11340322MB0000016", "340322", OrgLevel::County, OrgKind::Organ, Some(14), Some(14)),
];

/// The demo organisations' codes, with their names, in registry order.
pub fn demo_codes() -> Vec<(String, &'static str)> {
    ORGS.iter().filter_map(|o| Uscc::with_check_character(o.1).ok().map(|u| (u.as_str().to_owned(), o.0))).collect()
}

fn inputs() -> Vec<OrganisationInput> {
    let codes: Vec<String> = demo_codes().into_iter().map(|(c, _)| c).collect();
    let code = |i: Option<usize>| i.and_then(|i| codes.get(i).cloned());
    ORGS.iter()
        .zip(&codes)
        .map(|(o, uscc)| OrganisationInput {
            name: o.0.to_owned(),
            uscc: uscc.clone(),
            region_code: o.2.to_owned(),
            level: o.3,
            kind: o.4,
            parent_uscc: code(o.5),
            supervisor_uscc: code(o.6),
            functions: Some(FUNCTIONS.iter().find(|f| f.0 == o.0).map(|f| f.1.to_vec()).unwrap_or_default()),
        })
        .collect()
}

/// Loads the demo region if the registry is empty; returns what was loaded.
pub fn load_if_empty(conn: &mut DbConn, now: chrono::NaiveDateTime) -> AppResult<Option<ImportReport>> {
    let count: i64 = organisations::table.count().get_result(conn)?;
    if count > 0 {
        return Ok(None);
    }
    import(conn, &Actor::system("demo"), inputs(), now).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_code_is_valid() {
        assert_eq!(demo_codes().len(), ORGS.len());
    }
}
