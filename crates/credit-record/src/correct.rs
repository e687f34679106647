//! Corrections (更正): a record is never edited in place — a correction is a new version
//! with its reason, made by the body that answers for the record (谁认定、谁修复: the body that
//! determined it, or the provider that reported it), and the history keeps every earlier
//! version readable.
//!
//! A correction fixes facts and clerical errors. It never shortens a record's publicity nor
//! narrows who sees it — a lower grade, an earlier finding date that ends the window sooner, a
//! narrower visibility are refused (422) — and the measures a corrected record no longer
//! triggers stay in force: lifting either goes through repair (信用修复) or objection (异议)
//! (issue 16.5; 000 §二(五), 002 三(五)).

use crate::events;
use crate::record::CreditRecordRow;
use crate::scope::RecordScope;
use crate::write::{self, Change};
use chrono::{NaiveDate, NaiveDateTime};
use lvyue_core::credit::PublicityPeriods;
use lvyue_core::{Actor, AppError, AppResult, Grade, Message, RecordVisibility, Role};
use lvyue_db::{write_tx, DbConn};
use serde::Deserialize;
use utoipa::ToSchema;

/// A correction: the version read, why, and the fields that change (absent ones stay).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionInput {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// Why (required, up to 1000 characters).
    pub reason: String,
    /// Corrected facts.
    #[serde(default)]
    pub facts: Option<String>,
    /// Corrected amount in fen.
    #[serde(default)]
    pub amount_fen: Option<i64>,
    /// Corrected grade: the publicity window follows it.
    #[serde(default)]
    pub grade: Option<Grade>,
    /// Corrected day of the finding: the publicity window follows it.
    #[serde(default)]
    pub decided_on: Option<NaiveDate>,
    /// Corrected category.
    #[serde(default)]
    pub category: Option<String>,
    /// Corrected visibility.
    #[serde(default)]
    pub visibility: Option<RecordVisibility>,
}

impl CorrectionInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "reason": "核实后更正涉及金额", "amount_fen": 48000000})
    }
}

/// True when `actor` answers for `row`, which its scope sees: the body that determined it
/// (谁认定、谁修复), or the provider that reported it. Neither a credit office nor an admin
/// corrects another body's finding.
pub fn responsible(actor: &Actor, scope: &RecordScope, row: &CreditRecordRow) -> bool {
    match (actor.role, scope) {
        (Role::Department, RecordScope::Org(org)) => row.determining_org_id.as_deref() == Some(org.as_str()),
        (Role::DataProvider, RecordScope::Provider(org)) => row.provider_org_id.as_deref() == Some(org.as_str()),
        _ => false,
    }
}

/// Refuses a corrected record that would be published for less time, or seen by fewer, than
/// `before`: that is a repair or an objection, not a correction.
fn keeps_publicity(before: &CreditRecordRow, after: &CreditRecordRow) -> AppResult<()> {
    let through = "请通过信用修复或异议程序办理";
    let through_en = "apply for a repair or raise an objection instead";
    let rank = |r: &CreditRecordRow| r.graded().map(|g| g.map(Grade::rank));
    if rank(after)? < rank(before)? {
        return Err(AppError::invalid(
            "grade",
            "would_shorten_publicity",
            format!("更正不能降低失信等级：{through}"),
            format!("a correction cannot lower the grade; {through_en}"),
        ));
    }
    if after.expires_on < before.expires_on || after.repairable_from < before.repairable_from {
        return Err(AppError::invalid(
            "decided_on",
            "would_shorten_publicity",
            format!("更正不能缩短公示期：{through}"),
            format!("a correction cannot shorten the publicity period; {through_en}"),
        ));
    }
    if after.visibility()?.breadth() < before.visibility()?.breadth() {
        return Err(AppError::invalid(
            "visibility",
            "would_narrow_publicity",
            format!("更正不能缩小公开范围：{through}"),
            format!("a correction cannot narrow who sees the record; {through_en}"),
        ));
    }
    Ok(())
}

