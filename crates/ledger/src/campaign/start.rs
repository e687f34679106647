//! `POST /campaigns`: a credit office starts a self-inspection campaign in its region.

use super::store::{Campaign, CampaignDueDates, CampaignRow};
use crate::item::LedgerItemCategory;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, RegionCode};
use lvyue_db::schema::{campaign_units, campaigns};
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/campaigns`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    /// 名称 (1–200 characters).
    pub title: String,
    /// The division (the office's own or within it).
    pub region_code: String,
    /// The categories of problem it looks for (at least one).
    pub categories: Vec<LedgerItemCategory>,
    /// The units taking part (1–500), each in the division.
    pub unit_ids: Vec<String>,
    /// The due dates, in the order the seed sets them.
    pub due: CampaignDueDates,
}

impl CampaignInput {
    /// An example body.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "title": "2026年度政府机构违约失信专项治理自查", "region_code": "340321",
            "categories": ["payment_arrears", "leadership_change", "commitment_unfulfilled"],
            "unit_ids": ["0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"],
            "due": {"problem_list": "2026-12-15", "self_inspection_report": "2026-12-15",
                    "rectification_plan": "2026-12-31", "rectification_report": "2027-03-31"}
        })
    }
}

fn check(input: &CampaignInput) -> AppResult<()> {
    let d = &input.due;
    if input.categories.is_empty() {
        return Err(AppError::invalid("categories", "required", "至少一个问题类别", "at least one category"));
    }
    if input.unit_ids.is_empty() || input.unit_ids.len() > 500 {
        return Err(AppError::invalid("unit_ids", "out_of_range", "参加单位 1–500 个", "1 to 500 units"));
    }
    if d.rectification_plan < d.problem_list || d.rectification_report < d.rectification_plan {
        return Err(AppError::invalid(
            "due",
            "out_of_order",
            "时间节点须依次为问题清单、整改方案、整改报告",
            "the problem list comes before the plans, the plans before the rectification report",
        ));
    }
    Ok(())
}

/// Starts a campaign.
pub fn start(conn: &mut DbConn, actor: &Actor, input: CampaignInput, now: NaiveDateTime) -> AppResult<Campaign> {
    crate::access::runs_campaigns(actor)?;
    let title = lvyue_core::validation::bounded_text("title", &input.title, 200)?;
    check(&input)?;
    let region = RegionCode::parse(&input.region_code).map_err(|e| AppError::field(e.at("region_code")))?;
    let office = lvyue_registry::organisation::of_actor(conn, actor).ok();
    if let crate::access::Scope::Region(own) = crate::access::scope_of(conn, actor)? {
        if !own.contains(&region) {
            return Err(AppError::invalid(
                "region_code",
                "outside_region",
                "不在本信用办辖区内",
                "outside your region",
            ));
        }
    }
    let mut units = input.unit_ids.clone();
    units.sort();
    units.dedup();
    let found = lvyue_registry::organisation::find_many(conn, &units)?;
    for (i, id) in units.iter().enumerate() {
        let ok =
            found.iter().any(|o| &o.id == id && RegionCode::parse(&o.region_code).is_ok_and(|r| region.contains(&r)));
        if !ok {
            return Err(AppError::invalid(
                &format!("unit_ids[{i}]"),
                "unknown_organisation",
                "名录中没有该单位，或其不在本区划内",
                "no such unit in the division",
            ));
        }
    }
    let d = &input.due;
    let row = CampaignRow {
        id: lvyue_core::ids::CampaignId::generate().into_string(),
        office_org_id: office.map(|o| o.id).unwrap_or_default(),
        region_code: region.as_str().to_owned(),
        title,
        categories: serde_json::to_string(&input.categories).map_err(|e| AppError::internal(e.to_string()))?,
        problem_list_due_on: d.problem_list,
        self_inspection_due_on: d.self_inspection_report,
        plan_due_on: d.rectification_plan,
        rectification_report_due_on: d.rectification_report,
        version: 1,
        created_by: actor.subject.clone(),
        created_at: now,
        updated_at: now,
    };
    write_tx(conn, |conn| {
        diesel::insert_into(campaigns::table).values(&row).execute(conn)?;
        for u in &units {
            diesel::insert_into(campaign_units::table)
                .values((campaign_units::campaign_id.eq(&row.id), campaign_units::org_id.eq(u)))
                .execute(conn)?;
        }
        let view = row.view(units.clone())?;
        lvyue_outbox::events::append(
            conn,
            now,
            crate::events::campaign(crate::events::CAMPAIGN_STARTED, &view, None, None),
        )?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: crate::events::CAMPAIGN_STARTED,
                entity_type: "campaign",
                entity_id: &row.id,
                before: None,
                after: serde_json::to_value(&view).ok(),
            },
        )?;
        Ok(view)
    })
}
