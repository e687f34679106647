//! The sanction check (失信惩戒核查): "is this subject restricted from this benefit?" — the
//! hottest call in the system. It reads `sanction_restrictions`, a narrow table keyed by
//! (subject, benefit) that holds one row per benefit of each measure in force with the reasons
//! an answer shows (`crate::restriction`), so an unrestricted answer (the common one) is one
//! index probe and a restricted one a primary-key range read. Every check is logged (who asked
//! about whom, for what, the answer).

use crate::restriction::RestrictionRow;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::sanction::Benefit;
use lvyue_core::{Actor, AppResult, Uscc};
use lvyue_db::schema::{sanction_checks, sanction_restrictions};
use lvyue_db::DbConn;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// The most pairs one batch may ask about.
pub const MAX_BATCH: usize = 1000;

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckQuestion {
    /// The subject's 统一社会信用代码.
    pub subject: String,
    /// The benefit about to be granted.
    pub benefit: Benefit,
}

/// Why a subject is restricted: one measure in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Restriction {
    /// The measure in force.
    pub sanction_id: String,
    /// Its catalogue code.
    pub measure: String,
    /// Its Chinese name.
    pub measure_name: String,
    /// Legal basis (依据).
    pub basis: String,
    /// `subject`, or `region` (the subject is the government of a county or city with a record).
    pub binds: String,
    /// The record behind it.
    pub record_id: String,
    /// That record's kind.
    pub record_kind: String,
    /// That record's grade.
    pub record_grade: String,
    /// In force from.
    pub starts_on: NaiveDate,
    /// Planned end.
    pub planned_end_on: NaiveDate,
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckAnswer {
    /// The subject asked about (normalised).
    pub subject: String,
    /// The benefit.
    pub benefit: Benefit,
    /// True when at least one measure in force restricts it.
    pub restricted: bool,
    /// The measures, records and legal basis behind a restriction.
    pub restrictions: Vec<Restriction>,
}

/// Answers `questions` (already parsed); the caller logs the answers ([`log_rows`]).
pub fn answer(conn: &mut DbConn, questions: &[(Uscc, Benefit)]) -> AppResult<Vec<CheckAnswer>> {
    if let [(uscc, benefit)] = questions {
        return Ok(vec![answer_one(conn, uscc, *benefit)?]);
    }
    let mut usccs: Vec<&str> = questions.iter().map(|(u, _)| u.as_str()).collect();
    usccs.sort_unstable();
    usccs.dedup();
    let mut by_pair: HashMap<(String, String), Vec<Restriction>> = HashMap::new();
    for chunk in usccs.chunks(500) {
        let rows: Vec<RestrictionRow> = sanction_restrictions::table
            .filter(sanction_restrictions::target_uscc.eq_any(chunk))
            .select(RestrictionRow::as_select())
            .load(conn)?;
        for row in rows {
            by_pair.entry((row.target_uscc.clone(), row.benefit.clone())).or_default().push(row.into());
        }
    }
    let mut answers = Vec::with_capacity(questions.len());
    for (uscc, benefit) in questions {
        let key = (uscc.as_str().to_owned(), benefit.code().to_owned());
        let mut list = by_pair.get(&key).cloned().unwrap_or_default();
        list.sort_by(|a, b| a.measure.cmp(&b.measure).then(a.sanction_id.cmp(&b.sanction_id)));
        answers.push(CheckAnswer {
            subject: uscc.as_str().to_owned(),
            benefit: *benefit,
            restricted: !list.is_empty(),
            restrictions: list,
        });
    }
    Ok(answers)
}

/// The restriction rows answering one (subject, benefit) question, in the answer's order.
macro_rules! one_question_query {
    ($uscc:expr, $benefit:expr) => {
        sanction_restrictions::table
            .filter(sanction_restrictions::target_uscc.eq($uscc.as_str()))
            .filter(sanction_restrictions::benefit.eq($benefit.code()))
            .order_by((sanction_restrictions::measure_code, sanction_restrictions::sanction_id))
            .select(RestrictionRow::as_select())
    };
}
pub(crate) use one_question_query;

/// One question in one statement whose text never varies, so PostgreSQL plans it once per
/// connection (a list of codes, as in a batch, is planned anew every time: diesel does not
/// cache statements with `IN`). It reads the restriction rows alone, which carry the reasons.
fn answer_one(conn: &mut DbConn, uscc: &Uscc, benefit: Benefit) -> AppResult<CheckAnswer> {
    let rows: Vec<RestrictionRow> = one_question_query!(uscc, benefit).load(conn)?;
    Ok(answer_from(uscc, benefit, rows))
}