/// Checks a correction's own fields (before any record is read); answers the trimmed reason.
pub fn check_input(input: &CorrectionInput, today: NaiveDate) -> AppResult<String> {
    let reason = input.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(AppError::invalid(
            "reason",
            "invalid_length",
            "更正须说明理由（最多 1000 字）",
            "a correction needs a reason (at most 1000 characters)",
        ));
    }
    if input.facts.as_deref().is_some_and(|f| f.trim().is_empty() || f.chars().count() > crate::MAX_FACTS) {
        return Err(AppError::invalid("facts", "invalid_length", "须为 1–20000 个字符", "must be 1–20000 characters"));
    }
    if input.category.as_deref().is_some_and(|c| c.trim().is_empty() || c.chars().count() > 100) {
        return Err(AppError::invalid("category", "invalid_length", "须为 1–100 个字符", "must be 1–100 characters"));
    }
    if input.amount_fen.is_some_and(|a| a < 0) {
        return Err(AppError::invalid("amount_fen", "negative", "金额不能为负", "an amount cannot be negative"));
    }
    if input.decided_on.is_some_and(|d| d > today) {
        return Err(AppError::invalid(
            "decided_on",
            "in_future",
            "认定日期不能晚于今天",
            "the finding cannot be dated after today",
        ));
    }
    Ok(reason)
}

/// The record `before` as `input` corrects it (the publicity window follows the grade and
/// the day of the finding); 409 when `input` was based on another version, 422 when it
/// changes nothing. A correction made directly must also keep the record's publicity
/// ([`correct`]); one decided on an objection may lower it.
pub fn corrected_row(
    before: &CreditRecordRow,
    input: &CorrectionInput,
    periods: &PublicityPeriods,
) -> AppResult<CreditRecordRow> {
    if before.version != input.version {
        return Err(AppError::stale_version(before.version));
    }
    let kind = before.kind()?;
    if !kind.is_breach() && input.grade.is_some() {
        return Err(AppError::invalid(
            "grade",
            "not_graded",
            "履约践诺信息不分失信等级",
            "fulfilment information has no grade",
        ));
    }
    let grade = match input.grade {
        Some(g) => Some(g),
        None => before.graded()?,
    };
    let decided_on = input.decided_on.unwrap_or(before.decided_on);
    let window = periods.window_of(kind, grade, decided_on);
    let after = CreditRecordRow {
        facts: input.facts.clone().map_or(before.facts.clone(), |f| f.trim().to_owned()),
        amount_fen: input.amount_fen.or(before.amount_fen),
        grade: grade.map_or("", |g| g.code()).to_owned(),
        decided_on,
        repairable_from: window.repairable_from,
        expires_on: window.expires_on,
        category: input.category.as_deref().map(|c| c.trim().to_owned()).or(before.category.clone()),
        visibility: input.visibility.map_or(before.visibility.clone(), |v| v.code().to_owned()),
        ..before.clone()
    };
    if after == *before {
        return Err(AppError::invalid(
            "reason",
            "nothing_to_correct",
            "更正内容与现有记录相同",
            "the correction changes nothing",
        ));
    }
    Ok(after)
}

/// Corrects record `id` as the next version, on `today` (Asia/Shanghai) at `now` (stored).
pub fn correct(
    conn: &mut DbConn,
    actor: &Actor,
    scope: &RecordScope,
    id: &str,
    input: CorrectionInput,
    periods: &PublicityPeriods,
    (today, now): (NaiveDate, NaiveDateTime),
) -> AppResult<CreditRecordRow> {
    let reason = check_input(&input, today)?;
    write_tx(conn, |conn| {
        let before = crate::scope::load_visible(conn, scope, id, true)?;
        if !responsible(actor, scope, &before) {
            return Err(AppError::Forbidden(Message::new(
                "只有作出认定的单位或报送该记录的数据提供单位可以更正（谁认定、谁修复）",
                "only the body that determined this record, or the provider that reported it, may correct it",
            )));
        }
        let after = corrected_row(&before, &input, periods)?;
        keeps_publicity(&before, &after)?;
        let change = Change { code: "corrected", event_type: events::CORRECTED, reason: Some(&reason), by: actor };
        write::revise(conn, &before, after, &change, now)
    })
}
