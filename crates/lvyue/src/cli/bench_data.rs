//! `lvyue bench-data`: fills a database quickly with a generated region and realistic cases,
//! so lists, filters and the feed can be measured at a million cases.
//!
//! Rows go in bulk — binary COPY on PostgreSQL, multi-row INSERTs on SQLite — in batches,
//! never one HTTP call each. Generated cases use the case prefix `BENCH`: a fifth received, a
//! third forwarded, the rest concluded (unfounded), each with oversight's facts as its consumer
//! would have made them, so the figures can be measured at the same scale.

use crate::config::Config;
use crate::error::RunError;
use crate::startup::prepare_database;
use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use lvyue_case::complaint::ComplaintInsert;
use lvyue_core::clock::SystemClock;
use lvyue_core::{Actor, CaseNumber, CaseStatus, Field, OrgKind, OrgLevel, Resolution, Uscc};
use lvyue_db::schema::{complaints, events, organisations, oversight_case_facts};
use lvyue_db::{write_tx, DbConn};
use lvyue_intake::fingerprint::duplicate_key;
use lvyue_outbox::events::EventInsert;
use lvyue_oversight::facts::CaseFactRow;
use lvyue_registry::import::import;
use lvyue_registry::organisation::{OrganisationInput, OrganisationRow};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::Write;
use std::time::Instant;

/// The bench region: 蚌埠 (340300) with its seven counties and districts.
pub const COUNTIES: [&str; 7] = ["340302", "340303", "340304", "340311", "340321", "340322", "340323"];
/// Departments generated per county.
pub const DEPARTMENTS_PER_COUNTY: usize = 20;
const CHANNELS: [&str; 6] =
    ["credit_website", "hotline_12345", "internet_plus_inspection", "sme_payment", "petition", "business_environment"];
const BATCH: usize = 2000;

fn code(category: &str, region: &str, n: usize) -> Result<String, RunError> {
    Uscc::with_check_character(&format!("{category}{region}BN{n:07}"))
        .map(|u| u.as_str().to_owned())
        .map_err(|e| RunError::usage(e.message.en))
}

/// The generated registry: a city government, a credit office, and per county a government
/// and its departments (supervised by the county government).
pub fn registry() -> Result<Vec<OrganisationInput>, RunError> {
    let city = code("11", "340300", 1)?;
    let mut rows = vec![
        org("蚌埠市人民政府（基准）", &city, "340300", OrgLevel::City, None),
        org("蚌埠市信用办（基准）", &code("11", "340300", 2)?, "340300", OrgLevel::City, Some(&city)),
    ];
    let mut n = 10;
    for county in COUNTIES {
        let gov = code("11", county, n)?;
        rows.push(org(&format!("{county} 县区人民政府（基准）"), &gov, county, OrgLevel::County, Some(&city)));
        for d in 0..DEPARTMENTS_PER_COUNTY {
            n += 1;
            rows.push(org(
                &format!("{county} 第{d}局（基准）"),
                &code("11", county, n)?,
                county,
                OrgLevel::County,
                Some(&gov),
            ));
        }
        n += 1;
    }
    Ok(rows)
}

fn org(name: &str, uscc: &str, region: &str, level: OrgLevel, supervisor: Option<&str>) -> OrganisationInput {
    OrganisationInput {
        name: name.to_owned(),
        uscc: uscc.to_owned(),
        region_code: region.to_owned(),
        level,
        kind: OrgKind::Organ,
        parent_uscc: supervisor.map(str::to_owned),
        supervisor_uscc: supervisor.map(str::to_owned),
        functions: None,
    }
}

