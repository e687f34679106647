//! Pushing leads: idempotency, routing, assignment, duplicates, lists and the timeline.

use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn a_lead_is_routed_to_the_respondents_supervising_body() {
    let app = spawn_app().await;
    let (status, case) = app.push("hotline_12345", &lead("L-1")).await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(case["status"], "assigned");
    assert_eq!(case["handling_org"]["uscc"], org(HUAIYUAN_GOV));
    assert_eq!(case["respondent"]["organisation"]["uscc"], org(HUAIYUAN_FINANCE));
    assert_eq!(case["case_number"], "BB-2026-000001");
    assert_eq!(case["version"], 1);
    // Assigned on Sunday 22 Nov: five working days → Friday 27 Nov.
    assert_eq!(case["next_deadline"], json!({"step": "accept", "due_on": "2026-11-27", "overdue": false}));
    insta::assert_json_snapshot!("created_case", case, {
        ".id" => "[id]", ".respondent.organisation.id" => "[id]", ".handling_org.id" => "[id]",
        ".created_at" => "[time]", ".updated_at" => "[time]"
    });
}

#[tokio::test]
async fn the_same_lead_twice_answers_the_same_case() {
    let app = spawn_app().await;
    let (first, a) = app.push("hotline_12345", &lead("L-1")).await;
    let (second, b) = app.push("hotline_12345", &lead("L-1")).await;
    assert_eq!((first, second), (201, 200));
    assert_eq!(a["id"], b["id"]);
    assert_eq!(a["case_number"], b["case_number"]);
    // Key order does not matter: the fingerprint is of canonical JSON.
    let reordered: serde_json::Value = serde_json::from_str(&{
        let mut keys: Vec<(String, serde_json::Value)> = lead("L-1").as_object().unwrap().clone().into_iter().collect();
        keys.reverse();
        let map: serde_json::Map<String, serde_json::Value> = keys.into_iter().collect();
        serde_json::Value::Object(map).to_string()
    })
    .unwrap();
    let (third, c) = app.push("hotline_12345", &reordered).await;
    assert_eq!(third, 200);
    assert_eq!(c["id"], a["id"]);
}

#[tokio::test]
async fn the_same_external_id_with_other_content_is_a_conflict() {
    let app = spawn_app().await;
    app.push("hotline_12345", &lead("L-1")).await;
    let mut changed = lead("L-1");
    changed["arrears_fen"] = json!(1);
    let (status, problem) = app.push("hotline_12345", &changed).await;
    assert_eq!(status, 409);
    assert_eq!(problem["type"], "/problems/idempotency-conflict");
    assert_eq!(problem["code"], "idempotency_conflict");
    // The same external id from another channel is another lead.
    let (other, _) = app.push("petition", &lead("L-1")).await;
    assert_eq!(other, 201);
}

