//! Typical-case candidates (典型案例候选): the breach records of a division and period in force,
//! ranked by the three criteria of 000 §三(三) and 002 四(八), each computed and shown with its
//! numbers:
//!
//! - 失信情形严重 (`serious`): graded `serious`, or an amount at or over a threshold;
//! - 多次反复失信 (`repeated`): N or more breach records against the same subject within M months;
//! - 人民群众反映强烈 (`outcry`): K or more complaints, or complaints from C or more channels,
//!   against the subject within M months, or a mean satisfaction at or under S.
//!
//! Records come through the credit record's public reads; complaints from oversight's own
//! case facts. Ranked by criteria met, then amount, then records, then complaints.

use chrono::NaiveDate;
use diesel::prelude::*;
use lvyue_core::{AppError, AppResult, Grade, RegionCode};
use lvyue_credit_record::record::CreditRecordRow;
use lvyue_db::schema::{oversight_case_facts as facts, typical_cases};
use lvyue_db::DbConn;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use utoipa::{IntoParams, ToSchema};

/// The thresholds of the three criteria; every one may be set in the query.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Thresholds {
    /// 严重: an amount (yuan) at or over which a breach is serious whatever its grade (default
    /// 1,000,000).
    pub amount_yuan: i64,
    /// 多次: this many breach records against one subject or more (default 2).
    pub repeat_records: i64,
    /// The window, in months up to `to`, for repetition and complaints (default 24).
    pub window_months: u32,
    /// 反映强烈: this many complaints against the subject or more (default 3).
    pub complaints: i64,
    /// …or complaints from this many channels or more (default 2).
    pub channels: i64,
    /// …or a mean satisfaction (1–5) at or under this (default 2).
    pub satisfaction_at_most: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            amount_yuan: 1_000_000,
            repeat_records: 2,
            window_months: 24,
            complaints: 3,
            channels: 2,
            satisfaction_at_most: 2.0,
        }
    }
}

impl Thresholds {
    /// Checks the values are sensible.
    pub fn check(&self) -> AppResult<()> {
        let bad = |field: &str, range: &str| {
            Err(AppError::invalid(field, "out_of_range", format!("须在 {range} 之间"), format!("must be {range}")))
        };
        if !(0..=1_000_000_000_000).contains(&self.amount_yuan) {
            return bad("amount_yuan", "0–1000000000000");
        }
        if !(1..=1000).contains(&self.repeat_records) {
            return bad("repeat_records", "1–1000");
        }
        if !(1..=120).contains(&self.window_months) {
            return bad("window_months", "1–120");
        }
        if !(1..=100_000).contains(&self.complaints) {
            return bad("complaints", "1–100000");
        }
        if !(1..=100).contains(&self.channels) {
            return bad("channels", "1–100");
        }
        if !(0.0..=5.0).contains(&self.satisfaction_at_most) {
            return bad("satisfaction_at_most", "0–5");
        }
        Ok(())
    }
}

/// 失信情形严重, with its numbers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Serious {
    /// Met.
    pub met: bool,
    /// The record's grade is `serious`.
    pub grade_serious: bool,
    /// The record's amount (分), when it has one.
    pub amount_fen: Option<i64>,
    /// The threshold (分).
    pub threshold_fen: i64,
}

/// 多次反复失信, with its numbers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Repeated {
    /// Met.
    pub met: bool,
    /// Breach records against the subject decided within the window (revoked ones not counted).
    pub records: i64,
    /// The threshold.
    pub threshold: i64,
    /// The window in months.
    pub window_months: u32,
}

/// 人民群众反映强烈, with its numbers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Outcry {
    /// Met.
    pub met: bool,
    /// Complaints against the subject received within the window.
    pub complaints: i64,
    /// The channels they came through.
    pub channels: i64,
    /// Their mean satisfaction (1–5), of those rated.
    pub satisfaction_mean: Option<f64>,
}

/// One candidate: a record in force, its case and how it meets the criteria.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Candidate {
    /// The credit record.
    pub record_id: String,
    /// The case it came from, if any.
    pub complaint_id: Option<String>,
    /// The subject (信用主体).
    pub subject_name: String,
    /// Its credit code.
    pub subject_uscc: Option<String>,
    /// Its division.
    pub region_code: String,
    /// The grade.
    pub grade: Grade,
    /// The amount (分), when there is one.
    pub amount_fen: Option<i64>,
    /// The decision day.
    pub decided_on: NaiveDate,
    /// How many of the three criteria it meets (1–3).
    pub criteria_met: u8,
    /// 失信情形严重.
    pub serious: Serious,
    /// 多次反复失信.
    pub repeated: Repeated,
    /// 人民群众反映强烈.
    pub outcry: Outcry,
    /// The typical case already made of this record, if any (not withdrawn).
    pub typical_case_id: Option<String>,
}

/// The ranked candidates.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Candidates {
    /// The division.
    pub region_code: String,
    /// First decision day.
    pub from: NaiveDate,
    /// Last decision day.
    pub to: NaiveDate,
    /// The thresholds applied.
    pub thresholds: Thresholds,
    /// Best first; only those meeting at least one criterion.
    pub candidates: Vec<Candidate>,
}

/// Complaints against each subject within the window: (count, channels, satisfactions).
type Outcries = HashMap<String, (i64, BTreeSet<String>, Vec<i32>)>;

