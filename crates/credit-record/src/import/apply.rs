//! Applying rows: checked, matched to the registry and to what the provider sent before,
//! then created, updated, left unchanged or refused — in batches of [`BATCH`] rows, one
//! transaction each (one for everything when the caller asks for all or nothing).

use super::row::{check, CheckedRow, Ending, ImportRow, RowError};
use super::source::{read_rows, Format};
use super::{tally, MAX_ROWS};
use crate::events;
use crate::record::CreditRecordRow;
use crate::write::{self, Change};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::credit::PublicityPeriods;
use lvyue_core::ids::CreditRecordId;
use lvyue_core::{Actor, AppError, AppResult, FieldError, Lang, Message, RecordStatus};
use lvyue_db::schema::{credit_records, organisations};
use lvyue_db::{write_tx, DbConn, PooledConn};
use lvyue_registry::organisation::OrganisationRow;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Read;
use utoipa::ToSchema;

/// Rows per transaction.
pub const BATCH: usize = 500;

/// How an import runs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The providing organisation (司法局, 经信局, a court).
    pub provider: OrganisationRow,
    /// Refuse the whole batch when any row is refused.
    pub all_or_nothing: bool,
    /// The language of the reasons.
    pub lang: Lang,
    /// Today (Asia/Shanghai): findings cannot be dated later, and windows already past expire.
    pub today: NaiveDate,
    /// Now, as stored.
    pub now: NaiveDateTime,
    /// The publicity periods per grade.
    pub periods: PublicityPeriods,
    /// Who imports (for the versions and the audit trail).
    pub actor: Actor,
}

lvyue_core::code_enum! {
    /// What became of an imported row (导入结果).
    pub enum RowOutcome {
        /// A new record.
        Created => ("created", "新增", "created"),
        /// A new version of the record sent before under this `provider_ref`.
        Updated => ("updated", "更新", "updated"),
        /// The same row as last time: nothing changed.
        Unchanged => ("unchanged", "未变化", "unchanged"),
        /// Not stored; see `errors`.
        Refused => ("refused", "拒收", "refused"),
    }
}

/// The answer for one row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowReport {
    /// Its number in the batch, from 1 (CSV: not counting the header).
    pub row: usize,
    /// The provider's id, when the row had one.
    pub provider_ref: Option<String>,
    /// What became of it.
    pub outcome: RowOutcome,
    /// The record, unless refused.
    pub record_id: Option<String>,
    /// Why it was refused.
    pub errors: Vec<RowError>,
}

/// Counts per outcome.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ImportSummary {
    /// Rows read.
    pub rows: usize,
    /// Created.
    pub created: usize,
    /// Updated.
    pub updated: usize,
    /// Unchanged.
    pub unchanged: usize,
    /// Refused.
    pub refused: usize,
}

/// The answer to an import.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    /// Counts.
    pub summary: ImportSummary,
    /// One entry per row, in order.
    pub rows: Vec<RowReport>,
    /// Set when reading stopped early (more than 100,000 rows): the rows before it stand.
    pub stopped: Option<RowError>,
}

impl ImportReport {
    fn push(&mut self, r: RowReport) {
        self.summary.rows += 1;
        match r.outcome {
            RowOutcome::Created => self.summary.created += 1,
            RowOutcome::Updated => self.summary.updated += 1,
            RowOutcome::Unchanged => self.summary.unchanged += 1,
            RowOutcome::Refused => self.summary.refused += 1,
        }
        self.rows.push(r);
    }
}

type Pending = Vec<(usize, Result<ImportRow, RowError>)>;

/// A row after the checks: good, or refused with its reference and reasons.
type Checked = Result<CheckedRow, (Option<String>, Vec<RowError>)>;

fn too_many(lang: Lang) -> RowError {
    RowError::new(
        "rows",
        "too_many_rows",
        lang,
        &format!("一次最多导入 {MAX_ROWS} 行，其后的行未读取"),
        &format!("one import carries at most {MAX_ROWS} rows; the rest were not read"),
    )
}

