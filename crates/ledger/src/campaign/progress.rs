//! `GET /campaigns/{id}/progress`: per unit taking part, each submission — in, due or late —
//! and its items by status with the plan steps late and the arrears remaining.

use super::store::load;
use super::submit::of_campaign;
use super::SubmissionKind;
use crate::item::LedgerItemStatus;
use chrono::{DateTime, FixedOffset, NaiveDate};
use diesel::prelude::*;
use lvyue_core::{Actor, AppResult};
use lvyue_db::schema::ledger_items;
use lvyue_db::DbConn;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// One submission of one unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubmissionProgress {
    /// What.
    pub kind: SubmissionKind,
    /// Its due date.
    pub due_on: NaiveDate,
    /// When it came in; null while it has not.
    pub submitted_at: Option<DateTime<FixedOffset>>,
    /// Came in after its day, or has not come in and its day has passed.
    pub late: bool,
}

/// One unit's progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitProgress {
    /// The unit.
    pub org_id: String,
    /// Its name.
    pub name: String,
    /// Its submissions, in the order they are due.
    pub submissions: Vec<SubmissionProgress>,
    /// Anything late.
    pub late: bool,
    /// Its items by status.
    pub items: BTreeMap<String, i64>,
    /// Plan steps past their milestone date and not done.
    pub steps_late: i64,
    /// Arrears still owed across its items (分).
    pub remaining_fen: i64,
}

/// A campaign's progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignProgress {
    /// The campaign.
    pub campaign_id: String,
    /// Today (Asia/Shanghai), the day lateness is judged on.
    pub as_of: NaiveDate,
    /// Every unit taking part (a unit sees itself), those with something late first.
    pub units: Vec<UnitProgress>,
}

/// The progress of campaign `id` on `today`.
pub fn of(conn: &mut DbConn, actor: &Actor, id: &str, today: NaiveDate) -> AppResult<CampaignProgress> {
    let (campaign, mut units) = load(conn, actor, id)?;
    if let crate::access::Scope::Own(own) = crate::access::scope_of(conn, actor)? {
        units.retain(|u| *u == own);
    }
    let due = campaign.due();
    let kinds = [
        (SubmissionKind::ProblemList, due.problem_list),
        (SubmissionKind::SelfInspectionReport, due.self_inspection_report),
        (SubmissionKind::RectificationPlan, due.rectification_plan),
        (SubmissionKind::RectificationReport, due.rectification_report),
    ];
    let mut submitted: HashMap<(String, String), chrono::NaiveDateTime> = HashMap::new();
    for s in of_campaign(conn, id)? {
        submitted.insert((s.org_id, s.kind), s.submitted_at);
    }
    let items: Vec<(String, String, Option<String>, i64, i64)> = ledger_items::table
        .filter(ledger_items::campaign_id.eq(id))
        .select((
            ledger_items::org_id,
            ledger_items::status,
            ledger_items::plan,
            ledger_items::arrears_fen,
            ledger_items::repaid_fen,
        ))
        .load(conn)?;
    let names: HashMap<String, String> =
        lvyue_registry::organisation::find_many(conn, &units)?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut out: Vec<UnitProgress> = units
        .iter()
        .map(|u| {
            let submissions: Vec<SubmissionProgress> = kinds
                .iter()
                .map(|(kind, due_on)| {
                    let at = submitted.get(&(u.clone(), kind.code().to_owned())).copied();
                    let late = match at {
                        Some(t) => lvyue_core::time::stored_to_shanghai(t).date_naive() > *due_on,
                        None => today > *due_on,
                    };
                    SubmissionProgress {
                        kind: *kind,
                        due_on: *due_on,
                        submitted_at: at.map(lvyue_core::time::stored_to_shanghai),
                        late,
                    }
                })
                .collect();
            let mut by_status: BTreeMap<String, i64> =
                LedgerItemStatus::ALL.iter().map(|s| (s.code().to_owned(), 0)).collect();
            let (mut steps_late, mut remaining_fen) = (0, 0);
            for (org, status, plan, arrears, repaid) in items.iter().filter(|i| &i.0 == u) {
                let _ = org;
                *by_status.entry(status.clone()).or_default() += 1;
                remaining_fen += (arrears - repaid).max(0);
                steps_late += crate::item::plan::late_steps_of(status, plan.as_deref(), today) as i64;
            }
            UnitProgress {
                org_id: u.clone(),
                name: names.get(u).cloned().unwrap_or_default(),
                late: submissions.iter().any(|s| s.late) || steps_late > 0,
                submissions,
                items: by_status,
                steps_late,
                remaining_fen,
            }
        })
        .collect();
    out.sort_by(|a, b| b.late.cmp(&a.late).then(a.name.cmp(&b.name)));
    Ok(CampaignProgress { campaign_id: id.to_owned(), as_of: today, units: out })
}
