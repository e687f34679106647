//! Past one database: lists, figures, exports, the public pages and the feed read from a
//! streaming replica (`LVYUE_DATABASE_READ_URL`), against a real primary and hot standby.
//!
//! `make test-replica` (tests/replica.sh) starts both with initdb and pg_basebackup on ports of
//! their own and runs these with `LVYUE_TEST_REPLICA_PRIMARY` and `LVYUE_TEST_REPLICA_STANDBY`.

use crate::helpers::*;
use diesel::{Connection, RunQueryDsl};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::Arc;

/// The primary and standby servers `make test-replica` started.
fn servers() -> (String, String) {
    match (std::env::var("LVYUE_TEST_REPLICA_PRIMARY"), std::env::var("LVYUE_TEST_REPLICA_STANDBY")) {
        (Ok(primary), Ok(standby)) => (primary, standby),
        _ => {
            panic!("LVYUE_TEST_REPLICA_PRIMARY and LVYUE_TEST_REPLICA_STANDBY name the servers: run make test-replica")
        }
    }
}

/// Every event id in the primary's table.
fn events_on_primary(url: &str) -> HashSet<String> {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        event_id: String,
    }
    let mut conn = diesel::PgConnection::establish(url).unwrap();
    diesel::sql_query("SELECT event_id FROM events")
        .load::<Id>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|i| i.event_id)
        .collect()
}

/// Follows the feed from the start on the standby, as a channel platform would, until told to
/// stop and caught up with `expected`; answers every event id in the order read.
async fn follow(
    app: Arc<TestApp>,
    stop: Arc<tokio::sync::Notify>,
    expected: Arc<std::sync::Mutex<HashSet<String>>>,
) -> Vec<String> {
    let admin = app.admin_token();
    let mut cursor: Option<String> = None;
    let mut seen = Vec::new();
    let mut stopping = false;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/events?after={c}&limit=50"),
            None => "/api/v1/events?limit=50".to_owned(),
        };
        let (status, page) = app.get_json(&path, &admin).await;
        assert_eq!(status, 200, "{page}");
        for event in page["events"].as_array().unwrap() {
            seen.push(event["id"].as_str().unwrap().to_owned());
        }
        if let Some(next) = page["next_cursor"].as_str() {
            cursor = Some(next.to_owned());
        }
        if stopping {
            let have: HashSet<&String> = seen.iter().collect();
            if expected.lock().unwrap().iter().all(|e| have.contains(e)) {
                return seen;
            }
        }
        tokio::select! {
            _ = stop.notified() => stopping = true,
            _ = tokio::time::sleep(std::time::Duration::from_millis(5)) => {}
        }
    }
}

#[tokio::test]
#[ignore = "needs a primary and a hot standby: make test-replica"]
async fn the_feed_read_from_the_standby_never_skips_an_event() {
    let (primary, standby) = servers();
    let app = Arc::new(spawn_app_with_standby(primary, standby, &[]).await);
    let url = url_of(&app.config.database_url);
    // A transaction on the primary writes an event and stays open while later ones commit.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let (written, is_written) = std::sync::mpsc::channel::<()>();
    let holder_url = url.clone();
    let holder = std::thread::spawn(move || {
        let mut conn = diesel::PgConnection::establish(&holder_url).unwrap();
        conn.transaction::<_, diesel::result::Error, _>(|c| {
            diesel::sql_query(
                "INSERT INTO events (event_id, event_type, occurred_at, data) \
                 VALUES (gen_random_uuid()::text, 'test.held_open', now(), '{}')",
            )
            .execute(c)?;
            written.send(()).unwrap();
            released.recv().unwrap();
            Ok(())
        })
        .unwrap();
    });
    is_written.recv().unwrap();
    let stop = Arc::new(tokio::sync::Notify::new());
    let expected = Arc::new(std::sync::Mutex::new(HashSet::new()));
    let reader = tokio::spawn(follow(app.clone(), stop.clone(), expected.clone()));
    // Later transactions commit their events while the first is still open…
    for n in 0..20 {
        let (status, case) = app.push("hotline_12345", &lead(&format!("REP-{n}"))).await;
        assert_eq!(status, 201, "{case}");
    }
    // …then it commits, with the oldest transaction id of them all; then more follow.
    release.send(()).unwrap();
    holder.join().unwrap();
    for n in 20..30 {
        let (status, case) = app.push("hotline_12345", &lead(&format!("REP-{n}"))).await;
        assert_eq!(status, 201, "{case}");
    }
    *expected.lock().unwrap() = events_on_primary(&url);
    stop.notify_one();
    let seen = tokio::time::timeout(std::time::Duration::from_secs(30), reader)
        .await
        .expect("the reader on the standby catches up within 30 s")
        .unwrap();
    let distinct: HashSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "an event was handed out twice");
    let expected = expected.lock().unwrap().clone();
    assert_eq!(distinct.len(), expected.len(), "the standby's feed skipped events");
    assert!(expected.len() >= 61, "two events per case and the held one: {}", expected.len());
}