/// Runs an import of `reader` in `format`, taking a connection from `connect` per batch.
pub fn run<R: Read>(
    format: Format,
    reader: R,
    options: &ImportOptions,
    connect: &dyn Fn() -> AppResult<PooledConn>,
) -> AppResult<ImportReport> {
    let mut report = ImportReport { summary: ImportSummary::default(), rows: Vec::new(), stopped: None };
    if options.all_or_nothing {
        let mut conn = connect()?;
        write_tx(&mut conn, |conn| {
            let mut pending: Pending = Vec::new();
            read_rows(format, reader, options.lang, |n, row| {
                if n > MAX_ROWS {
                    return Err(AppError::field(FieldError::new(
                        "rows",
                        "too_many_rows",
                        Message::new(format!("一次最多导入 {MAX_ROWS} 行"), format!("at most {MAX_ROWS} rows")),
                    )));
                }
                pending.push((n, row));
                if pending.len() >= BATCH {
                    for r in apply_batch(conn, std::mem::take(&mut pending), options)? {
                        report.push(r);
                    }
                }
                Ok(true)
            })?;
            for r in apply_batch(conn, pending, options)? {
                report.push(r);
            }
            if report.summary.refused > 0 {
                return Err(AppError::Validation(refusals(&report)));
            }
            Ok(())
        })
        .or_else(|e| {
            // Refused whole: the rows rolled back, but the refusals still count.
            if matches!(e, AppError::Validation(_)) {
                write_tx(&mut conn, |conn| tally::add(conn, &options.provider.id, options.today, &report.rows))?;
            }
            Err(e)
        })?;
        return Ok(report);
    }
    let mut pending: Pending = Vec::new();
    read_rows(format, reader, options.lang, |n, row| {
        if n > MAX_ROWS {
            report.stopped = Some(too_many(options.lang));
            return Ok(false);
        }
        pending.push((n, row));
        if pending.len() >= BATCH {
            for r in apply_in_own_transaction(std::mem::take(&mut pending), options, connect)? {
                report.push(r);
            }
            progress(&report, options);
        }
        Ok(true)
    })?;
    for r in apply_in_own_transaction(pending, options, connect)? {
        report.push(r);
    }
    Ok(report)
}

/// Logs how far a long import has come, every ten batches.
fn progress(report: &ImportReport, options: &ImportOptions) {
    let s = &report.summary;
    if s.rows.checked_rem(BATCH * 10) == Some(0) {
        tracing::info!(
            provider = %options.provider.uscc,
            rows = s.rows,
            created = s.created,
            updated = s.updated,
            unchanged = s.unchanged,
            refused = s.refused,
            "credit record import in progress"
        );
    }
}

/// The refusals of an all-or-nothing import as validation errors (`rows[3].grade`), the
/// first thousand of them.
fn refusals(report: &ImportReport) -> Vec<FieldError> {
    report
        .rows
        .iter()
        .filter(|r| r.outcome == RowOutcome::Refused)
        .flat_map(|r| {
            r.errors.iter().map(move |e| {
                FieldError::new(
                    format!("rows[{}].{}", r.row, e.field),
                    e.code,
                    Message::new(e.message.clone(), e.message.clone()),
                )
            })
        })
        .take(1000)
        .collect()
}

/// One batch in one transaction. Should the transaction fail (another import stored the
/// same `provider_ref` at the same moment), each row is tried again on its own.
fn apply_in_own_transaction(
    pending: Pending,
    options: &ImportOptions,
    connect: &dyn Fn() -> AppResult<PooledConn>,
) -> AppResult<Vec<RowReport>> {
    if pending.is_empty() {
        return Ok(Vec::new());
    }
    let mut conn = connect()?;
    let counted = |conn: &mut DbConn, pending: Pending| {
        let reports = apply_batch(conn, pending, options)?;
        tally::add(conn, &options.provider.id, options.today, &reports)?;
        Ok(reports)
    };
    match write_tx(&mut conn, |conn| counted(conn, pending.clone())) {
        Ok(reports) => Ok(reports),
        Err(AppError::Unavailable(e)) => Err(AppError::Unavailable(e)),
        Err(first) => {
            tracing::info!(error = %first, "import batch failed; retrying its rows one by one");
            let mut reports = Vec::with_capacity(pending.len());
            for (n, row) in pending {
                let reference = row.as_ref().ok().map(|r| r.provider_ref.clone());
                match write_tx(&mut conn, |conn| counted(conn, vec![(n, row.clone())])) {
                    Ok(mut r) => reports.append(&mut r),
                    Err(AppError::Unavailable(e)) => return Err(AppError::Unavailable(e)),
                    Err(e) => {
                        tracing::warn!(row = n, error = %e, "import row could not be stored");
                        reports.push(RowReport {
                            row: n,
                            provider_ref: reference,
                            outcome: RowOutcome::Refused,
                            record_id: None,
                            errors: vec![RowError::new(
                                "row",
                                "not_stored",
                                options.lang,
                                "该行未能保存，请稍后重试",
                                "the row could not be stored; try it again later",
                            )],
                        });
                    }
                }
            }
            Ok(reports)
        }
    }
}

