//! A campaign as stored and as shown.

use crate::item::LedgerItemCategory;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{AppError, AppResult};
use lvyue_db::schema::{campaign_units, campaigns};
use lvyue_db::DbConn;
use serde::Serialize;
use std::collections::HashMap;
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

/// A page of campaigns.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignPage {
    /// Newest first.
    pub campaigns: Vec<Campaign>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

/// The campaigns the caller sees, newest first: its region's (credit office), those it takes
/// part in (a unit, shown with itself only), all (auditors, admins); within `region` if named.
pub fn list(
    conn: &mut DbConn,
    actor: &lvyue_core::Actor,
    region: Option<&lvyue_core::RegionCode>,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<CampaignPage> {
    let scope = crate::access::scope_of(conn, actor)?;
    let mut q = campaigns::table.into_boxed();
    match &scope {
        crate::access::Scope::All => {}
        crate::access::Scope::Region(r) => {
            let (lo, hi) = r.scope_range();
            q = q.filter(campaigns::region_code.between(lo, hi));
        }
        crate::access::Scope::Own(org) => {
            let taking_part = campaign_units::table
                .filter(campaign_units::org_id.eq(org.clone()))
                .select(campaign_units::campaign_id);
            q = q.filter(campaigns::id.eq_any(taking_part));
        }
    }
    if let Some(r) = region {
        let (lo, hi) = r.scope_range();
        q = q.filter(campaigns::region_code.between(lo, hi));
    }
    if let Some((at, id)) = lvyue_db::page::after_time_id(cursor)? {
        q = q.filter(campaigns::created_at.lt(at).or(campaigns::created_at.eq(at).and(campaigns::id.lt(id))));
    }
    let rows: Vec<CampaignRow> = q
        .order_by((campaigns::created_at.desc(), campaigns::id.desc()))
        .limit(limit + 1)
        .select(CampaignRow::as_select())
        .load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| lvyue_db::page::time_id(r.created_at, &r.id));
    let ids: Vec<&String> = rows.iter().map(|r| &r.id).collect();
    let mut units: HashMap<String, Vec<String>> = HashMap::new();
    for (c, u) in campaign_units::table
        .filter(campaign_units::campaign_id.eq_any(ids))
        .order_by(campaign_units::org_id)
        .select((campaign_units::campaign_id, campaign_units::org_id))
        .load::<(String, String)>(conn)?
    {
        units.entry(c).or_default().push(u);
    }
    let campaigns = rows
        .iter()
        .map(|r| {
            let mut of = units.remove(&r.id).unwrap_or_default();
            if let crate::access::Scope::Own(own) = &scope {
                of.retain(|u| u == own);
            }
            r.view(of)
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(CampaignPage { campaigns, next_cursor })
}
