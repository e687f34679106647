//! What the sanction check reads: one row per (target, benefit) of each measure in force,
//! carrying the reasons an answer shows (the measure and its catalogue name, its basis, whom it
//! binds, its dates, its record's kind and grade), so that a check is one primary-key range
//! read of one table. The rows are derived: [`sync`] rewrites a measure's rows from the
//! measure and its record whenever either changes, [`rename`] follows the catalogue, and a
//! measure not in force has none.

use crate::sanction::{SanctionRow, IN_FORCE};
use chrono::NaiveDate;
use diesel::prelude::*;
use lvyue_core::AppResult;
use lvyue_db::schema::{credit_records, sanction_measures, sanction_restrictions};
use lvyue_db::DbConn;

/// A stored restriction.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sanction_restrictions, treat_none_as_default_value = false)]
pub struct RestrictionRow {
    pub target_uscc: String,
    pub benefit: String,
    pub sanction_id: String,
    pub measure_code: String,
    pub measure_name: String,
    pub binds: String,
    pub basis: String,
    pub starts_on: NaiveDate,
    pub planned_end_on: NaiveDate,
    pub record_id: String,
    pub record_kind: String,
    pub record_grade: String,
}

/// The benefits measure `row` restricts.
fn benefits(row: &SanctionRow) -> Vec<String> {
    serde_json::from_str(&row.benefits).unwrap_or_default()
}

/// The restriction rows of measure `row` (in force), named `name` in the catalogue, whose
/// record is of `kind` and `grade`.
pub fn rows_of(row: &SanctionRow, name: &str, (kind, grade): (&str, &str)) -> Vec<RestrictionRow> {
    benefits(row)
        .into_iter()
        .map(|benefit| RestrictionRow {
            target_uscc: row.target_uscc.clone(),
            benefit,
            sanction_id: row.id.clone(),
            measure_code: row.measure_code.clone(),
            measure_name: name.to_owned(),
            binds: row.binds.clone(),
            basis: row.basis.clone(),
            starts_on: row.starts_on,
            planned_end_on: row.planned_end_on,
            record_id: row.record_id.clone(),
            record_kind: kind.to_owned(),
            record_grade: grade.to_owned(),
        })
        .collect()
}

/// Rewrites the restriction rows of measure `row` as it now is, with its record as it now is:
/// none unless it is in force. Every statement goes by the primary key.
pub fn sync(conn: &mut DbConn, row: &SanctionRow) -> AppResult<()> {
    // Read before deleting, and the catalogue entry FOR SHARE on PostgreSQL: a rename being
    // committed right now either finishes first (this reads the new name) or waits for this
    // transaction (its UPDATE then sees these rows) — and both lock the entry before the rows,
    // so they never deadlock.
    let rows = if row.status == IN_FORCE { fresh_rows(conn, row)? } else { Vec::new() };
    diesel::delete(
        sanction_restrictions::table
            .filter(sanction_restrictions::target_uscc.eq(&row.target_uscc))
            .filter(sanction_restrictions::benefit.eq_any(benefits(row)))
            .filter(sanction_restrictions::sanction_id.eq(&row.id)),
    )
    .execute(conn)?;
    if rows.is_empty() {
        return Ok(());
    }
    lvyue_db::execute_per_backend!(conn, diesel::insert_into(sanction_restrictions::table).values(&rows))?;
    Ok(())
}

/// The rows measure `row` (in force) should have, from its record and catalogue entry now.
fn fresh_rows(conn: &mut DbConn, row: &SanctionRow) -> AppResult<Vec<RestrictionRow>> {
    let query = sanction_measures::table.find(&row.measure_code).select(sanction_measures::name_zh);
    let name: Option<String> = lvyue_db::locked!(conn, for_share, query, |q, c| q.first(c).optional())?;
    let record: Option<(String, String)> = credit_records::table
        .find(&row.record_id)
        .select((credit_records::kind, credit_records::grade))
        .first(conn)
        .optional()?;
    let (Some((kind, grade)), Some(name)) = (record, name) else {
        tracing::error!(sanction = %row.id, record = %row.record_id, measure = %row.measure_code, "a measure in force without its record or catalogue entry: the check cannot show it");
        return Ok(Vec::new());
    };
    Ok(rows_of(row, &name, (&kind, &grade)))
}

/// The catalogue renamed measure `code`: its restriction rows show the new name. (A rare
/// administrative change; it reads the whole table once.)
pub fn rename(conn: &mut DbConn, code: &str, name: &str) -> AppResult<usize> {
    Ok(diesel::update(sanction_restrictions::table.filter(sanction_restrictions::measure_code.eq(code)))
        .set(sanction_restrictions::measure_name.eq(name))
        .execute(conn)?)
}
