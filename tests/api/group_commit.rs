//! Intake by group commit: many leads in one transaction, each answered on its own, and
//! nothing acknowledged lost when the server is killed.

use crate::helpers::*;
use lvyue_core::{Actor, AppError, ChannelCode, Role};
use lvyue_intake::submit::{prepare, NewLead, Prepared};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A channel's actor, as a token would make it.
fn channel_actor(channel: &str) -> Actor {
    Actor {
        subject: format!("{channel}-platform"),
        role: Role::Channel,
        org: None,
        channel: Some(ChannelCode::parse(channel).unwrap()),
        request_id: uuid::Uuid::new_v4().to_string(),
        client_request_id: None,
    }
}

#[tokio::test]
async fn one_batch_makes_one_case_per_lead_and_answers_each_lead_on_its_own() {
    let app = spawn_app().await;
    let state = app.app_state.clone();
    let mut other_content = lead("GC-A");
    other_content["summary"] = json!("另一份内容不同的线索");
    // The same lead as GC-B's, through another channel: a possible duplicate of it.
    let mut from_petition = lead("GC-D");
    from_petition["summary"] = lead("GC-B")["summary"].clone();
    let pushed = vec![
        ("hotline_12345", lead("GC-A")),
        ("hotline_12345", lead("GC-B")),
        ("hotline_12345", lead("GC-A")),
        ("hotline_12345", other_content),
        ("petition", from_petition),
    ];
    let answers = tokio::task::spawn_blocking(move || {
        lvyue_intake::context::with_context(&state, |ctx| {
            let mut conn = state.pool.get().unwrap();
            let leads: Vec<NewLead> = pushed
                .into_iter()
                .map(|(channel, body)| {
                    let submission = serde_json::from_value(body.clone()).unwrap();
                    match prepare(&mut conn, ctx, &channel_actor(channel), submission, &body).unwrap() {
                        Prepared::New(lead) => *lead,
                        Prepared::Answered(_) => panic!("nothing is written yet"),
                    }
                })
                .collect();
            let mut conn = state.write_pool.get().unwrap();
            lvyue_intake::batch::write(&mut conn, ctx, &leads).expect("the batch commits")
        })
    })
    .await
    .unwrap();

    let [a, b, a_again, a_other, d] = <[_; 5]>::try_from(answers).ok().unwrap();
    let (a, b, a_again, d) = (a.unwrap(), b.unwrap(), a_again.unwrap(), d.unwrap());
    assert!(a.created && b.created && d.created);
    // Pushed twice within the batch: one case, the second push answered as a replay.
    assert!(!a_again.created);
    assert_eq!(a_again.complaint.id, a.complaint.id);
    // The same external id with other content fails alone.
    assert!(matches!(a_other, Err(AppError::Conflict { code, .. }) if code == "idempotency_conflict"));
    // Three cases, three case numbers.
    let numbers: HashSet<_> = [&a, &b, &d].iter().map(|s| s.complaint.case_number.clone()).collect();
    assert_eq!(numbers.len(), 3);

    // Everything a case is made of was committed with it, as the API shows.
    let admin = app.admin_token();
    let (_, page) = app.get_json("/api/v1/complaints", &admin).await;
    assert_eq!(page["complaints"].as_array().unwrap().len(), 3);
    for (case, steps) in [(&a, 2), (&b, 2), (&d, 2)] {
        let (status, timeline) =
            app.get_json(&format!("/api/v1/complaints/{}/timeline", case.complaint.id), &admin).await;
        assert_eq!(status, 200);
        assert_eq!(timeline["steps"].as_array().map(Vec::len), Some(steps), "{timeline}");
    }
    // GC-D (same complainant, respondent and contract, another channel) is linked with both
    // earlier cases; GC-A and GC-B came through one channel and are not linked with each other.
    let (_, d_now) = app.get_json(&format!("/api/v1/complaints/{}", d.complaint.id), &admin).await;
    assert_eq!(d_now["possible_duplicate"], true);
    assert_eq!(d_now["possible_duplicates"].as_array().map(Vec::len), Some(2), "{d_now}");
    let (_, a_now) = app.get_json(&format!("/api/v1/complaints/{}", a.complaint.id), &admin).await;
    assert_eq!(a_now["possible_duplicate"], true);
    assert_eq!(a_now["possible_duplicates"].as_array().map(Vec::len), Some(1), "{a_now}");
    let received: Vec<Value> =
        app.all_events(&admin).await.into_iter().filter(|e| e["type"] == "complaint.received").collect();
    assert_eq!(received.len(), 3);
}

