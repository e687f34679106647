//! The lean read path (issue 21): on PostgreSQL the hottest reads — a case by id and by the
//! channel's id, the sanction check, the feed, the case list — are answered on the async worker over its own
//! connection, so they do not wait for the read pool; a lost lean connection is replaced and its
//! read answered by the pool; on SQLite (and with `LVYUE_LEAN_READS=off`) they use the pool.

use crate::helpers::*;
use lvyue_core::Role;
use lvyue_db::DbConn;
use std::time::Duration;

/// The hot reads as the caller who makes them most (a channel; a checker for the check).
async fn hot_reads(app: &TestApp, case_id: &str) -> Vec<(String, u16)> {
    let channel = app.channel_token("hotline_12345");
    let checker = app.token(Role::SanctionChecker, None, None);
    let mut answers = Vec::new();
    for (path, token) in [
        (format!("/api/v1/complaints/{case_id}"), &channel),
        ("/api/v1/channels/hotline_12345/complaints/LEAN-1".to_owned(), &channel),
        ("/api/v1/sanction-checks?subject=11340321MB0000010K&benefit=government_procurement".to_owned(), &checker),
        ("/api/v1/events?limit=5".to_owned(), &channel),
        ("/api/v1/complaints?limit=5&status=received".to_owned(), &channel),
    ] {
        let status = app.get(&path, token).await.status().as_u16();
        answers.push((path, status));
    }
    answers
}

/// Every connection of the read pool taken and held by the test.
fn hold_the_read_pool(app: &TestApp, size: usize) -> Vec<lvyue_db::PooledConn> {
    (0..size).map(|_| app.app_state.pool.get().expect("a pooled connection")).collect()
}

#[tokio::test]
async fn the_hot_reads_do_not_wait_for_the_read_pool_on_postgresql() {
    let app = spawn_app_with(&[("LVYUE_DB_POOL_SIZE", "2"), ("LVYUE_DB_CHECKOUT_TIMEOUT_MS", "300")]).await;
    let (status, case) = app.push("hotline_12345", &lead("LEAN-1")).await;
    assert_eq!(status, 201, "{case}");
    let case_id = case["id"].as_str().unwrap().to_owned();
    let on_postgres = matches!(*app.app_state.pool.get().unwrap(), DbConn::Pg(_));
    assert_eq!(app.app_state.lean.is_some(), on_postgres, "the lean path exists on PostgreSQL only");

    let held = hold_the_read_pool(&app, 2);
    let expected = if on_postgres { 200 } else { 503 };
    for (path, status) in hot_reads(&app, &case_id).await {
        assert_eq!(status, expected, "{path} with the read pool held");
    }
    // An admin's read of a case also reads its linked cases: both statements on the lean path.
    let admin = app.get(&format!("/api/v1/complaints/{case_id}"), &app.admin_token()).await;
    assert_eq!(admin.status().as_u16(), expected);
    // The credit office's read looks up its organisation and audits clear contact data: the pool.
    let office = app.credit_office_token();
    let waiting = app.get(&format!("/api/v1/complaints/{case_id}"), &office).await;
    assert_eq!(waiting.status().as_u16(), 503, "the credit office's read waits for the pool");
    drop(held);
    let (status, seen) = app.get_json(&format!("/api/v1/complaints/{case_id}"), &office).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["complainant"]["contact_phone"], "13812345678", "the credit office sees contact data in clear");
    // The lean answer is the pooled answer.
    let channel = app.channel_token("hotline_12345");
    let (_, lean) = app.get_json(&format!("/api/v1/complaints/{case_id}"), &channel).await;
    assert_eq!(lean["complainant"]["contact_phone"], "138****5678");
    assert_eq!(lean["id"], case["id"]);
    assert_eq!(lean["allowed_actions"], case["allowed_actions"]);
}

#[tokio::test]
async fn with_the_lean_path_off_the_hot_reads_use_the_read_pool() {
    let app = spawn_app_with(&[
        ("LVYUE_DB_POOL_SIZE", "2"),
        ("LVYUE_DB_CHECKOUT_TIMEOUT_MS", "300"),
        ("LVYUE_LEAN_READS", "off"),
    ])
    .await;
    let (_, case) = app.push("hotline_12345", &lead("LEAN-1")).await;
    assert!(app.app_state.lean.is_none());
    let held = hold_the_read_pool(&app, 2);
    for (path, status) in hot_reads(&app, case["id"].as_str().unwrap()).await {
        assert_eq!(status, 503, "{path} waits for the held pool");
    }
    drop(held);
    for (path, status) in hot_reads(&app, case["id"].as_str().unwrap()).await {
        assert_eq!(status, 200, "{path}");
    }
}

#[tokio::test]
async fn a_lean_connection_lost_to_the_server_is_replaced_and_no_read_fails() {
    let app = spawn_app().await;
    let (_, case) = app.push("hotline_12345", &lead("LEAN-1")).await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    for (path, status) in hot_reads(&app, &case_id).await {
        assert_eq!(status, 200, "{path}");
    }
    // PostgreSQL ends every other session of the database (an operator's pg_terminate_backend,
    // a failover): the lean connection and the pooled ones alike.
    let terminated = {
        let pool = app.app_state.write_pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().unwrap();
            let DbConn::Pg(pg) = &mut *conn else { return 0 };
            use diesel::RunQueryDsl;
            diesel::sql_query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            .execute(pg)
            .unwrap()
        })
        .await
        .unwrap()
    };
    if app.app_state.lean.is_none() {
        return; // SQLite: nothing to lose.
    }
    assert!(terminated >= 1, "the lean connection was among the sessions ended");
    tokio::time::sleep(Duration::from_millis(50)).await; // the terminations reach the sockets
                                                         // The lean reads fail over to the pool (whose own lost connections may answer 503 once
                                                         // each, as before); within a few rounds everything answers 200 again, never 500.
    let mut last = Vec::new();
    for _ in 0..6 {
        last = hot_reads(&app, &case_id).await;
        for (path, status) in &last {
            assert!(*status == 200 || *status == 503, "{path}: {status}");
        }
    }
    assert!(last.iter().all(|(_, s)| *s == 200), "{last:?}");
}
