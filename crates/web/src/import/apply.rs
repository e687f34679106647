//! Applying rows: each checked like the body of `POST`, then registered, corrected (a row
//! under a reference registered before) or left unchanged — in batches of [`BATCH`] rows, one
//! transaction each, or all in one that stores nothing when any row is refused.

use super::report::{ListImportReport, ListImportRow, ListRowError, ListRowOutcome};
use super::table::{shape, ReadRow};
use chrono::{NaiveDate, NaiveDateTime};
use lvyue_core::{Actor, AppError, AppResult, FieldError, Lang, Message};
use lvyue_db::{write_tx, DbConn, PooledConn};
use serde_json::Value;

/// Rows per transaction.
pub const BATCH: usize = 200;

/// How an import runs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Who imports.
    pub actor: Actor,
    /// The unit whose lists these are.
    pub unit: ImportingUnit,
    /// Store nothing unless every row is good.
    pub all_or_nothing: bool,
    /// The language of the reasons.
    pub lang: Lang,
    /// Today (Asia/Shanghai).
    pub today: NaiveDate,
    /// Now, as stored.
    pub now: NaiveDateTime,
}

/// The unit whose list is imported: every row is its own.
#[derive(Debug, Clone)]
pub struct ImportingUnit {
    /// The organisation's id.
    pub id: String,
    /// Its division.
    pub region_code: String,
}

/// A row's fate: stored (how, and the id), or refused (why).
pub type Applied = Result<(ListRowOutcome, String), Vec<FieldError>>;

/// One kind of obligation that imports.
pub trait Importable {
    /// Registers, corrects or leaves the obligation `body` describes, inside the caller's
    /// transaction. A refusal answers `Ok(Err(..))`; only a failure of the database is `Err`.
    fn upsert(conn: &mut DbConn, o: &ImportOptions, body: Value) -> AppResult<Applied>;
}

/// A row's body parsed as `I` (the body of `POST`) and checked into its particulars `R` — or the
/// row's refusal: a body of another shape, a row naming another unit, a field that fails a
/// check. Only a failure of the database is `Err`.
pub fn checked<I: serde::de::DeserializeOwned, R>(
    body: Value,
    o: &ImportOptions,
    org_of: impl Fn(&I) -> Option<&str>,
    particulars: impl FnOnce(&I) -> AppResult<R>,
) -> AppResult<Result<R, Vec<FieldError>>> {
    let input: I = match serde_json::from_value(body) {
        Ok(i) => i,
        Err(e) => return Ok(Err(vec![shape(e)])),
    };
    if org_of(&input).is_some_and(|n| n != o.unit.id) {
        return Ok(Err(vec![FieldError::new(
            "org_id",
            "other_organisation",
            Message::new("导入的行只能属于导入单位本身", "a row belongs to the importing unit"),
        )]));
    }
    match particulars(&input) {
        Ok(r) => Ok(Ok(r)),
        Err(AppError::Validation(errs)) => Ok(Err(errs)),
        Err(e) => Err(e),
    }
}

fn answer(n: usize, reference: Option<String>, applied: &Applied, lang: Lang) -> ListImportRow {
    match applied {
        Ok((outcome, id)) => {
            ListImportRow { row: n, reference, outcome: *outcome, id: Some(id.clone()), errors: Vec::new() }
        }
        Err(errs) => ListImportRow {
            row: n,
            reference,
            outcome: ListRowOutcome::Refused,
            id: None,
            errors: errs.iter().map(|e| ListRowError::of(e, lang)).collect(),
        },
    }
}

/// One row applied: its answer, and its refusals placed at `rows[N]`.
fn apply_one<K: Importable>(
    conn: &mut DbConn,
    o: &ImportOptions,
    row: ReadRow,
) -> AppResult<(ListImportRow, Vec<FieldError>)> {
    let ReadRow { n, reference, body } = row;
    let applied = match body {
        Ok(body) => K::upsert(conn, o, body)?,
        Err(errs) => Err(errs),
    };
    let answer = answer(n, reference, &applied, o.lang);
    let placed = applied
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| FieldError::new(format!("rows[{n}].{}", e.field), e.code, e.message))
        .collect();
    Ok((answer, placed))
}

/// Applies `rows` as `o` says. With `all_or_nothing`, any refusal answers 422 naming
/// `rows[N].field` and stores nothing.
pub fn run<K: Importable>(
    rows: Vec<ReadRow>,
    o: &ImportOptions,
    connect: &dyn Fn() -> AppResult<PooledConn>,
) -> AppResult<ListImportReport> {
    let mut report = ListImportReport::default();
    if o.all_or_nothing {
        let mut conn = connect()?;
        return write_tx(&mut conn, |conn| {
            let mut refused = Vec::new();
            for row in rows {
                let (answer, placed) = apply_one::<K>(conn, o, row)?;
                report.push(answer);
                refused.extend(placed);
            }
            if refused.is_empty() {
                Ok(std::mem::take(&mut report))
            } else {
                Err(AppError::Validation(refused))
            }
        });
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<ReadRow> = rows.by_ref().take(BATCH).collect();
        let mut conn = connect()?;
        let answers = write_tx(&mut conn, |conn| {
            batch.into_iter().map(|row| apply_one::<K>(conn, o, row)).collect::<AppResult<Vec<_>>>()
        })?;
        for (a, _) in answers {
            report.push(a);
        }
    }
    Ok(report)
}
