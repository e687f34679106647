//! `lvyue bench-data --records N`: credit records in force with the measures they put in
//! force and the rows the sanction check reads, in bulk, so the check can be measured at a
//! million records. Subjects are synthetic credit codes (`11` + a county + `BK` + a serial,
//! with a valid check character), about five records each; the registry's own organisations
//! keep no record, so checks about them answer unrestricted.

use crate::error::RunError;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::credit::PublicityPeriods;
use lvyue_core::{AppError, Grade, RecordKind, Uscc};
use lvyue_credit_record::record::CreditRecordRow;
use lvyue_db::schema::{credit_records, sanction_restrictions, sanctions};
use lvyue_db::{write_tx, DbConn};
use lvyue_sanction::restriction::{self, RestrictionRow};
use lvyue_sanction::sanction::{NewSanction, SanctionRow, IN_FORCE};
use rand::rngs::StdRng;
use rand::Rng;
use std::io::Write;
use std::time::Instant;

/// The subject-binding measures every record kind but commitments triggers, with the benefit
/// each restricts.
const MEASURES: [(&str, &str, &str); 7] = [
    ("restrict_central_budget_funds", "central_budget_funds", "development_reform"),
    ("restrict_special_bonds", "special_bonds", "development_reform"),
    ("restrict_financing_recommendation", "financing_recommendation", "development_reform"),
    ("cancel_awards", "awards", "credit_office"),
    ("restrict_government_funding", "government_funding", "finance"),
    ("restrict_support_policies", "support_policies", "development_reform"),
    ("restrict_government_procurement", "government_procurement", "finance"),
];

const BATCH: usize = 2000;

/// The `n`th synthetic subject of `county`.
fn subject(county: &str, n: usize) -> Result<String, RunError> {
    Uscc::with_check_character(&format!("11{county}BK{n:07}"))
        .map(|u| u.as_str().to_owned())
        .map_err(|e| RunError::usage(e.message.en))
}

/// Generates `records` records (and their measures) with `rng`, stamped `now`.
pub fn run(conn: &mut DbConn, rng: &mut StdRng, records: usize, now: NaiveDateTime) -> Result<(), RunError> {
    let periods = PublicityPeriods::default();
    let kinds = [RecordKind::BreachDetermination, RecordKind::Arrears, RecordKind::JudgmentDefaulter];
    let grades = [Grade::Minor, Grade::General, Grade::Serious];
    let subjects = (records / 5).max(1);
    let counties = super::bench_data::COUNTIES;
    let names: std::collections::HashMap<String, String> = lvyue_db::schema::sanction_measures::table
        .select((lvyue_db::schema::sanction_measures::code, lvyue_db::schema::sanction_measures::name_zh))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let started = Instant::now();
    let mut done = 0usize;
    while done < records {
        let n = BATCH.min(records - done);
        let (mut recs, mut sancs, mut restrictions) = (Vec::with_capacity(n), Vec::new(), Vec::new());
        for _ in 0..n {
            let s = rng.gen_range(0..subjects);
            let county = counties[s % counties.len()];
            let uscc = subject(county, s)?;
            let kind = kinds[rng.gen_range(0..kinds.len())];
            let grade = grades[rng.gen_range(0..grades.len())];
            let decided_on = (now - Duration::days(rng.gen_range(0..60))).date();
            let window = periods.window(kind, grade, decided_on);
            let id = uuid::Uuid::now_v7().to_string();
            recs.push(CreditRecordRow {
                id: id.clone(),
                kind: kind.code().to_owned(),
                subject_org_id: None,
                subject_uscc: Some(uscc.clone()),
                subject_name: format!("基准测试单位{s:07}"),
                region_code: county.to_owned(),
                complaint_id: None,
                determination_id: None,
                provider_org_id: None,
                provider_ref: None,
                determining_org_id: None,
                determining_body: "基准测试认定单位".to_owned(),
                category: None,
                facts: "基准测试记录".to_owned(),
                amount_fen: Some(rng.gen_range(0..10_000_000)),
                grade: grade.code().to_owned(),
                decided_on,
                repairable_from: window.repairable_from,
                expires_on: window.expires_on,
                status: "active".to_owned(),
                visibility: "public".to_owned(),
                version: 1,
                content_hash: None,
                early_remedy: None,
                created_at: now,
                updated_at: now,
            });
            for (measure, benefit, implementer) in MEASURES {
                let row = NewSanction {
                    measure_code: measure.to_owned(),
                    record_id: id.clone(),
                    binds: "subject".to_owned(),
                    target_uscc: uscc.clone(),
                    target_name: format!("基准测试单位{s:07}"),
                    region_code: county.to_owned(),
                    implementer_kind: implementer.to_owned(),
                    benefits: format!("[\"{benefit}\"]"),
                    basis: "发改财金〔2023〕1103号".to_owned(),
                    starts_on: decided_on,
                    implementer_region: county.to_owned(),
                    implementer_org_id: None,
                }
                .into_row(IN_FORCE, (window.expires_on, decided_on + Duration::days(7)), now);
                let name = names.get(measure).map_or(measure, String::as_str);
                restrictions.extend(restriction::rows_of(&row, name, (kind.code(), grade.code())));
                sancs.push(row);
            }
        }
        insert(conn, &recs, &sancs, &restrictions)?;
        done += n;
        if done % 50_000 < BATCH || done == records {
            let rate = done as f64 / started.elapsed().as_secs_f64();
            eprint!("\r{done}/{records} credit records with their measures ({rate:.0}/s)   ");
            let _ = std::io::stderr().flush();
        }
    }
    eprintln!();
    Ok(())
}

fn insert(
    conn: &mut DbConn,
    recs: &[CreditRecordRow],
    sancs: &[SanctionRow],
    restriction_rows: &[RestrictionRow],
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        match conn {
            DbConn::Pg(pg) => {
                diesel::copy_from(credit_records::table).from_insertable(recs).execute(pg)?;
                diesel::copy_from(sanctions::table).from_insertable(sancs).execute(pg)?;
                diesel::copy_from(sanction_restrictions::table).from_insertable(restriction_rows).execute(pg)?;
            }
            DbConn::Sqlite(lite) => {
                for chunk in recs.chunks(250) {
                    diesel::insert_into(credit_records::table).values(chunk).execute(lite)?;
                }
                for chunk in sancs.chunks(250) {
                    diesel::insert_into(sanctions::table).values(chunk).execute(lite)?;
                }
                for chunk in restriction_rows.chunks(1000) {
                    diesel::insert_into(sanction_restrictions::table).values(chunk).execute(lite)?;
                }
            }
        }
        Ok(())
    })
}
