//! Webhooks to a local receiver that verifies Standard Webhooks signatures: retries after
//! failures with each event accepted exactly once by `webhook-id`, 410 Gone, replays by
//! hand, a delivery whose sender died mid-flight, and two replicas sharing the work.

use crate::helpers::*;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use lvyue_core::Clock;
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What the receiver answers.
#[derive(Clone, Copy)]
enum Answer {
    /// 500 for the first `n` attempts of each webhook-id, then 204.
    FailFirst(usize),
    /// 410 Gone.
    Gone,
}

#[derive(Clone, Debug)]
struct Hit {
    id: String,
    status: u16,
    signature_valid: bool,
    body: Value,
}

struct Receiver {
    url: String,
    answer: Arc<Mutex<Answer>>,
    secret: Arc<Mutex<String>>,
    hits: Arc<Mutex<Vec<Hit>>>,
}

fn verify(secret: &str, id: &str, timestamp: &str, body: &[u8], header: &str) -> bool {
    let Ok(key) = STANDARD.decode(secret.trim_start_matches("whsec_")) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    header.split(' ').any(|s| s == expected)
}

async fn receiver(answer: Answer) -> Receiver {
    let answer = Arc::new(Mutex::new(answer));
    let secret = Arc::new(Mutex::new(String::new()));
    let hits: Arc<Mutex<Vec<Hit>>> = Arc::new(Mutex::new(Vec::new()));
    let (a, s, h) = (answer.clone(), secret.clone(), hits.clone());
    let server = HttpServer::new(move || {
        let (a, s, h) = (a.clone(), s.clone(), h.clone());
        App::new().route(
            "/hook",
            web::post().to(move |req: HttpRequest, body: web::Bytes| {
                let (a, s, h) = (a.clone(), s.clone(), h.clone());
                async move {
                    let header = |n: &str| req.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                    let id = header("webhook-id");
                    let ts = header("webhook-timestamp");
                    let now = chrono::Utc::now().timestamp();
                    let fresh = ts.parse::<i64>().is_ok_and(|t| (now - t).abs() < 300);
                    let valid = fresh && verify(&s.lock().unwrap(), &id, &ts, &body, &header("webhook-signature"));
                    let mut hits = h.lock().unwrap();
                    let earlier = hits.iter().filter(|x| x.id == id).count();
                    let status = match *a.lock().unwrap() {
                        Answer::Gone => 410,
                        Answer::FailFirst(n) if earlier < n => 500,
                        Answer::FailFirst(_) => 204,
                    };
                    hits.push(Hit {
                        id,
                        status,
                        signature_valid: valid,
                        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                    });
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
                }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    Receiver { url: format!("http://127.0.0.1:{port}/hook"), answer, secret, hits }
}

impl Receiver {
    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// The webhook-ids answered with a 2xx, with how many times each.
    fn accepted(&self) -> HashMap<String, usize> {
        let mut out = HashMap::new();
        for h in self.hits().into_iter().filter(|h| (200..300).contains(&h.status)) {
            *out.entry(h.id).or_insert(0) += 1;
        }
        out
    }

    /// Waits for background dispatchers (replicas) until `n` events were accepted.
    async fn wait_for_accepted(&self, n: usize) -> HashMap<String, usize> {
        eventually(&format!("the receiver accepting {n} events"), || async {
            let accepted = self.accepted();
            (accepted.len() >= n).then_some(accepted)
        })
        .await
    }
}

const FAST: [(&str, &str); 2] = [("LVYUE_WEBHOOK_POLL_MS", "20"), ("LVYUE_WEBHOOK_RETRY_BASE_MS", "0")];

async fn subscribe(app: &TestApp, r: &Receiver, extra: Value) -> Value {
    let mut body = json!({"name": "12345 热线平台", "url": r.url});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let (status, sub) = app.post_json("/api/v1/webhook-subscriptions", &app.admin_token(), &body).await;
    assert_eq!(status, 201, "{sub}");
    *r.secret.lock().unwrap() = sub["secret"].as_str().unwrap().to_owned();
    sub
}

#[tokio::test]
async fn deliveries_are_signed_retried_and_each_event_accepted_exactly_once() {
    let app = spawn_app_with(&FAST).await;
    let r = receiver(Answer::FailFirst(2)).await;
    let (status, _) = app
        .post_json("/api/v1/webhook-subscriptions", &app.credit_office_token(), &json!({"name": "x", "url": r.url}))
        .await;
    assert_eq!(status, 403);
    let (status, problem) = app
        .post_json("/api/v1/webhook-subscriptions", &app.admin_token(), &json!({"name": "x", "url": "not a url"}))
        .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("url")));
    let both = json!({"name": "x", "url": r.url, "channel": "hotline_12345", "region_code": "340300"});
    let (status, problem) = app.post_json("/api/v1/webhook-subscriptions", &app.admin_token(), &both).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("conflicting_scope")));
    let sub = subscribe(&app, &r, json!({"channel": "hotline_12345"})).await;
    assert!(sub["secret"].as_str().unwrap().starts_with("whsec_"));
    let (_, list) = app.get_json("/api/v1/webhook-subscriptions", &app.auditor_token()).await;
    assert_eq!(list["subscriptions"][0]["id"], sub["id"]);
    assert!(list["subscriptions"][0].get("secret").is_none(), "the secret is shown once");

    let dept = app.department_token(HUAIYUAN_GOV);
    let (_, case) = app.push("hotline_12345", &lead("H-1")).await;
    let case = app.step(&case, "accept", &dept, json!({})).await;
    app.push("petition", &lead("P-1")).await; // another channel's: not for this subscriber

    app.deliver_webhooks().await;
    let accepted = r.accepted();
    assert_eq!(app.deliver_webhooks().await, 0, "nothing is due any more");
    let hits = r.hits();
    assert!(hits.iter().all(|h| h.signature_valid), "every attempt is signed: {hits:?}");
    assert_eq!(r.accepted(), accepted, "nothing accepted twice");
    assert!(accepted.values().all(|&n| n == 1));
    assert_eq!(hits.len(), 9, "two failures and a success for each of three events");
    let mut types: Vec<&str> =
        hits.iter().filter(|h| h.status == 204).map(|h| h.body["type"].as_str().unwrap()).collect();
    types.sort_unstable();
    assert_eq!(types, ["complaint.accepted", "complaint.assigned", "complaint.received"]);
    let accepted_body = hits.iter().find(|h| h.body["type"] == "complaint.accepted").unwrap();
    assert_eq!(accepted_body.body["complaint_id"], case["id"]);
    assert_eq!(accepted_body.body["data"]["status"], "verifying");
    assert_eq!(accepted_body.body["event_id"].as_str(), Some(accepted_body.id.as_str()));

    // Every attempt is recorded and listable.
    let sub_id = sub["id"].as_str().unwrap();
    let (_, page) = app
        .get_json(&format!("/api/v1/webhook-subscriptions/{sub_id}/deliveries?status=succeeded"), &app.auditor_token())
        .await;
    let deliveries = page["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 3);
    assert!(deliveries.iter().all(|d| d["attempts"] == 3));
    let one = deliveries[0]["id"].as_str().unwrap();
    let (_, detail) = app.get_json(&format!("/api/v1/webhook-deliveries/{one}"), &app.admin_token()).await;
    let codes: Vec<i64> =
        detail["attempt_log"].as_array().unwrap().iter().map(|a| a["status_code"].as_i64().unwrap()).collect();
    assert_eq!(codes, [500, 500, 204]);
    let (status, _) = app
        .get_json(&format!("/api/v1/webhook-subscriptions/{sub_id}/deliveries"), &app.channel_token("hotline_12345"))
        .await;
    assert_eq!(status, 403);

    // A replay by hand sends the same webhook-id again, now.
    let (status, _) =
        app.post_json(&format!("/api/v1/webhook-deliveries/{one}/replay"), &app.auditor_token(), &json!({})).await;
    assert_eq!(status, 403);
    let (status, replayed) =
        app.post_json(&format!("/api/v1/webhook-deliveries/{one}/replay"), &app.admin_token(), &json!({})).await;
    assert_eq!(status, 200, "{replayed}");
    let log = replayed["attempt_log"].as_array().unwrap();
    assert_eq!(
        (log.len(), log[3]["manual"].as_bool(), replayed["status"].as_str()),
        (4, Some(true), Some("succeeded"))
    );
    let again: Vec<Hit> = r.hits().into_iter().filter(|h| h.id == replayed["webhook_id"].as_str().unwrap()).collect();
    assert_eq!(again.len(), 4);
    let (status, _) = app.post_json("/api/v1/webhook-deliveries/999999/replay", &app.admin_token(), &json!({})).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_410_disables_the_subscription_until_an_admin_enables_it_again() {
    let app = spawn_app_with(&FAST).await;
    let r = receiver(Answer::Gone).await;
    let sub = subscribe(&app, &r, json!({"event_types": ["complaint.received"]})).await;
    app.push("hotline_12345", &lead("G-1")).await;
    app.deliver_webhooks().await;
    assert_eq!(r.hits().len(), 1);
    let id = sub["id"].as_str().unwrap();
    let (_, disabled) = app.get_json(&format!("/api/v1/webhook-subscriptions/{id}"), &app.admin_token()).await;
    assert_eq!(disabled["active"], false, "disabled after the 410");
    assert!(disabled["disabled_reason"].as_str().unwrap().contains("410"));
    let (_, failed) =
        app.get_json(&format!("/api/v1/webhook-subscriptions/{id}/deliveries?status=failed"), &app.admin_token()).await;
    assert_eq!(failed["deliveries"].as_array().unwrap().len(), 1);
    let gone = failed["deliveries"][0]["id"].as_str().unwrap();
    let (status, problem) =
        app.post_json(&format!("/api/v1/webhook-deliveries/{gone}/replay"), &app.admin_token(), &json!({})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("subscription_inactive")), "{problem}");

    // Nothing is sent while disabled; enabled again, what it missed follows.
    app.push("hotline_12345", &lead("G-2")).await;
    app.deliver_webhooks().await;
    assert_eq!(r.hits().len(), 1);
    *r.answer.lock().unwrap() = Answer::FailFirst(0);
    let (status, stale) = app
        .client
        .patch(app.url(&format!("/api/v1/webhook-subscriptions/{id}")))
        .bearer_auth(app.admin_token())
        .json(&json!({"version": 1, "active": true}))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map(|s| (s, ()))
        .unwrap();
    assert_eq!((status, stale), (409, ()));
    let r2 = app
        .client
        .patch(app.url(&format!("/api/v1/webhook-subscriptions/{id}")))
        .bearer_auth(app.admin_token())
        .json(&json!({"version": disabled["version"], "active": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r2.status().as_u16(), 200);
    app.deliver_webhooks().await;
    let accepted = r.accepted();
    assert_eq!(accepted.len(), 1);
    let types: Vec<String> = r.hits().iter().map(|h| h.body["type"].as_str().unwrap().to_owned()).collect();
    assert_eq!(types, ["complaint.received", "complaint.received"], "only the filtered type, the missed one included");
}

#[tokio::test]
async fn a_delivery_whose_sender_died_is_sent_again_with_the_same_webhook_id() {
    let app = spawn_app_with(&[("LVYUE_JOBS", "off")]).await;
    let r = receiver(Answer::FailFirst(0)).await;
    subscribe(&app, &r, json!({})).await;
    app.push("hotline_12345", &lead("K-1")).await;
    app.wait_for_feed_horizon().await;

    // A replica claims the deliveries and dies before sending them.
    let state = app.app_state.clone();
    let claimed = tokio::task::spawn_blocking(move || {
        let mut conn = state.write_pool.get().unwrap();
        let now = state.now();
        lvyue_webhooks::fanout::run(&mut conn, now, chrono::Duration::hours(72)).unwrap();
        lvyue_webhooks::dispatch::claim(&mut conn, now, chrono::Duration::seconds(45), 100).unwrap()
    })
    .await
    .unwrap();
    let mut claimed_ids: Vec<String> = claimed.iter().map(|j| j.delivery.event_id.clone()).collect();
    claimed_ids.sort();
    assert_eq!(claimed_ids.len(), 2, "received and assigned");

    // A live dispatcher leaves them alone while the lease runs…
    assert_eq!(app.deliver_webhooks().await, 0);
    assert!(r.hits().is_empty(), "leased deliveries are not sent twice at once");

    // …and sends them once it has run out, under the same webhook-ids.
    app.clock.set(app.clock.now() + chrono::Duration::minutes(2));
    assert_eq!(app.deliver_webhooks().await, 2);
    let accepted = r.accepted();
    let mut got: Vec<String> = accepted.keys().cloned().collect();
    got.sort();
    assert_eq!(got, claimed_ids);
}

#[tokio::test]
async fn two_replicas_share_the_work_and_deliver_each_event_once() {
    let app = spawn_app_with(&[FAST[0], FAST[1], ("LVYUE_JOBS", "on")]).await;
    app.spawn_replica().await;
    let r = receiver(Answer::FailFirst(0)).await;
    let sub = subscribe(&app, &r, json!({"channel": "hotline_12345"})).await;
    for i in 0..10 {
        let (status, _) = app.push("hotline_12345", &lead(&format!("T-{i}"))).await;
        assert_eq!(status, 201);
    }
    let accepted = r.wait_for_accepted(20).await;
    assert!(accepted.values().all(|&n| n == 1));
    // Every delivery recorded as sent once: nothing is left that could be sent again.
    let sub_id = sub["id"].as_str().unwrap();
    let path = format!("/api/v1/webhook-subscriptions/{sub_id}/deliveries?status=succeeded&limit=200");
    let deliveries = eventually("every delivery recorded", || async {
        let (_, page) = app.get_json(&path, &app.admin_token()).await;
        let list = page["deliveries"].as_array().cloned().unwrap_or_default();
        (list.len() == 20).then_some(list)
    })
    .await;
    assert!(deliveries.iter().all(|d| d["attempts"] == 1), "{deliveries:?}");
    assert_eq!(r.hits().len(), 20, "no event sent twice: {:?}", r.accepted());
}

#[tokio::test]
async fn the_public_credit_platform_receives_shared_credit_records_and_nothing_about_cases() {
    let app = spawn_app_with(&FAST).await;
    let r = receiver(Answer::FailFirst(0)).await;
    let both = json!({"name": "x", "url": r.url, "credit_platform": true, "channel": "hotline_12345"});
    let (status, problem) = app.post_json("/api/v1/webhook-subscriptions", &app.admin_token(), &both).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("conflicting_scope")));
    let sub = subscribe(&app, &r, json!({"name": "安徽省公共信用信息共享服务平台", "credit_platform": true})).await;
    assert_eq!(sub["credit_platform"], true);

    app.push("hotline_12345", &lead("CP-1")).await;
    let row = |reference: &str, visibility: &str| {
        json!({"provider_ref": reference, "kind": "arrears", "subject_uscc": org(WUHE_GOV), "facts": "拖欠账款",
               "grade": "general", "decided_on": "2026-11-02", "visibility": visibility})
    };
    let rows = json!([row("CP-A", "public"), row("CP-B", "internal")]);
    let provider = app.token(lvyue_core::Role::DataProvider, Some(&org("蚌埠市经济和信息化局")), None);
    let (status, report) =
        app.post_raw("/api/v1/credit-records/imports", &provider, "application/json", rows.to_string()).await;
    assert_eq!(status, 200, "{report}");

    app.deliver_webhooks().await;
    let hits = r.hits();
    assert_eq!(hits.len(), 1, "only the public record, no case event: {hits:?}");
    assert!(hits[0].signature_valid);
    assert_eq!(hits[0].body["type"], "credit_record.created");
    assert_eq!(hits[0].body["data"]["record"]["source"]["provider_ref"], "CP-A");
}