#[tokio::test]
async fn concurrent_pushes_with_repeats_and_conflicts_each_get_their_own_answer() {
    let app = Arc::new(spawn_app().await);
    let mut pushes: Vec<(String, Value)> = (0..40).map(|i| (format!("CC-{i}"), lead(&format!("CC-{i}")))).collect();
    // Ten leads pushed twice, five pushed again with other content.
    pushes.extend((0..10).map(|i| (format!("CC-{i}"), lead(&format!("CC-{i}")))));
    for i in 30..35 {
        let mut other = lead(&format!("CC-{i}"));
        other["summary"] = json!("同一外部编号、内容不同");
        pushes.push((format!("CC-{i}"), other));
    }
    let tasks: Vec<_> = pushes
        .into_iter()
        .map(|(external_id, body)| {
            let app = app.clone();
            tokio::spawn(async move { (external_id, app.push("hotline_12345", &body).await) })
        })
        .collect();
    let mut created = 0;
    let mut conflicts = 0;
    let mut case_of: HashMap<String, HashSet<String>> = HashMap::new();
    for task in tasks {
        let (external_id, (status, body)) = task.await.unwrap();
        match status {
            201 => created += 1,
            200 => {}
            409 => {
                assert_eq!(body["code"], "idempotency_conflict", "{body}");
                conflicts += 1;
                continue;
            }
            other => panic!("{other} {body}"),
        }
        case_of.entry(external_id).or_default().insert(body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(created, 40);
    assert_eq!(conflicts, 5);
    assert!(case_of.values().all(|ids| ids.len() == 1), "one case per lead: {case_of:?}");
    let (_, page) = app.get_json("/api/v1/complaints?limit=100", &app.admin_token()).await;
    assert_eq!(page["complaints"].as_array().unwrap().len(), 40);
}

/// Run only as the child of [`no_acknowledged_lead_is_lost_when_the_server_is_killed`]: serves
/// the database it is given until it is killed.
#[tokio::test]
#[ignore = "the server process of the kill test; started by it"]
async fn server_process_for_the_kill_test() {
    let (Ok(url), Ok(dir)) = (std::env::var("LVYUE_KILL_TEST_DB"), std::env::var("LVYUE_KILL_TEST_DIR")) else {
        panic!("started by the kill test only");
    };
    let mut env = test_env(&url, std::path::Path::new(&dir));
    env.insert("LVYUE_WORKERS".into(), "2".into());
    let config = lvyue::config::Config::from_vars(env).expect("config");
    let app = lvyue::startup::Application::build(config).expect("build");
    println!("LISTENING {}", app.port());
    app.run_until_stopped().await.expect("serve");
}

#[tokio::test]
async fn no_acknowledged_lead_is_lost_when_the_server_is_killed() {
    let app = Arc::new(spawn_app().await);
    let url = url_of(&app.config.database_url);
    let dir = std::env::temp_dir().join(format!("lvyue-kill-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["group_commit::server_process_for_the_kill_test", "--exact", "--ignored", "--nocapture"])
        .env("LVYUE_KILL_TEST_DB", &url)
        .env("LVYUE_KILL_TEST_DIR", &dir)
        .env("LVYUE_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let port = {
        use std::io::BufRead;
        let stdout = child.stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(stdout).lines();
        loop {
            let line = lines.next().expect("the server prints its port").unwrap();
            if let Some(port) = line.strip_prefix("LISTENING ") {
                break port.trim().to_owned();
            }
        }
    };
    let address = format!("http://127.0.0.1:{port}");
    let token = app.channel_token("hotline_12345");
    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<(String, String)>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Sixteen clients push distinct leads as fast as they are answered.
    let clients: Vec<_> = (0..16)
        .map(|c| {
            let (client, address, token) = (app.client.clone(), address.clone(), token.clone());
            let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
            tokio::spawn(async move {
                for n in 0.. {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let external_id = format!("KILL-{c}-{n}");
                    let sent = client
                        .post(format!("{address}/api/v1/complaints"))
                        .bearer_auth(&token)
                        .json(&lead(&external_id))
                        .send()
                        .await;
                    let Ok(response) = sent else { break };
                    if response.status() != 201 {
                        break;
                    }
                    let Ok(case) = response.json::<Value>().await else { break };
                    acknowledged.lock().unwrap().push((external_id, case["id"].as_str().unwrap().to_owned()));
                }
            })
        })
        .collect();
    // Kill the server mid-load, once it has acknowledged a few hundred leads.
    let started = std::time::Instant::now();
    while acknowledged.lock().unwrap().len() < 200 {
        assert!(started.elapsed() < std::time::Duration::from_secs(120), "200 leads not acknowledged in 2 minutes");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 200);
    // Every acknowledged lead is there, under the case it was answered with.
    let admin = app.admin_token();
    for (external_id, id) in &acknowledged {
        let (status, case) =
            app.get_json(&format!("/api/v1/channels/hotline_12345/complaints/{external_id}"), &admin).await;
        assert_eq!(status, 200, "{external_id} was acknowledged and is lost");
        assert_eq!(case["id"], id.as_str());
    }
    let _ = std::fs::remove_dir_all(dir);
}