/// The answer to one question from its restriction rows.
pub(crate) fn answer_from(uscc: &Uscc, benefit: Benefit, rows: Vec<RestrictionRow>) -> CheckAnswer {
    let restrictions: Vec<Restriction> = rows.into_iter().map(Restriction::from).collect();
    CheckAnswer { subject: uscc.as_str().to_owned(), benefit, restricted: !restrictions.is_empty(), restrictions }
}

impl From<RestrictionRow> for Restriction {
    fn from(r: RestrictionRow) -> Restriction {
        Restriction {
            sanction_id: r.sanction_id,
            measure: r.measure_code,
            measure_name: r.measure_name,
            basis: r.basis,
            binds: r.binds,
            record_id: r.record_id,
            record_kind: r.record_kind,
            record_grade: r.record_grade,
            starts_on: r.starts_on,
            planned_end_on: r.planned_end_on,
        }
    }
}

/// Log rows per INSERT statement.
pub const LOG_CHUNK: usize = 500;

/// A check log row to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sanction_checks, treat_none_as_default_value = false)]
pub struct CheckLogInsert {
    checked_at: NaiveDateTime,
    checker: String,
    checker_org: Option<String>,
    request_id: String,
    subject_uscc: String,
    benefit: String,
    restricted: bool,
    sanction_ids: String,
}

/// The log rows of `answers` given to `actor` at `now`.
pub fn log_rows(actor: &Actor, answers: &[CheckAnswer], now: NaiveDateTime) -> Vec<CheckLogInsert> {
    answers
        .iter()
        .map(|a| CheckLogInsert {
            checked_at: now,
            checker: actor.subject.clone(),
            checker_org: actor.org.as_ref().map(|o| o.as_str().to_owned()),
            request_id: actor.request_id.clone(),
            subject_uscc: a.subject.clone(),
            benefit: a.benefit.code().to_owned(),
            restricted: a.restricted,
            sanction_ids: serde_json::to_string(&a.restrictions.iter().map(|r| &r.sanction_id).collect::<Vec<_>>())
                .unwrap_or_else(|_| "[]".to_owned()),
        })
        .collect()
}

/// Appends log rows in the caller's transaction, many per statement.
pub fn append_log(conn: &mut DbConn, rows: &[CheckLogInsert]) -> AppResult<()> {
    for chunk in rows.chunks(LOG_CHUNK) {
        lvyue_db::execute_per_backend!(conn, diesel::insert_into(sanction_checks::table).values(chunk))?;
    }
    Ok(())
}

/// One logged check as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LoggedCheck {
    /// Position in the log.
    pub id: i64,
    /// When.
    pub checked_at: chrono::DateTime<chrono::FixedOffset>,
    /// Who asked (token subject).
    pub checker: String,
    /// The asking organisation, when its token names one.
    pub checker_org: Option<String>,
    /// The request.
    pub request_id: String,
    /// About whom.
    pub subject: String,
    /// For what.
    pub benefit: String,
    /// The answer.
    pub restricted: bool,
    /// The measures behind a restriction.
    pub sanction_ids: Vec<String>,
}

/// A page of the log, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckLogPage {
    /// Newest first.
    pub checks: Vec<LoggedCheck>,
    /// Pass as `cursor` for the next page; null at the end.
    pub next_cursor: Option<String>,
}

type LogRow = (i64, NaiveDateTime, String, Option<String>, String, String, String, bool, String);

/// The log, newest first, optionally about one subject.
pub fn log_page(conn: &mut DbConn, subject: Option<&str>, before: Option<i64>, limit: i64) -> AppResult<CheckLogPage> {
    let mut query = sanction_checks::table
        .select((
            sanction_checks::id,
            sanction_checks::checked_at,
            sanction_checks::checker,
            sanction_checks::checker_org,
            sanction_checks::request_id,
            sanction_checks::subject_uscc,
            sanction_checks::benefit,
            sanction_checks::restricted,
            sanction_checks::sanction_ids,
        ))
        .into_boxed();
    if let Some(s) = subject {
        query = query.filter(sanction_checks::subject_uscc.eq(s.to_owned()));
    }
    if let Some(b) = before {
        query = query.filter(sanction_checks::id.lt(b));
    }
    let rows: Vec<LogRow> = query.order_by(sanction_checks::id.desc()).limit(limit + 1).load(conn)?;
    let (rows, next_cursor) = lvyue_db::page::cut(rows, limit, |r| vec![r.0.to_string()]);
    Ok(CheckLogPage {
        checks: rows
            .into_iter()
            .map(|(id, at, checker, org, request_id, subject, benefit, restricted, ids)| LoggedCheck {
                id,
                checked_at: lvyue_core::time::stored_to_shanghai(at),
                checker,
                checker_org: org,
                request_id,
                subject,
                benefit,
                restricted,
                sanction_ids: serde_json::from_str(&ids).unwrap_or_default(),
            })
            .collect(),
        next_cursor,
    })
}