/// Generates `cases` cases with one `complaint.received` event each; prints progress to stderr.
pub fn run(config: &Config, cases: usize, records: usize, seed: u64) -> Result<(), RunError> {
    let pools = prepare_database(config, &SystemClock)?;
    let mut conn = pools.write.get()?;
    let now = lvyue_core::time::to_stored(Utc::now());
    let report = import(&mut conn, &Actor::system("bench-data"), registry()?, now)?;
    eprintln!("registry: {} created, {} unchanged", report.created, report.unchanged);
    let departments: Vec<OrganisationRow> = organisations::table
        .filter(organisations::name.like("%局（基准）"))
        .select(OrganisationRow::as_select())
        .load(&mut *conn)?;
    if departments.is_empty() {
        return Err(RunError::usage("no generated departments found"));
    }
    let start_seq: i64 =
        complaints::table.filter(complaints::case_number.like("BENCH-%")).count().get_result(&mut *conn)?;
    let mut rng = StdRng::seed_from_u64(seed ^ start_seq as u64);
    let started = Instant::now();
    let mut done = 0usize;
    while done < cases {
        let n = BATCH.min(cases - done);
        let mut rows = Vec::with_capacity(n);
        let mut evs = Vec::with_capacity(n);
        let mut facts = Vec::with_capacity(n);
        for i in 0..n {
            let seq = start_seq + (done + i) as i64 + 1;
            let (row, ev) = generate(&mut rng, &departments, seq, now);
            facts.push(facts_of(&mut rng, &row));
            rows.push(row);
            evs.push(ev);
        }
        insert_batch(&mut conn, rows, evs, facts)?;
        done += n;
        if done % 50_000 < BATCH || done == cases {
            let rate = done as f64 / started.elapsed().as_secs_f64();
            eprint!("\r{done}/{cases} cases ({rate:.0}/s)   ");
            let _ = std::io::stderr().flush();
        }
    }
    eprintln!();
    // The insert form has no resolution: the concluded ones were found unfounded.
    diesel::update(complaints::table)
        .filter(complaints::case_number.like("BENCH-%"))
        .filter(complaints::status.eq(CaseStatus::Closed.code()))
        .filter(complaints::resolution.is_null())
        .set(complaints::resolution.eq(Resolution::Unfounded.code()))
        .execute(&mut *conn)?;
    if records > 0 {
        super::bench_records::run(&mut conn, &mut rng, records, now)?;
    }
    // Fresh statistics, so the planners pick the filter indexes for the new data.
    diesel::sql_query("ANALYZE").execute(&mut *conn)?;
    Ok(())
}

fn generate(
    rng: &mut StdRng,
    departments: &[OrganisationRow],
    seq: i64,
    now: NaiveDateTime,
) -> (ComplaintInsert, EventInsert) {
    let dept = &departments[rng.gen_range(0..departments.len())];
    let channel = CHANNELS[rng.gen_range(0..CHANNELS.len())];
    let field = Field::ALL[rng.gen_range(0..Field::ALL.len())];
    let roll: f64 = rng.gen();
    let (assigned, concluded) = (roll >= 0.2, roll >= 0.5);
    let received_at = now - Duration::minutes(rng.gen_range(0..(2 * 365 * 24 * 60)));
    let id = uuid::Uuid::now_v7().to_string();
    let complainant = format!("基准测试企业{:05}有限公司", rng.gen_range(0..50_000));
    let title = format!("合同{:06}", rng.gen_range(0..1_000_000));
    let status = match (assigned, concluded) {
        (_, true) => CaseStatus::Closed,
        (true, false) => CaseStatus::Assigned,
        _ => CaseStatus::Received,
    };
    let row = ComplaintInsert {
        id: id.clone(),
        case_number: CaseNumber::format("BENCH", 2026, seq).as_str().to_owned(),
        channel: channel.to_owned(),
        external_id: format!("BENCH-{seq}"),
        payload_sha256: format!("{:064x}", seq),
        status: status.code().to_owned(),
        field: field.code().to_owned(),
        region_code: dept.region_code.clone(),
        received_at,
        complainant_name: complainant.clone(),
        complainant_uscc: None,
        contact_name: Some("王五".to_owned()),
        contact_phone: Some(format!("139{:08}", rng.gen_range(0..100_000_000))),
        respondent_name: dept.name.clone(),
        respondent_uscc: Some(dept.uscc.clone()),
        respondent_org_id: Some(dept.id.clone()),
        handling_org_id: if assigned { dept.supervisor_id.clone() } else { None },
        contract_title: Some(title.clone()),
        contract_signed_on: Some((received_at - Duration::days(rng.gen_range(30..1500))).date()),
        contract_amount_fen: Some(rng.gen_range(1_000_000..10_000_000_000)),
        arrears_fen: Some(rng.gen_range(100_000..1_000_000_000)),
        summary: "款项逾期未支付（基准数据）".to_owned(),
        description: Some("依合同约定应于验收后30日内付款，至今未付。".to_owned()),
        attachments: "[]".to_owned(),
        duplicate_key: duplicate_key(&complainant, &dept.id, &title),
        possible_duplicate: false,
        next_step: (!concluded).then(|| if assigned { "accept" } else { "assign" }.to_owned()),
        next_due_on: (!concluded).then(|| (received_at + Duration::days(7)).date()),
        version: 1,
        created_at: received_at,
        updated_at: received_at,
    };
    let ev = EventInsert {
        event_id: uuid::Uuid::now_v7().to_string(),
        event_type: "complaint.received".to_owned(),
        occurred_at: received_at,
        complaint_id: Some(id),
        channel: Some(channel.to_owned()),
        region_code: Some(dept.region_code.clone()),
        handling_org_id: row.handling_org_id.clone(),
        subject_org_id: None,
        audience: None,
        data: serde_json::json!({"case_number": row.case_number, "channel": channel, "status": row.status}).to_string(),
    };
    (row, ev)
}