fn complaints_against(conn: &mut DbConn, usccs: &[String], window: (NaiveDate, NaiveDate)) -> AppResult<Outcries> {
    let mut out: Outcries = HashMap::new();
    for chunk in usccs.chunks(500) {
        let rows: Vec<(Option<String>, String, Option<i32>)> = facts::table
            .filter(facts::respondent_uscc.eq_any(chunk))
            .filter(facts::received_on.between(window.0, window.1))
            .select((facts::respondent_uscc, facts::channel, facts::satisfaction))
            .load(conn)?;
        for (uscc, channel, satisfaction) in rows {
            let Some(uscc) = uscc else { continue };
            let e = out.entry(uscc).or_default();
            e.0 += 1;
            e.1.insert(channel);
            e.2.extend(satisfaction);
        }
    }
    Ok(out)
}

/// The typical cases already made of `records` (not withdrawn), by record.
fn proposed(conn: &mut DbConn, records: &[String]) -> AppResult<HashMap<String, String>> {
    let mut out = HashMap::new();
    for chunk in records.chunks(500) {
        let rows: Vec<(String, String)> = typical_cases::table
            .filter(typical_cases::record_id.eq_any(chunk))
            .filter(typical_cases::status.ne(crate::typical::TypicalCaseStatus::Withdrawn.code()))
            .select((typical_cases::record_id, typical_cases::id))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// The candidates of `region` among records decided in `period`, best first, at most `limit`.
pub fn rank(
    conn: &mut DbConn,
    region: &RegionCode,
    period: (NaiveDate, NaiveDate),
    t: &Thresholds,
    limit: usize,
) -> AppResult<Candidates> {
    t.check()?;
    let records = lvyue_credit_record::figures::breaches_in_force(conn, region, period)?;
    let mut out: Vec<Candidate> =
        evaluate(conn, records, period.1, t)?.into_iter().filter(|c| c.criteria_met > 0).collect();
    out.sort_by(|a, b| {
        (b.criteria_met, b.amount_fen.unwrap_or(0), b.repeated.records, b.outcry.complaints, b.decided_on)
            .cmp(&(a.criteria_met, a.amount_fen.unwrap_or(0), a.repeated.records, a.outcry.complaints, a.decided_on))
            .then_with(|| a.record_id.cmp(&b.record_id))
    });
    out.truncate(limit);
    Ok(Candidates {
        region_code: region.as_str().to_owned(),
        from: period.0,
        to: period.1,
        thresholds: *t,
        candidates: out,
    })
}

/// How each of `records` meets the criteria, with windows ending on `to`; in their order.
pub fn evaluate(
    conn: &mut DbConn,
    records: Vec<CreditRecordRow>,
    to: NaiveDate,
    t: &Thresholds,
) -> AppResult<Vec<Candidate>> {
    let since = to.checked_sub_months(chrono::Months::new(t.window_months)).unwrap_or(NaiveDate::MIN);
    let usccs: Vec<String> =
        records.iter().filter_map(|r| r.subject_uscc.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let repeats = lvyue_credit_record::figures::breaches_per_subject(conn, &usccs, (since, to))?;
    let outcries = complaints_against(conn, &usccs, (since, to))?;
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let already = proposed(conn, &ids)?;
    let threshold_fen = t.amount_yuan.saturating_mul(100);
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let grade = r.grade()?;
        let serious_grade = grade == Grade::Serious;
        let big = r.amount_fen.is_some_and(|a| a >= threshold_fen);
        let serious = Serious {
            met: serious_grade || big,
            grade_serious: serious_grade,
            amount_fen: r.amount_fen,
            threshold_fen,
        };
        let n = r.subject_uscc.as_ref().and_then(|u| repeats.get(u)).copied().unwrap_or(1);
        let repeated = Repeated {
            met: n >= t.repeat_records,
            records: n,
            threshold: t.repeat_records,
            window_months: t.window_months,
        };
        let outcry = outcry_of(r.subject_uscc.as_ref().and_then(|u| outcries.get(u)), t);
        out.push(Candidate {
            typical_case_id: already.get(&r.id).cloned(),
            criteria_met: u8::from(serious.met) + u8::from(repeated.met) + u8::from(outcry.met),
            record_id: r.id,
            complaint_id: r.complaint_id,
            subject_name: r.subject_name,
            subject_uscc: r.subject_uscc,
            region_code: r.region_code,
            grade,
            amount_fen: r.amount_fen,
            decided_on: r.decided_on,
            serious,
            repeated,
            outcry,
        });
    }
    Ok(out)
}

/// 反映强烈 from the complaints against a subject.
fn outcry_of(found: Option<&(i64, BTreeSet<String>, Vec<i32>)>, t: &Thresholds) -> Outcry {
    let (complaints, channels, sat) = found.cloned().unwrap_or_default();
    let satisfaction_mean =
        (!sat.is_empty()).then(|| sat.iter().map(|s| f64::from(*s)).sum::<f64>() / sat.len() as f64);
    let channels = channels.len() as i64;
    Outcry {
        met: complaints >= t.complaints
            || channels >= t.channels
            || satisfaction_mean.is_some_and(|m| m <= t.satisfaction_at_most),
        complaints,
        channels,
        satisfaction_mean,
    }
}
