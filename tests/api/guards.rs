//! Issue 17's holes, each found by a probe and each with its regression test: a stalled upload
//! no longer freezes SQLite's writer, slow bodies time out, long filters are refused before
//! the database, webhook URLs are checked, loose dates and NUL characters are refused, and a
//! role is checked before a body.

use crate::helpers::*;
use serde_json::json;
use std::time::Duration;

/// A body that sends `first`, reports when the server asked for more (it has read `first`),
/// and then never ends until `release` is dropped.
fn stalled_body(first: String) -> (reqwest::Body, tokio::sync::oneshot::Receiver<()>, tokio::sync::mpsc::Sender<()>) {
    let (read_tx, read_rx) = tokio::sync::oneshot::channel::<()>();
    let (release_tx, release_rx) = tokio::sync::mpsc::channel::<()>(1);
    let state = (Some(first), Some(read_tx), release_rx);
    let stream = futures_util::stream::unfold(state, |(first, read_tx, mut release)| async move {
        if let Some(chunk) = first {
            return Some((Ok::<_, std::io::Error>(chunk), (None, read_tx, release)));
        }
        if let Some(tx) = read_tx {
            let _ = tx.send(());
        }
        release.recv().await;
        None
    });
    (reqwest::Body::wrap_stream(stream), read_rx, release_tx)
}

/// 17.1: a provider that sends one row of an all-or-nothing import and goes silent holds no
/// write transaction: another body's push is answered at once.
#[tokio::test]
async fn a_stalled_upload_holds_no_writer() {
    let app = spawn_app_with(&[("LVYUE_CLIENT_TIMEOUT_SECS", "60")]).await;
    let row = json!({"provider_ref": "STALL-1", "kind": "arrears", "subject_uscc": org(HUAIYUAN_FINANCE),
                     "facts": "拖欠", "grade": "general", "decided_on": "2026-11-02"});
    let (body, read, release) = stalled_body(format!("{row}\n"));
    let request = app
        .client
        .post(app.url(&format!(
            "/api/v1/credit-records/imports?all_or_nothing=true&provider={}",
            org("蚌埠市经济和信息化局")
        )))
        .bearer_auth(app.admin_token())
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send();
    let upload = tokio::spawn(request);
    read.await.expect("the server read the first row");
    let push = tokio::time::timeout(Duration::from_secs(10), app.push("hotline_12345", &lead("STALL-PUSH"))).await;
    let (status, case) = push.expect("the push was answered while the upload stalled");
    assert_eq!(status, 201, "{case}");
    drop(release);
    let _ = upload.await;
}

/// 17.2: a client that sends half a body is answered 408 after the client timeout, and the
/// connection is closed; it does not keep its connection for minutes.
#[tokio::test]
async fn a_half_sent_body_times_out() {
    let app = spawn_app_with(&[("LVYUE_CLIENT_TIMEOUT_SECS", "1")]).await;
    let (body, _read, _release) = stalled_body("{\"external_id\": \"HALF-1\", ".to_owned());
    let request = app
        .client
        .post(app.url("/api/v1/complaints"))
        .bearer_auth(app.channel_token("hotline_12345"))
        .header("content-type", "application/json")
        .body(body)
        .send();
    let answer = tokio::time::timeout(Duration::from_secs(20), request).await.expect("answered within the timeout");
    match answer {
        Ok(r) => assert_eq!(r.status(), 408),
        // The connection closed with no answer at all is as good: nothing is held.
        Err(e) => assert!(e.is_request() || e.is_body() || e.is_connect(), "{e}"),
    }
}

/// 17.3: a search term longer than the documented maximum is a 422, not a 500 from SQLite's
/// LIKE pattern limit.
#[tokio::test]
async fn free_text_filters_have_a_maximum_length() {
    let app = spawn_app().await;
    let long = "a".repeat(50_001);
    let (status, problem) = app.get_json(&format!("/api/v1/organisations?q={long}"), &app.admin_token()).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("q")), "{problem}");
    let (status, _) = app.get_json(&format!("/api/v1/organisations?q={}", "a".repeat(200)), &app.admin_token()).await;
    assert_eq!(status, 200);
}

/// 17.4: a webhook URL is https (http outside production), without user-info, and — unless
/// allowed — no loopback, link-local or private address.
#[tokio::test]
async fn webhook_urls_are_checked() {
    let app = spawn_app_with(&[("LVYUE_WEBHOOK_ALLOW_PRIVATE", "false")]).await;
    let admin = app.admin_token();
    for url in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://example.cn/",
        "https://user:secret@hotline.example.gov.cn/hook",
        "https://127.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://192.168.1.10/hook",
    ] {
        let body = json!({"name": "x", "url": url, "event_types": ["complaint.*"]});
        let (status, problem) = app.post_json("/api/v1/webhook-subscriptions", &admin, &body).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("url")), "{url}: {problem}");
    }
    let body = json!({"name": "hotline", "url": "https://hotline.example.gov.cn/hook", "event_types": ["complaint.*"]});
    let (status, created) = app.post_json("/api/v1/webhook-subscriptions", &admin, &body).await;
    assert_eq!(status, 201, "{created}");
}