/// Oversight's facts of a generated case, as `oversight.case_facts` would have made them:
/// forwarded within five days, accepted and concluded in their time or late, rated by half.
fn facts_of(rng: &mut StdRng, row: &ComplaintInsert) -> CaseFactRow {
    let received_on = lvyue_core::time::stored_to_shanghai(row.received_at).date_naive();
    let day = |n: i64| received_on + Duration::days(n);
    let assigned = row.handling_org_id.is_some();
    let closed = row.status == CaseStatus::Closed.code();
    let routed = rng.gen_range(0..5);
    let accepted = routed + rng.gen_range(0..8);
    let concluded = accepted + rng.gen_range(5..90);
    CaseFactRow {
        complaint_id: row.id.clone(),
        region_code: row.region_code.clone(),
        channel: row.channel.clone(),
        field: row.field.clone(),
        handling_org_id: row.handling_org_id.clone(),
        received_on,
        route_due_on: Some(day(3)),
        routed_on: assigned.then(|| day(routed)),
        accept_due_on: assigned.then(|| day(routed + 5)),
        accepted_on: closed.then(|| day(accepted)),
        conclude_due_on: closed.then(|| day(accepted + 60)),
        concluded_on: closed.then(|| day(concluded)),
        working_days_to_conclusion: closed.then(|| i32::try_from(concluded * 5 / 7).unwrap_or(i32::MAX)),
        next_due_on: row.next_due_on,
        closed,
        overdue_events: i32::from(rng.gen_bool(0.1)),
        urged: i32::from(rng.gen_bool(0.05)),
        extended: i32::from(closed && rng.gen_bool(0.05)),
        determined: false,
        rectified_or_settled: false,
        reopened: 0,
        satisfaction: (closed && rng.gen_bool(0.5)).then(|| rng.gen_range(1..=5)),
        respondent_uscc: row.respondent_uscc.clone(),
    }
}

fn insert_batch(
    conn: &mut DbConn,
    rows: Vec<ComplaintInsert>,
    evs: Vec<EventInsert>,
    facts: Vec<CaseFactRow>,
) -> Result<(), lvyue_core::AppError> {
    write_tx(conn, |conn| {
        match conn {
            DbConn::Pg(pg) => {
                diesel::copy_from(complaints::table).from_insertable(&rows).execute(pg)?;
                diesel::copy_from(events::table).from_insertable(&evs).execute(pg)?;
                diesel::copy_from(oversight_case_facts::table).from_insertable(&facts).execute(pg)?;
            }
            DbConn::Sqlite(lite) => {
                // 32 columns × 250 rows stays under SQLite's bound-parameter limit.
                for chunk in rows.chunks(250) {
                    diesel::insert_into(complaints::table).values(chunk).execute(lite)?;
                }
                for chunk in evs.chunks(1000) {
                    diesel::insert_into(events::table).values(chunk).execute(lite)?;
                }
                for chunk in facts.chunks(300) {
                    diesel::insert_into(oversight_case_facts::table).values(chunk).execute(lite)?;
                }
            }
        }
        Ok(())
    })
}