#[tokio::test]
async fn thirty_two_concurrent_identical_pushes_create_one_case() {
    let app = std::sync::Arc::new(spawn_app().await);
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move { app.push("hotline_12345", &lead("RACE-1")).await }));
    }
    let mut created = 0;
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let (status, case) = t.await.unwrap();
        assert!(status == 200 || status == 201, "{status} {case}");
        if status == 201 {
            created += 1;
        }
        ids.insert(case["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(created, 1);
    assert_eq!(ids.len(), 1);
    let (_, page) = app.get_json("/api/v1/complaints", &app.admin_token()).await;
    assert_eq!(page["complaints"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_unresolved_respondent_waits_for_the_credit_office() {
    let app = spawn_app().await;
    let (status, case) = app.push("credit_website", &unresolved_lead("U-1")).await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(case["status"], "received");
    assert!(case["handling_org"].is_null());
    // Received Friday 20 Nov: three working days to route → Wednesday 25 Nov.
    assert_eq!(case["next_deadline"]["step"], "assign");
    assert_eq!(case["next_deadline"]["due_on"], "2026-11-25");
    let id = case["id"].as_str().unwrap();

    // The finance bureau cannot see it yet.
    let dept = app.department_token(CITY_FINANCE);
    assert_eq!(app.get(&format!("/api/v1/complaints/{id}"), &dept).await.status(), 404);
    // A channel cannot assign.
    let body = json!({"version": 1, "handling_org": org(CITY_FINANCE), "note": "财政资金支付事项"});
    let (forbidden, _) = app
        .post_json(&format!("/api/v1/complaints/{id}/actions/assign"), &app.channel_token("credit_website"), &body)
        .await;
    assert_eq!(forbidden, 403);
    // A stale version is refused.
    let (stale, problem) = app
        .post_json(
            &format!("/api/v1/complaints/{id}/actions/assign"),
            &app.credit_office_token(),
            &json!({"version": 7, "handling_org": org(CITY_FINANCE)}),
        )
        .await;
    assert_eq!(stale, 409);
    assert_eq!(problem["code"], "stale_version");

    let (ok, assigned) =
        app.post_json(&format!("/api/v1/complaints/{id}/actions/assign"), &app.credit_office_token(), &body).await;
    assert_eq!(ok, 200, "{assigned}");
    assert_eq!(assigned["status"], "assigned");
    assert_eq!(assigned["version"], 2);
    assert_eq!(assigned["handling_org"]["uscc"], org(CITY_FINANCE));
    assert_eq!(assigned["next_deadline"]["step"], "accept");

    // Now the department sees it, and assigning again is a wrong step.
    assert_eq!(app.get(&format!("/api/v1/complaints/{id}"), &dept).await.status(), 200);
    let (again, problem) = app
        .post_json(
            &format!("/api/v1/complaints/{id}/actions/assign"),
            &app.credit_office_token(),
            &json!({"version": 2, "handling_org": org(CITY_FINANCE)}),
        )
        .await;
    assert_eq!(again, 409);
    assert_eq!(problem["code"], "invalid_transition");
}

#[tokio::test]
async fn a_credit_office_assigns_only_in_its_region() {
    let app = spawn_app().await;
    let mut l = unresolved_lead("U-2");
    l["respondent"]["region_code"] = json!("320100"); // 南京, outside 蚌埠
    let (_, case) = app.push("credit_website", &l).await;
    let id = case["id"].as_str().unwrap();
    let (status, _) = app
        .post_json(
            &format!("/api/v1/complaints/{id}/actions/assign"),
            &app.credit_office_token(),
            &json!({"version": 1, "handling_org": org(CITY_FINANCE)}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_respondent_without_a_code_is_found_by_name_within_its_region() {
    let app = spawn_app().await;
    let mut l = lead("N-1");
    l["respondent"] = json!({"name": "怀远县财政局", "region_code": "340321"});
    let (_, case) = app.push("hotline_12345", &l).await;
    assert_eq!(case["status"], "assigned");
    assert_eq!(case["handling_org"]["uscc"], org(HUAIYUAN_GOV));
    // The same name in another county does not match.
    let mut elsewhere = lead("N-2");
    elsewhere["respondent"] = json!({"name": "怀远县财政局", "region_code": "340322"});
    let (_, case) = app.push("hotline_12345", &elsewhere).await;
    assert_eq!(case["status"], "received");
}

#[tokio::test]
async fn sme_payment_leads_get_ten_working_days_to_be_forwarded() {
    let app = spawn_app().await;
    let (_, case) = app.push("sme_payment", &unresolved_lead("S-1")).await;
    // From Friday 20 Nov: ten working days → Friday 4 Dec.
    assert_eq!(case["next_deadline"]["due_on"], "2026-12-04");
}

#[tokio::test]
async fn the_same_complaint_through_another_channel_is_flagged_not_merged() {
    let app = spawn_app().await;
    let (_, first) = app.push("hotline_12345", &lead("D-1")).await;
    let mut again = lead("PET-77");
    again["summary"] = json!("同一事项经信访渠道反映");
    let (status, second) = app.push("petition", &again).await;
    assert_eq!(status, 201);
    assert_ne!(first["id"], second["id"]);
    // Channels see no flag; the credit office sees both links.
    assert!(second["possible_duplicate"].is_null());
    let co = app.credit_office_token();
    let (_, seen) = app.get_json(&format!("/api/v1/complaints/{}", second["id"].as_str().unwrap()), &co).await;
    assert_eq!(seen["possible_duplicate"], true);
    assert_eq!(seen["possible_duplicates"][0]["id"], first["id"]);
    let (_, seen_first) = app.get_json(&format!("/api/v1/complaints/{}", first["id"].as_str().unwrap()), &co).await;
    assert_eq!(seen_first["possible_duplicate"], true);
    assert_eq!(seen_first["possible_duplicates"][0]["id"], second["id"]);
    // A different contract is not a duplicate.
    let mut other = lead("D-2");
    other["contract"]["title"] = json!("另一份合同");
    let (_, third) = app.push("business_environment", &other).await;
    let (_, seen_third) = app.get_json(&format!("/api/v1/complaints/{}", third["id"].as_str().unwrap()), &co).await;
    assert_eq!(seen_third["possible_duplicate"], false);
}

#[tokio::test]
async fn a_channel_reads_its_case_by_its_own_id_and_the_timeline() {
    let app = spawn_app().await;
    let (_, case) = app.push("hotline_12345", &lead("L-9")).await;
    let token = app.channel_token("hotline_12345");
    let (status, by_ext) = app.get_json("/api/v1/channels/hotline_12345/complaints/L-9", &token).await;
    assert_eq!(status, 200);
    assert_eq!(by_ext["id"], case["id"]);
    let (status, timeline) =
        app.get_json(&format!("/api/v1/complaints/{}/timeline", case["id"].as_str().unwrap()), &token).await;
    assert_eq!(status, 200);
    let actions: Vec<&str> =
        timeline["steps"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["receive", "assign"]);
    assert_eq!(timeline["steps"][1]["to_status"], "assigned");
    assert_eq!(timeline["steps"][0]["actor_role"], "channel");
    assert_eq!(timeline["steps"][1]["actor_role"], "system", "automatic routing is lvyue's step, not the channel's");
    assert_eq!(timeline["steps"][0]["attachments"][0]["name"], "contract.pdf");
}

#[tokio::test]
async fn lists_filter_and_page_with_cursors() {
    let app = spawn_app().await;
    for i in 0..5 {
        app.push("hotline_12345", &lead(&format!("P-{i}"))).await;
    }
    for i in 0..2 {
        app.push("petition", &unresolved_lead(&format!("Q-{i}"))).await;
    }
    let admin = app.admin_token();
    let mut seen = Vec::new();
    let mut path = "/api/v1/complaints?limit=2".to_owned();
    loop {
        let (status, page) = app.get_json(&path, &admin).await;
        assert_eq!(status, 200, "{page}");
        for c in page["complaints"].as_array().unwrap() {
            seen.push(c["case_number"].as_str().unwrap().to_owned());
            assert!(c.get("contact_phone").is_none());
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/complaints?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(seen, sorted, "newest first");

    let count = |v: &serde_json::Value| v["complaints"].as_array().unwrap().len();
    let (_, received) = app.get_json("/api/v1/complaints?status=received", &admin).await;
    assert_eq!(count(&received), 2);
    let (_, petition) = app.get_json("/api/v1/complaints?channel=petition", &admin).await;
    assert_eq!(count(&petition), 2);
    let (_, handled) = app.get_json(&format!("/api/v1/complaints?handling_org={}", org(HUAIYUAN_GOV)), &admin).await;
    assert_eq!(count(&handled), 5);
    let (_, county) = app.get_json("/api/v1/complaints?region_code=340321", &admin).await;
    assert_eq!(count(&county), 5);
    let (_, city) = app.get_json("/api/v1/complaints?region_code=340300", &admin).await;
    assert_eq!(count(&city), 7, "a city includes its counties");
    let (_, field) = app.get_json("/api/v1/complaints?field=ppp", &admin).await;
    assert_eq!(count(&field), 0);
    let (_, window) = app
        .get_json(
            "/api/v1/complaints?received_from=2026-11-20T00:00:00%2B08:00&received_to=2026-11-21T00:00:00%2B08:00",
            &admin,
        )
        .await;
    assert_eq!(count(&window), 7);
    let (bad, problem) = app.get_json("/api/v1/complaints?status=pending", &admin).await;
    assert_eq!(bad, 422);
    assert_eq!(problem["errors"][0]["field"], "status");
    let (bad_limit, _) = app.get_json("/api/v1/complaints?limit=1000", &admin).await;
    assert_eq!(bad_limit, 422);
    let (bad_cursor, _) = app.get_json("/api/v1/complaints?cursor=%25%25", &admin).await;
    assert_eq!(bad_cursor, 400);

    // A department sees what it handles; a channel what it sent.
    let (_, dept) = app.get_json("/api/v1/complaints", &app.department_token(HUAIYUAN_GOV)).await;
    assert_eq!(count(&dept), 5);
    let (_, ch) = app.get_json("/api/v1/complaints", &app.channel_token("petition")).await;
    assert_eq!(count(&ch), 2);
}

#[tokio::test]
async fn a_deadline_turns_overdue_when_its_last_day_has_passed() {
    let app = spawn_app().await;
    let (_, case) = app.push("hotline_12345", &lead("T-1")).await;
    let path = format!("/api/v1/complaints/{}", case["id"].as_str().unwrap());
    let admin = app.admin_token();
    // Due Friday 27 Nov: still on time late that evening in Shanghai…
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-11-27T23:59:00+08:00").unwrap().to_utc());
    let (_, seen) = app.get_json(&path, &admin).await;
    assert_eq!(seen["next_deadline"]["overdue"], false);
    // …and overdue from the first minute of Saturday.
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-11-28T00:01:00+08:00").unwrap().to_utc());
    let (_, seen) = app.get_json(&path, &admin).await;
    assert_eq!(seen["next_deadline"]["overdue"], true);
}

#[tokio::test]
async fn a_credit_office_cannot_forward_a_case_outside_its_region() {
    let app = spawn_app().await;
    let admin = app.admin_token();
    let nanjing = lvyue_core::Uscc::with_check_character("11320100MB0000300").unwrap().as_str().to_owned();
    let (created, _) = app
        .post_json(
            "/api/v1/organisations",
            &admin,
            &json!({"name": "南京市财政局", "uscc": nanjing, "region_code": "320100", "level": "city", "kind": "organ"}),
        )
        .await;
    assert_eq!(created, 201);
    let (_, case) = app.push("credit_website", &unresolved_lead("R-1")).await;
    let id = case["id"].as_str().unwrap();
    let (status, problem) = app
        .post_json(
            &format!("/api/v1/complaints/{id}/actions/assign"),
            &app.credit_office_token(),
            &json!({"version": 1, "handling_org": nanjing}),
        )
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "outside_region");
    // The audit trail keeps no fingerprint of the unmasked payload.
    let (_, trail) =
        app.get_json(&format!("/api/v1/audit-log?entity_type=complaint&entity_id={id}"), &app.auditor_token()).await;
    assert_eq!(trail["entries"][0]["after"]["payload_sha256"], "");
}

/// Issue 16.10 (000 §三: the credit office supervises and may take up a breach itself): a
/// credit office opens a case from its own inspection or an escalated ledger item through the
/// same push as a channel's — its own `external_id` space, source `credit_office`, idempotent —
/// for a respondent in its region only.
#[tokio::test]
async fn a_credit_office_opens_a_case_itself() {
    let app = spawn_app().await;
    let office = app.credit_office_token();
    // The hotline already used this external id: the office's space is its own.
    let (status, _) = app.push("hotline_12345", &lead("XJ-2026-001")).await;
    assert_eq!(status, 201);
    let mut own = lead("XJ-2026-001");
    own["summary"] = json!("专项检查发现：采购货款逾期未付");
    let (status, case) = app.post_json("/api/v1/complaints", &office, &own).await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(
        (case["channel"].as_str(), case["status"].as_str()),
        (Some("credit_office"), Some("assigned")),
        "{case}"
    );
    let (status, again) = app.post_json("/api/v1/complaints", &office, &own).await;
    assert_eq!((status, &again["id"]), (200, &case["id"]), "the same case again");
    own["summary"] = json!("改过的摘要");
    let (status, problem) = app.post_json("/api/v1/complaints", &office, &own).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("idempotency_conflict")));
    let (status, found) = app.get_json("/api/v1/channels/credit_office/complaints/XJ-2026-001", &office).await;
    assert_eq!((status, &found["id"]), (200, &case["id"]));

    // Only in its own region.
    let mut elsewhere = lead("XJ-2026-002");
    elsewhere["respondent"] = json!({"name": "合肥市某局", "region_code": "340100"});
    let (status, problem) = app.post_json("/api/v1/complaints", &office, &elsewhere).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("outside_region")), "{problem}");
    // A department does not open cases.
    let (status, _) = app.post_json("/api/v1/complaints", &app.department_token(HUAIYUAN_GOV), &lead("XJ-3")).await;
    assert_eq!(status, 403);
    let events = app.all_events(&office).await;
    assert!(
        events.iter().any(|e| e["type"] == "complaint.received" && e["data"]["channel"] == "credit_office"),
        "{events:?}"
    );
}