fn refused(n: usize, provider_ref: Option<String>, errors: Vec<RowError>) -> RowReport {
    RowReport { row: n, provider_ref, outcome: RowOutcome::Refused, record_id: None, errors }
}

/// Applies rows in the caller's transaction.
pub fn apply_batch(conn: &mut DbConn, pending: Pending, options: &ImportOptions) -> AppResult<Vec<RowReport>> {
    let lang = options.lang;
    let mut checked: Vec<(usize, Checked)> = Vec::new();
    for (n, row) in pending {
        checked.push((
            n,
            match row {
                Err(e) => Err((None, vec![e])),
                Ok(row) => {
                    let reference = Some(row.provider_ref.trim().to_owned());
                    check(row, options.today, lang).map_err(|errors| (reference, errors))
                }
            },
        ));
    }
    let ok = || checked.iter().filter_map(|(_, c)| c.as_ref().ok());
    let usccs: Vec<String> = ok().map(|c| c.subject_uscc.as_str().to_owned()).collect();
    let subjects: HashMap<String, OrganisationRow> = organisations::table
        .filter(organisations::uscc.eq_any(&usccs))
        .select(OrganisationRow::as_select())
        .load::<OrganisationRow>(conn)?
        .into_iter()
        .map(|o| (o.uscc.clone(), o))
        .collect();
    let refs: Vec<String> = ok().map(|c| c.row.provider_ref.trim().to_owned()).collect();
    let mut existing: HashMap<String, CreditRecordRow> = credit_records::table
        .filter(credit_records::provider_org_id.eq(&options.provider.id))
        .filter(credit_records::provider_ref.eq_any(&refs))
        .select(CreditRecordRow::as_select())
        .load::<CreditRecordRow>(conn)?
        .into_iter()
        .filter_map(|r| r.provider_ref.clone().map(|k| (k, r)))
        .collect();
    let mut reports = Vec::with_capacity(checked.len());
    // New records wait here and are stored together; a later row of the same batch with the
    // same provider_ref first stores them, so that it finds its record.
    let mut creating: Vec<(usize, CreditRecordRow)> = Vec::new();
    let created = Change { code: "created", event_type: events::CREATED, reason: None, by: &options.actor };
    for (n, c) in checked {
        let c = match c {
            Ok(c) => c,
            Err((reference, errors)) => {
                reports.push(refused(n, reference, errors));
                continue;
            }
        };
        let reference = c.row.provider_ref.trim().to_owned();
        if creating.iter().any(|(_, r)| r.provider_ref.as_deref() == Some(reference.as_str())) {
            write::create_many(conn, creating.drain(..).map(|(_, r)| r).collect(), &created, options.now)?;
        }
        let Some(subject) = subjects.get(c.subject_uscc.as_str()) else {
            let e = RowError::new(
                "subject_uscc",
                "unknown_subject",
                lang,
                "该统一社会信用代码不在机构名录中",
                "no organisation in the registry has this credit code",
            );
            reports.push(refused(n, Some(reference), vec![e]));
            continue;
        };
        let report = match existing.get(&reference) {
            Some(before) if before.content_hash.as_deref() == Some(c.hash.as_str()) => RowReport {
                row: n,
                provider_ref: Some(reference.clone()),
                outcome: RowOutcome::Unchanged,
                record_id: Some(before.id.clone()),
                errors: Vec::new(),
            },
            Some(before)
                if c.row.ending().is_some_and(|end| !before.status().is_ok_and(|s| s.may_become(end.status()))) =>
            {
                let ending = c.row.ending().ok_or_else(|| AppError::internal("checked above"))?;
                let e = if before.status == ending.status().code() {
                    None
                } else {
                    Some(RowError::new(
                        ending.field(),
                        "record_ended",
                        lang,
                        "该记录已结束（已修复、到期、撤销或移出），不能再撤销或移出",
                        "the record has ended (repaired, expired, revoked or removed); it cannot be withdrawn or removed",
                    ))
                };
                match e {
                    // Withdrawn before: nothing to do.
                    None => RowReport {
                        row: n,
                        provider_ref: Some(reference.clone()),
                        outcome: RowOutcome::Unchanged,
                        record_id: Some(before.id.clone()),
                        errors: Vec::new(),
                    },
                    Some(e) => refused(n, Some(reference.clone()), vec![e]),
                }
            }
            Some(before) => {
                let before = before.clone();
                let after = row_from(&c, subject, options, Some(&before));
                let ending = c.row.ending();
                let after = match ending {
                    Some(end) => CreditRecordRow { status: end.status().code().to_owned(), ..after },
                    None => after,
                };
                let change = match ending {
                    Some(Ending::Revoked) => Change {
                        code: "revoked",
                        event_type: events::REVOKED,
                        reason: Some("撤销（数据提供单位）"),
                        by: &options.actor,
                    },
                    Some(Ending::Removed) => Change {
                        code: "removed",
                        event_type: events::REMOVED,
                        reason: Some("法院移出失信被执行人名单"),
                        by: &options.actor,
                    },
                    None => Change {
                        code: "updated",
                        event_type: events::CORRECTED,
                        reason: Some("数据提供单位更新"),
                        by: &options.actor,
                    },
                };
                let saved = write::revise(conn, &before, after, &change, options.now)?;
                let id = saved.id.clone();
                existing.insert(reference.clone(), saved);
                RowReport {
                    row: n,
                    provider_ref: Some(reference.clone()),
                    outcome: RowOutcome::Updated,
                    record_id: Some(id),
                    errors: Vec::new(),
                }
            }
            None if c.row.ending().is_some() => {
                let field = c.row.ending().map_or("revoked", Ending::field);
                let e = RowError::new(
                    field,
                    "unknown_record",
                    lang,
                    "没有以该编号报送过的记录，无从撤销或移出",
                    "nothing was sent under this provider_ref to withdraw or remove",
                );
                refused(n, Some(reference.clone()), vec![e])
            }
            None => {
                let row = row_from(&c, subject, options, None);
                let id = row.id.clone();
                let mut stored = row.clone();
                stored.version = 1;
                existing.insert(reference.clone(), stored);
                creating.push((n, row));
                RowReport {
                    row: n,
                    provider_ref: Some(reference.clone()),
                    outcome: RowOutcome::Created,
                    record_id: Some(id),
                    errors: Vec::new(),
                }
            }
        };
        reports.push(report);
    }
    write::create_many(conn, creating.into_iter().map(|(_, r)| r).collect(), &created, options.now)?;
    Ok(reports)
}

