//! A campaign as stored and as shown.

use crate::item::LedgerItemCategory;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{AppError, AppResult};
use lvyue_db::schema::{campaign_units, campaigns};
use lvyue_db::DbConn;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = campaigns)]
pub(crate) struct CampaignRow {
    pub id: String,
    pub office_org_id: String,
    pub region_code: String,
    pub title: String,
    pub categories: String,
    pub problem_list_due_on: NaiveDate,
    pub self_inspection_due_on: NaiveDate,
    pub plan_due_on: NaiveDate,
    pub rectification_report_due_on: NaiveDate,
    pub version: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A campaign's due dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignDueDates {
    /// 问题清单.
    pub problem_list: NaiveDate,
    /// 自查报告.
    pub self_inspection_report: NaiveDate,
    /// 整改方案.
    pub rectification_plan: NaiveDate,
    /// 整改报告.
    pub rectification_report: NaiveDate,
}

/// A campaign, as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Campaign {
    /// Opaque id.
    pub id: String,
    /// The credit office that runs it.
    pub office_org_id: String,
    /// Its division.
    pub region_code: String,
    /// 名称.
    pub title: String,
    /// The categories of problem it looks for.
    pub categories: Vec<LedgerItemCategory>,
    /// The units taking part.
    pub unit_ids: Vec<String>,
    /// The due dates.
    pub due: CampaignDueDates,
    /// Started.
    pub created_at: DateTime<FixedOffset>,
}

impl CampaignRow {
    pub fn due(&self) -> CampaignDueDates {
        CampaignDueDates {
            problem_list: self.problem_list_due_on,
            self_inspection_report: self.self_inspection_due_on,
            rectification_plan: self.plan_due_on,
            rectification_report: self.rectification_report_due_on,
        }
    }

    pub fn view(&self, unit_ids: Vec<String>) -> AppResult<Campaign> {
        Ok(Campaign {
            id: self.id.clone(),
            office_org_id: self.office_org_id.clone(),
            region_code: self.region_code.clone(),
            title: self.title.clone(),
            categories: serde_json::from_str(&self.categories)
                .map_err(|e| AppError::internal(format!("stored categories: {e}")))?,
            unit_ids,
            due: self.due(),
            created_at: lvyue_core::time::stored_to_shanghai(self.created_at),
        })
    }
}

/// The units of campaign `id`.
pub(crate) fn units_of(conn: &mut DbConn, id: &str) -> AppResult<Vec<String>> {
    Ok(campaign_units::table
        .filter(campaign_units::campaign_id.eq(id))
        .order_by(campaign_units::org_id)
        .select(campaign_units::org_id)
        .load(conn)?)
}

/// Campaign `id` if `actor` may see it (its region's credit office, a unit taking part,
/// auditors, admins); 404 otherwise.
pub(crate) fn load(conn: &mut DbConn, actor: &lvyue_core::Actor, id: &str) -> AppResult<(CampaignRow, Vec<String>)> {
    let row: Option<CampaignRow> = campaigns::table.find(id).select(CampaignRow::as_select()).first(conn).optional()?;
    let row = row.ok_or(AppError::NotFound)?;
    let units = units_of(conn, id)?;
    let visible = match crate::access::scope_of(conn, actor)? {
        crate::access::Scope::All => true,
        crate::access::Scope::Region(r) => {
            lvyue_core::RegionCode::parse(&row.region_code).is_ok_and(|x| r.contains(&x))
        }
        crate::access::Scope::Own(org) => units.contains(&org),
    };
    if visible {
        Ok((row, units))
    } else {
        Err(AppError::NotFound)
    }
}

/// Campaign `id` as `actor` sees it.
pub fn get(conn: &mut DbConn, actor: &lvyue_core::Actor, id: &str) -> AppResult<Campaign> {
    let (row, mut units) = load(conn, actor, id)?;
    if let crate::access::Scope::Own(own) = crate::access::scope_of(conn, actor)? {
        units.retain(|u| *u == own);
    }
    row.view(units)
}
