//! The ledger's daily scan: a plan step past its milestone date and not done raises
//! `ledger_item.step_late`, a campaign submission past its due date and not in raises
//! `campaign.submission_late` — each once (its key in `ledger_late_notices`), one replica at a
//! time (the job's lock), so the scan may run as often as it likes.

use crate::campaign::store::CampaignRow;
use crate::campaign::SubmissionKind;
use crate::item::store::ItemRow;
use crate::item::LedgerItemStatus;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::AppResult;
use lvyue_db::schema::{campaign_submissions, campaigns, ledger_items, ledger_late_notices};
use lvyue_db::DbConn;
use std::collections::HashSet;

/// The job's name in `job_state`.
pub const JOB: &str = "ledger.late";

/// Records `key` as announced; false when it was before.
fn first_time(conn: &mut DbConn, key: &str, now: NaiveDateTime) -> AppResult<bool> {
    let seen: i64 = ledger_late_notices::table.find(key).count().get_result(conn)?;
    if seen > 0 {
        return Ok(false);
    }
    diesel::insert_into(ledger_late_notices::table)
        .values((ledger_late_notices::key.eq(key), ledger_late_notices::noticed_at.eq(now)))
        .execute(conn)?;
    Ok(true)
}

fn late_steps(conn: &mut DbConn, today: NaiveDate, now: NaiveDateTime) -> AppResult<usize> {
    let rows: Vec<ItemRow> = ledger_items::table
        .filter(ledger_items::status.eq(LedgerItemStatus::Rectifying.code()))
        .select(ItemRow::as_select())
        .load(conn)?;
    let mut n = 0;
    for row in rows {
        let Some(plan) = row.plan()? else { continue };
        for step in plan.steps.iter().filter(|s| !s.done && s.due_on < today) {
            if first_time(conn, &format!("step:{}:{}:{}", row.id, plan.revision, step.n), now)? {
                let view = row.view(&[], false, false)?;
                lvyue_outbox::events::append(conn, now, crate::events::item(crate::events::ITEM_STEP_LATE, &view))?;
                n += 1;
            }
        }
    }
    Ok(n)
}

fn late_submissions(conn: &mut DbConn, today: NaiveDate, now: NaiveDateTime) -> AppResult<usize> {
    let open: Vec<CampaignRow> = campaigns::table
        .filter(
            campaigns::problem_list_due_on
                .lt(today)
                .or(campaigns::self_inspection_due_on.lt(today))
                .or(campaigns::plan_due_on.lt(today)),
        )
        .filter(campaigns::rectification_report_due_on.ge(today - chrono::Duration::days(366)))
        .select(CampaignRow::as_select())
        .load(conn)?;
    let mut n = 0;
    for c in open {
        let units = crate::campaign::store::units_of(conn, &c.id)?;
        let done: HashSet<(String, String)> = campaign_submissions::table
            .filter(campaign_submissions::campaign_id.eq(&c.id))
            .select((campaign_submissions::org_id, campaign_submissions::kind))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect();
        let due = c.due();
        let kinds = [
            (SubmissionKind::ProblemList, due.problem_list),
            (SubmissionKind::SelfInspectionReport, due.self_inspection_report),
            (SubmissionKind::RectificationPlan, due.rectification_plan),
            (SubmissionKind::RectificationReport, due.rectification_report),
        ];
        for (kind, _) in kinds.iter().filter(|(_, d)| *d < today) {
            for u in &units {
                if done.contains(&(u.clone(), kind.code().to_owned())) {
                    continue;
                }
                if first_time(conn, &format!("submission:{}:{u}:{}", c.id, kind.code()), now)? {
                    let view = c.view(units.clone())?;
                    let event = crate::events::campaign(
                        crate::events::CAMPAIGN_SUBMISSION_LATE,
                        &view,
                        Some(u),
                        Some(kind.code()),
                    );
                    lvyue_outbox::events::append(conn, now, event)?;
                    n += 1;
                }
            }
        }
    }
    Ok(n)
}

/// One round of the scan in the caller's write transaction (nothing when another replica holds
/// the job); answers how many warnings it raised.
pub fn run(conn: &mut DbConn, today: NaiveDate, now: NaiveDateTime) -> AppResult<usize> {
    if lvyue_db::jobs::claim(conn, JOB, now)?.is_none() {
        return Ok(0);
    }
    Ok(late_steps(conn, today, now)? + late_submissions(conn, today, now)?)
}