/// The record a checked row describes; an update keeps the record's id, status and history.
fn row_from(
    c: &CheckedRow,
    subject: &OrganisationRow,
    options: &ImportOptions,
    before: Option<&CreditRecordRow>,
) -> CreditRecordRow {
    let window = options.periods.window_of(c.kind, c.grade, c.decided_on);
    let status = match before {
        Some(b) => b.status.clone(),
        None => RecordStatus::initial(window.expires_on, options.today).code().to_owned(),
    };
    CreditRecordRow {
        id: before.map_or_else(|| CreditRecordId::generate().into_string(), |b| b.id.clone()),
        kind: c.kind.code().to_owned(),
        subject_org_id: Some(subject.id.clone()),
        subject_uscc: Some(subject.uscc.clone()),
        subject_name: subject.name.clone(),
        region_code: subject.region_code.clone(),
        complaint_id: None,
        determination_id: None,
        provider_org_id: Some(options.provider.id.clone()),
        provider_ref: Some(c.row.provider_ref.trim().to_owned()),
        determining_org_id: if c.row.determining_body.is_some() { None } else { Some(options.provider.id.clone()) },
        determining_body: c.row.determining_body.clone().unwrap_or_else(|| options.provider.name.clone()),
        // (`check` turned blank optional text into None.)
        category: c.row.category.clone().filter(|s| !s.is_empty()),
        facts: c.row.facts.trim().to_owned(),
        amount_fen: c.row.amount_fen,
        grade: c.grade.map_or("", |g| g.code()).to_owned(),
        decided_on: c.decided_on,
        repairable_from: window.repairable_from,
        expires_on: window.expires_on,
        status,
        visibility: c.visibility.code().to_owned(),
        version: before.map_or(1, |b| b.version),
        content_hash: Some(c.hash.clone()),
        early_remedy: before.and_then(|b| b.early_remedy.clone()),
        created_at: before.map_or(options.now, |b| b.created_at),
        updated_at: options.now,
    }
}