async fn restricted(app: &TestApp, subject: &str, benefit: &str) -> bool {
    let checker = app.token(lvyue_core::Role::SanctionChecker, None, None);
    let (status, answer) =
        app.get_json(&format!("/api/v1/sanction-checks?subject={}&benefit={benefit}", org(subject)), &checker).await;
    assert_eq!(status, 200, "{answer}");
    answer["restricted"].as_bool().unwrap()
}

#[tokio::test]
#[ignore = "needs a primary and a hot standby: make test-replica"]
async fn a_repaired_record_is_never_reported_restricted_and_the_lagging_reads_come_from_the_standby() {
    let (primary, standby) = servers();
    let app = spawn_app_with_standby(primary, standby, &[]).await;
    let case = crate::repair::determined(&app, "REP-REPAIR", "minor", None).await;
    app.drain_consumers().await;
    let admin = app.admin_token();
    let id = case["id"].as_str().unwrap().to_owned();
    // The list is read from the standby: it shows the record once replication has brought it.
    let rid = eventually("the record on the standby", || {
        let (app, admin, id) = (&app, admin.clone(), id.clone());
        async move {
            let (_, page) = app.get_json(&format!("/api/v1/credit-records?complaint_id={id}"), &admin).await;
            page["records"].get(0).map(|r| r["id"].as_str().unwrap().to_owned())
        }
    })
    .await;
    assert!(restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    let gov = app.department_token(HUAIYUAN_GOV);
    let body = json!({
        "record_id": rid, "statement": "已足额支付合同价款", "pledge": "依法依约履行",
        "evidence": [{ "name": "receipt.pdf", "url": "https://files.example.cn/r/receipt.pdf" }]
    });
    let (status, application) = app.post_json("/api/v1/repair-applications", &gov, &body).await;
    assert_eq!(status, 201, "{application}");
    let decision = json!({ "version": application["version"], "decision": "approve", "note": "已履约" });
    let path = format!("/api/v1/repair-applications/{}/decision", application["id"].as_str().unwrap());
    let (status, approved) = app.post_json(&path, &gov, &decision).await;
    assert_eq!(status, 200, "{approved}");
    // The check reads the primary: from the moment the repair is answered, never restricted.
    for _ in 0..20 {
        assert!(!restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    }
    // A standby refuses every write: each of these answering proves it read without writing.
    let lagging = [
        format!("/api/v1/public/credit-records?uscc={}", org(HUAIYUAN_FINANCE)),
        "/api/v1/complaints".to_owned(),
        "/api/v1/credit-records".to_owned(),
        "/api/v1/credit-records/export?format=csv".to_owned(),
        "/api/v1/sanctions".to_owned(),
        "/api/v1/events".to_owned(),
        "/api/v1/contracts".to_owned(),
        "/api/v1/ledger-items".to_owned(),
        "/api/v1/statistics/cases?region_code=340300&from=2026-01-01&to=2026-12-31&group_by=handling_org".to_owned(),
        "/api/v1/statistics/data-quality?region_code=340300&from=2026-01-01&to=2026-12-31".to_owned(),
    ];
    for path in lagging {
        let response = app.get(&path, &admin).await;
        let status = response.status();
        let body: Value = response.text().await.map(|t| serde_json::from_str(&t).unwrap_or(json!(t))).unwrap();
        assert_eq!(status, 200, "{path}: {body}");
    }
    // And they were the standby's to answer: the server holds connections to it.
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let read_url = url_of(app.config.database_read_url.as_ref().expect("a read URL"));
    let mut standby = diesel::PgConnection::establish(&read_url).unwrap();
    let connected: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .get_result(&mut standby)
    .unwrap();
    assert!(connected.n > 0, "no connection of the server on the standby");
}
