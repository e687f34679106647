//! The lean read path's two candidate drivers, measured on the sanction check (`make bench`
//! runs this after the HTTP scenarios, on the same database): the check as lvyue sends it —
//! diesel's query over diesel-async (`lvyue_sanction::lean::answer_one`) — and the same
//! statement written for tokio-postgres alone, rows mapped by hand into the same answer.
//!
//! Each runs as one server worker would: one thread, one connection, 16 requests in flight
//! pipelined on it, for a few seconds. It prints checks per second and the CPU this process
//! spent per check (the driver's cost: PostgreSQL's is the same statement either way).
//!
//! `cargo run --release -p lvyue-sanction --example lean_driver -- postgres://…/db [seconds]`

use diesel_async::{AsyncConnection, AsyncPgConnection};
use lvyue_core::sanction::Benefit;
use lvyue_core::Uscc;
use lvyue_sanction::check::{CheckAnswer, Restriction};
use std::rc::Rc;
use std::time::{Duration, Instant};

const IN_FLIGHT: usize = 16;

/// The statement diesel sends for the one-question check, written out.
const CHECK_SQL: &str = "SELECT target_uscc, benefit, sanction_id, measure_code, measure_name, binds, basis, \
     starts_on, planned_end_on, record_id, record_kind, record_grade FROM sanction_restrictions \
     WHERE target_uscc = $1 AND benefit = $2 ORDER BY measure_code, sanction_id";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: lean_driver DATABASE_URL [seconds]")?;
    let seconds: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(5);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    tokio::task::LocalSet::new().block_on(&runtime, async move {
        let questions = Rc::new(questions(&url).await?);
        let (n, cpu) = measure(seconds, diesel_async_checks(&url, Rc::clone(&questions))).await?;
        report("diesel-async", n, cpu, seconds);
        let (n, cpu) = measure(seconds, tokio_postgres_checks(&url, Rc::clone(&questions))).await?;
        report("tokio-postgres", n, cpu, seconds);
        Ok(())
    })
}

type Questions = Vec<(Uscc, Benefit)>;
type Checks = std::pin::Pin<Box<dyn std::future::Future<Output = Result<u64, Box<dyn std::error::Error>>>>>;

/// Half restricted subjects, half the registry's unrestricted ones (as `make bench` asks).
async fn questions(url: &str) -> Result<Questions, Box<dyn std::error::Error>> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::task::spawn_local(connection);
    let rows = client
        .query(
            "(SELECT target_uscc, benefit FROM sanction_restrictions LIMIT 2500) UNION ALL \
             (SELECT uscc, 'government_procurement' FROM organisations LIMIT 2500)",
            &[],
        )
        .await?;
    let parsed: Questions = rows
        .iter()
        .filter_map(|r| Some((Uscc::parse(r.get::<_, &str>(0)).ok()?, Benefit::from_code(r.get::<_, &str>(1))?)))
        .collect();
    if parsed.is_empty() {
        return Err("no questions: run it on a database `lvyue bench-data` filled".into());
    }
    Ok(parsed)
}

/// Runs `checks` (which stops after `seconds`) and answers how many it made and the CPU spent.
async fn measure(
    seconds: u64,
    checks: impl FnOnce(Instant) -> Checks,
) -> Result<(u64, Duration), Box<dyn std::error::Error>> {
    let cpu0 = process_cpu();
    let n = checks(Instant::now() + Duration::from_secs(seconds)).await?;
    Ok((n, process_cpu().saturating_sub(cpu0)))
}

fn report(driver: &str, n: u64, cpu: Duration, seconds: u64) {
    let per_check = cpu.as_secs_f64() * 1e6 / n.max(1) as f64;
    println!(
        "lean_driver {driver:<15} {:>9.0} checks/s   client cpu/check {per_check:>5.1} µs",
        n as f64 / seconds as f64
    );
}

fn diesel_async_checks(url: &str, questions: Rc<Questions>) -> impl FnOnce(Instant) -> Checks {
    let url = url.to_owned();
    move |until| {
        Box::pin(async move {
            let conn = Rc::new(AsyncPgConnection::establish(&url).await?);
            let tasks = (0..IN_FLIGHT).map(|t| {
                let (conn, questions) = (Rc::clone(&conn), Rc::clone(&questions));
                async move {
                    let mut n = 0u64;
                    while Instant::now() < until {
                        let (uscc, benefit) = &questions[(n as usize * IN_FLIGHT + t) % questions.len()];
                        lvyue_sanction::lean::answer_one(&conn, uscc, *benefit).await?;
                        n += 1;
                    }
                    Ok::<u64, diesel::result::Error>(n)
                }
            });
            Ok(futures_util::future::try_join_all(tasks).await?.into_iter().sum())
        })
    }
}

fn tokio_postgres_checks(url: &str, questions: Rc<Questions>) -> impl FnOnce(Instant) -> Checks {
    let url = url.to_owned();
    move |until| {
        Box::pin(async move {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await?;
            tokio::task::spawn_local(connection);
            let statement = client.prepare(CHECK_SQL).await?;
            let client = Rc::new(client);
            let tasks = (0..IN_FLIGHT).map(|t| {
                let (client, questions, statement) = (Rc::clone(&client), Rc::clone(&questions), statement.clone());
                async move {
                    let mut n = 0u64;
                    while Instant::now() < until {
                        let (uscc, benefit) = &questions[(n as usize * IN_FLIGHT + t) % questions.len()];
                        let rows = client.query(&statement, &[&uscc.as_str(), &benefit.code()]).await?;
                        let restrictions: Vec<Restriction> = rows.iter().map(restriction).collect();
                        std::hint::black_box(CheckAnswer {
                            subject: uscc.as_str().to_owned(),
                            benefit: *benefit,
                            restricted: !restrictions.is_empty(),
                            restrictions,
                        });
                        n += 1;
                    }
                    Ok::<u64, tokio_postgres::Error>(n)
                }
            });
            Ok(futures_util::future::try_join_all(tasks).await?.into_iter().sum())
        })
    }
}

fn restriction(r: &tokio_postgres::Row) -> Restriction {
    Restriction {
        sanction_id: r.get(2),
        measure: r.get(3),
        measure_name: r.get(4),
        binds: r.get(5),
        basis: r.get(6),
        starts_on: r.get(7),
        planned_end_on: r.get(8),
        record_id: r.get(9),
        record_kind: r.get(10),
        record_grade: r.get(11),
    }
}

/// This process's CPU time so far (user + system), from /proc.
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<u64>().ok()).sum();
    Duration::from_secs_f64(ticks as f64 / 100.0)
}