/// 17.7: NUL characters in an import row are a row error on both databases; loose dates and a
/// `received_at` in 1970 are field errors; `PUT /channels/{code}` checks the role first.
#[tokio::test]
async fn nul_characters_loose_dates_and_roles_before_bodies() {
    let app = spawn_app().await;
    let provider = app.provider_token("蚌埠市经济和信息化局");
    let row = json!([{"provider_ref": "NUL-1", "kind": "arrears", "subject_uscc": org(HUAIYUAN_FINANCE),
                      "facts": "拖欠\u{0}账款", "grade": "general", "decided_on": "2026-11-02"},
                     {"provider_ref": "LOOSE-1", "kind": "arrears", "subject_uscc": org(HUAIYUAN_FINANCE),
                      "facts": "拖欠账款", "grade": "general", "decided_on": "2026-2-3"}]);
    let (status, report) =
        app.post_raw("/api/v1/credit-records/imports", &provider, "application/json", row.to_string()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["rows"][0]["errors"][0]["code"], "invalid_character", "{report}");
    assert_eq!(report["rows"][1]["errors"][0]["code"], "invalid_date", "{report}");

    let mut loose = lead("LOOSE-PUSH");
    loose["contract"]["signed_on"] = json!("2023-5-1");
    let (status, problem) = app.push("hotline_12345", &loose).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("contract.signed_on")), "{problem}");
    let mut epoch = lead("EPOCH-PUSH");
    epoch["received_at"] = json!("1970-01-01T00:00:00Z");
    let (status, problem) = app.push("hotline_12345", &epoch).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("received_at")), "{problem}");

    let (status, _) = app
        .put_json("/api/v1/channels/hotline_12345", &app.channel_token("hotline_12345"), &json!({"nonsense": 1}))
        .await;
    assert_eq!(status, 403, "the role before the body");
}

/// 17.6: the request id is lvyue's own; a client's is echoed beside it and kept in problems.
#[tokio::test]
async fn the_request_id_is_lvyues_own() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(app.url("/api/v1/complaints/nope"))
        .bearer_auth(app.admin_token())
        .header("x-request-id", "someone-elses-id-0001")
        .send()
        .await
        .unwrap();
    assert_ne!(r.headers()["x-request-id"], "someone-elses-id-0001");
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["client_request_id"], "someone-elses-id-0001");
    assert_ne!(problem["request_id"], "someone-elses-id-0001");
}

/// Issue 17, quotas: a burst over the caller's quota gets 429 with `Retry-After` and a problem
/// body; another caller is not affected; the sanction check counts against its own quota.
#[tokio::test]
async fn a_burst_over_the_quota_gets_429_with_retry_after() {
    let app =
        spawn_app_with(&[("LVYUE_RATE_LIMIT_PER_MINUTE", "5"), ("LVYUE_SANCTION_CHECK_RATE_LIMIT_PER_MINUTE", "3")])
            .await;
    let admin = app.admin_token();
    for _ in 0..5 {
        assert_eq!(app.get("/api/v1/organisations", &admin).await.status(), 200);
    }
    let r = app.get("/api/v1/organisations", &admin).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/too-many-requests");
    assert_eq!(app.get("/api/v1/organisations", &app.auditor_token()).await.status(), 200, "another caller");
    let checker = app.token(lvyue_core::Role::SanctionChecker, None, None);
    let path = format!("/api/v1/sanction-checks?subject={}&benefit=awards", org(HUAIYUAN_FINANCE));
    for _ in 0..3 {
        assert_eq!(app.get(&path, &checker).await.status(), 200);
    }
    assert_eq!(app.get(&path, &checker).await.status(), 429);
}

/// Issue 17, metrics: `/metrics` is off by default, open with `LVYUE_METRICS=true`, and
/// behind its own token with `LVYUE_METRICS_TOKEN`; it shows the per-route histogram (by route
/// pattern, never the raw path), the pools, the consumers' lag and the overdue cases.
#[tokio::test]
async fn metrics_show_the_route_histogram_when_switched_on() {
    let off = spawn_app().await;
    assert_eq!(off.client.get(off.url("/metrics")).send().await.unwrap().status(), 404);

    let app = spawn_app_with(&[("LVYUE_METRICS_TOKEN", "metrics-token-0001")]).await;
    let (_, case) = app.push("hotline_12345", &lead("MET-1")).await;
    let id = case["id"].as_str().unwrap();
    app.get_json(&format!("/api/v1/complaints/{id}"), &app.admin_token()).await;
    app.drain_consumers().await;
    assert_eq!(app.client.get(app.url("/metrics")).send().await.unwrap().status(), 404, "no token");
    let r = app.client.get(app.url("/metrics")).bearer_auth("metrics-token-0001").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = r.text().await.unwrap();
    for needle in [
        "lvyue_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/complaints/{id}\",status=\"200\"",
        "lvyue_http_requests_total{method=\"POST\",route=\"/api/v1/complaints\",status=\"201\"}",
        "lvyue_db_pool_connections{pool=\"read\"}",
        "lvyue_consumer_lag_events{consumer=\"sanction.follow\"} 0",
        "lvyue_cases_overdue",
        "lvyue_webhook_deliveries{status=\"failed\"}",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }
    assert!(!text.contains(id), "never a raw path");
}
