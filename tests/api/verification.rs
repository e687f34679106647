//! The workflow through `POST /complaints/{id}/actions/{action}`: every branch of the
//! diagram, illegal steps, stale versions, role and scope refusals.

use crate::helpers::*;
use lvyue_core::Role;
use serde_json::{json, Value};

fn actions(case: &Value) -> Vec<String> {
    case["allowed_actions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect()
}

fn determination() -> Value {
    json!({
        "category": "leadership_change",
        "facts": "以领导班子调整为由拒绝支付合同价款",
        "amount_fen": 50000000,
        "grade": "serious"
    })
}

/// A pushed lead, auto-assigned to 怀远县人民政府, accepted by it.
async fn verifying(app: &TestApp, external_id: &str) -> Value {
    let (status, case) = app.push("hotline_12345", &lead(external_id)).await;
    assert_eq!(status, 201, "{case}");
    app.step(&case, "accept", &app.department_token(HUAIYUAN_GOV), json!({})).await
}

#[tokio::test]
async fn a_substantiated_case_is_rectified_closed_and_rated_by_the_channel() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let channel = app.channel_token("hotline_12345");
    let (_, pushed) = app.push("hotline_12345", &lead("W-1")).await;
    let (_, seen) = app.get_json(&format!("/api/v1/complaints/{}", pushed["id"].as_str().unwrap()), &dept).await;
    assert_eq!(actions(&seen), ["accept", "return"]);
    let (_, seen) = app.get_json(&format!("/api/v1/complaints/{}", pushed["id"].as_str().unwrap()), &channel).await;
    assert!(actions(&seen).is_empty(), "the channel waits");

    let case = app.step(&pushed, "accept", &dept, json!({"note": "已接收，开始核实"})).await;
    assert_eq!(case["status"], "verifying");
    assert_eq!(case["version"], 2);
    // Accepted on Sunday 22 Nov: 15 working days → Friday 11 Dec.
    assert_eq!(case["next_deadline"], json!({"step": "conclude", "due_on": "2026-12-11", "overdue": false}));
    assert_eq!(
        actions(&case),
        ["conclude_unfounded", "conclude_substantiated", "conclude_disputed", "request_extension"]
    );
    assert!(case["progress"]["accepted_at"].is_string());

    let case = app.step(&case, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    assert_eq!(case["status"], "rectifying");
    assert_eq!(case["next_deadline"], json!({"step": "rectify", "due_on": "2026-12-31", "overdue": false}));
    assert_eq!(actions(&case), ["mark_rectified", "record_settlement", "record_refusal", "request_extension"]);

    let case = app
        .step(
            &case,
            "mark_rectified",
            &dept,
            json!({"rectified_on": "2026-11-22", "attachments": [
                {"name": "付款凭证.pdf", "url": "https://files.example.cn/pay.pdf"}
            ]}),
        )
        .await;
    assert_eq!((case["status"].as_str(), case["resolution"].as_str()), (Some("closed"), Some("rectified")));
    assert_eq!(case["next_deadline"], Value::Null);
    assert!(actions(&case).is_empty());
    // Closed on Sunday 22 Nov: feedback for 10 working days, to Friday 4 Dec.
    assert_eq!(case["progress"]["feedback_until"], "2026-12-04");

    let (_, seen) = app.get_json(&format!("/api/v1/complaints/{}", case["id"].as_str().unwrap()), &channel).await;
    assert_eq!(actions(&seen), ["feedback"]);
    let rated = app.step(&seen, "feedback", &channel, json!({"satisfaction": 5, "comment": "款项已到账"})).await;
    assert_eq!(rated["progress"]["feedback"]["satisfaction"], 5);
    assert!(actions(&rated).is_empty(), "one feedback per closing");

    let (_, timeline) =
        app.get_json(&format!("/api/v1/complaints/{}/timeline", case["id"].as_str().unwrap()), &dept).await;
    let steps: Vec<&str> =
        timeline["steps"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(steps, ["receive", "assign", "accept", "conclude_substantiated", "mark_rectified", "feedback"]);
    assert_eq!(timeline["steps"][4]["attachments"][0]["name"], "付款凭证.pdf");

    // The channel heard every step, and each event says what happened.
    let events = app.all_events(&channel).await;
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "complaint.received",
            "complaint.assigned",
            "complaint.accepted",
            "complaint.concluded_substantiated",
            "complaint.rectified",
            "complaint.feedback_received"
        ]
    );
    assert_eq!(events[3]["data"]["rectification_deadline"], "2026-12-31");
    assert_eq!(events[4]["data"]["resolution"], "rectified");
    assert_eq!(events[2]["data"]["note"], "已接收，开始核实");
}

#[tokio::test]
async fn an_unfounded_case_closes_with_the_explanation_given_to_the_complainant() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let case = verifying(&app, "W-2").await;
    let explained = json!({
        "explanation": "经核实，合同约定付款条件尚未成就，已向投诉人解释说明。",
        "complainant_contacted_at": "2026-11-22T09:30:00+08:00",
        "contact_method": "phone"
    });
    let mut future = explained.clone();
    future["complainant_contacted_at"] = json!("2026-11-23T09:30:00+08:00");
    let (status, problem) = app.act(&case, "conclude_unfounded", &dept, future).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "complainant_contacted_at");
    let (status, problem) = app.act(&case, "conclude_unfounded", &dept, json!({"contact_method": "fax"})).await;
    assert_eq!(status, 422, "{problem}");

    let closed = app.step(&case, "conclude_unfounded", &dept, explained).await;
    assert_eq!((closed["status"].as_str(), closed["resolution"].as_str()), (Some("closed"), Some("unfounded")));
    let events = app.all_events(&app.channel_token("hotline_12345")).await;
    let last = events.last().unwrap();
    assert_eq!(last["type"], "complaint.concluded_unfounded");
    assert_eq!(last["data"]["contact_method"], "phone");
    assert!(last["data"]["explanation"].as_str().unwrap().contains("解释说明"));
}

#[tokio::test]
async fn a_refusal_determines_a_breach_and_announces_it_once() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let case = verifying(&app, "W-3").await;
    let case = app.step(&case, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    let (status, problem) = app.act(&case, "record_refusal", &dept, json!({"determination": {"category": "x"}})).await;
    assert_eq!(status, 422, "{problem}");

    let determined =
        app.step(&case, "record_refusal", &dept, json!({"determination": determination(), "note": "拒不整改"})).await;
    assert_eq!(determined["status"], "determined");
    assert_eq!(determined["resolution"], Value::Null);
    assert!(actions(&determined).is_empty());
    let id = determined["id"].as_str().unwrap();
    let (status, d) = app.get_json(&format!("/api/v1/complaints/{id}/determination"), &dept).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["category"], "leadership_change");
    assert_eq!(d["grade"], "serious");
    assert_eq!(d["amount_fen"], 50000000);
    assert_eq!(d["basis"], "refusal");
    assert_eq!(d["determining_org"]["uscc"], org(HUAIYUAN_GOV));
    assert_eq!(d["subject"]["uscc"], org(HUAIYUAN_FINANCE));

    // Issue 17: renaming the determining body in the registry does not rewrite history.
    let admin = app.admin_token();
    let (_, page) = app.get_json(&format!("/api/v1/organisations?q={}", org(HUAIYUAN_GOV)), &admin).await;
    let gov = &page["organisations"][0];
    let renamed = json!({"version": gov["version"], "name": "怀远县人民政府（更名后）", "uscc": gov["uscc"],
                         "region_code": gov["region_code"], "level": gov["level"], "kind": gov["kind"],
                         "parent_uscc": gov["parent"]["uscc"], "supervisor_uscc": gov["supervisor"]["uscc"]});
    let (status, _) =
        app.put_json(&format!("/api/v1/organisations/{}", gov["id"].as_str().unwrap()), &admin, &renamed).await;
    assert_eq!(status, 200);
    let (_, d) = app.get_json(&format!("/api/v1/complaints/{id}/determination"), &dept).await;
    assert_eq!(d["determining_org"]["name"], HUAIYUAN_GOV, "{d}");

    // Recording it again is not a step from `determined`.
    let (status, problem) =
        app.act(&determined, "record_refusal", &dept, json!({"determination": determination()})).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "/problems/invalid-transition");
    assert_eq!(problem["allowed_actions"], json!([]));

    let events = app.all_events(&app.admin_token()).await;
    let determined_events: Vec<&Value> = events.iter().filter(|e| e["type"] == "complaint.determined").collect();
    assert_eq!(determined_events.len(), 1);
    assert_eq!(determined_events[0]["data"]["determination"]["id"], d["id"]);
    assert_eq!(determined_events[0]["data"]["determination"]["grade"], "serious");

    // Others' cases and cases without a determination answer 404.
    let (status, _) =
        app.get_json(&format!("/api/v1/complaints/{id}/determination"), &app.department_token(CITY_FINANCE)).await;
    assert_eq!(status, 404);
    let other = verifying(&app, "W-3b").await;
    let (status, _) =
        app.get_json(&format!("/api/v1/complaints/{}/determination", other["id"].as_str().unwrap()), &dept).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn disputes_end_in_settlement_or_a_ruling_each_way() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let disputed = |route: &'static str| {
        let app = &app;
        let dept = dept.clone();
        async move {
            let case = verifying(app, &format!("D-{route}-{}", uuid::Uuid::new_v4().simple())).await;
            app.step(&case, "conclude_disputed", &dept, json!({"route": route})).await
        }
    };

    let negotiating = disputed("negotiation").await;
    assert_eq!(negotiating["status"], "disputed");
    assert_eq!(negotiating["progress"]["dispute_route"], "negotiation");
    // 30 working days from Sunday 22 Nov → Monday 4 Jan 2027 (1 Jan is a holiday only if loaded:
    // 2027 is not, so Monday to Friday).
    assert_eq!(negotiating["next_deadline"]["step"], "resolve_dispute");
    assert_eq!(actions(&negotiating), ["record_settlement", "record_ruling", "request_extension"]);
    let settled = app
        .step(&negotiating, "record_settlement", &dept, json!({"settled_on": "2026-11-21", "terms": "分两期付清"}))
        .await;
    assert_eq!(settled["resolution"], "settled");

    let at_law = disputed("litigation").await;
    // 180 days from 22 Nov 2026 → 21 May 2027, a Friday.
    assert_eq!(at_law["next_deadline"]["due_on"], "2027-05-21");
    let (status, problem) = app
        .act(&at_law, "record_ruling", &dept, json!({"outcome": "against_government", "ruled_on": "2026-11-20"}))
        .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("performance")));
    let won = app.step(&at_law, "record_ruling", &dept, json!({"outcome": "for_government", "ruled_on": "2026-11-20", "document_number": "（2026）皖0321民初123号"})).await;
    assert_eq!((won["status"].as_str(), won["resolution"].as_str()), (Some("closed"), Some("ruled_for_government")));

    let pending = disputed("arbitration").await;
    let pending = app
        .step(
            &pending,
            "record_ruling",
            &dept,
            json!({"outcome": "against_government", "ruled_on": "2026-11-20", "performance": "pending", "performance_deadline": "2026-12-20"}),
        )
        .await;
    assert_eq!(pending["status"], "rectifying");
    assert_eq!(pending["next_deadline"]["due_on"], "2026-12-20");
    let performed = app.step(&pending, "mark_rectified", &dept, json!({})).await;
    assert_eq!(performed["resolution"], "rectified");

    let paid = disputed("litigation").await;
    let paid = app
        .step(
            &paid,
            "record_ruling",
            &dept,
            json!({"outcome": "against_government", "ruled_on": "2026-11-20", "performance": "performed"}),
        )
        .await;
    assert_eq!((paid["status"].as_str(), paid["resolution"].as_str()), (Some("closed"), Some("rectified")));

    let refused = disputed("litigation").await;
    let (status, problem) = app
        .act(
            &refused,
            "record_ruling",
            &dept,
            json!({"outcome": "against_government", "ruled_on": "2026-11-20", "performance": "refused"}),
        )
        .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("determination")));
    let refused = app
        .step(
            &refused,
            "record_ruling",
            &dept,
            json!({"outcome": "against_government", "ruled_on": "2026-11-20", "performance": "refused", "determination": determination()}),
        )
        .await;
    assert_eq!(refused["status"], "determined");
    let (_, d) =
        app.get_json(&format!("/api/v1/complaints/{}/determination", refused["id"].as_str().unwrap()), &dept).await;
    assert_eq!(d["basis"], "ruling");
}

#[tokio::test]
async fn the_credit_office_routes_rejects_and_merges_and_a_department_returns_a_misrouted_case() {
    let app = spawn_app().await;
    let office = app.credit_office_token();
    let (_, survivor) = app.push("hotline_12345", &lead("M-1")).await;
    let (_, received) = app.push("petition", &unresolved_lead("M-2")).await;
    assert_eq!(received["status"], "received");
    let (_, seen) = app.get_json(&format!("/api/v1/complaints/{}", received["id"].as_str().unwrap()), &office).await;
    assert_eq!(actions(&seen), ["assign", "reject", "merge"]);

    let (status, problem) = app.act(&seen, "merge", &office, json!({"into": seen["id"]})).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("same_case")));
    let (status, _) = app.act(&seen, "merge", &office, json!({"into": "no-such-case"})).await;
    assert_eq!(status, 422);
    let merged = app.step(&seen, "merge", &office, json!({"into": survivor["id"], "note": "与12345线索重复"})).await;
    assert_eq!((merged["status"].as_str(), merged["resolution"].as_str()), (Some("closed"), Some("merged")));
    assert_eq!(merged["progress"]["merged_into"], survivor["id"]);
    let (_, petition_view) = app
        .get_json(&format!("/api/v1/complaints/{}", merged["id"].as_str().unwrap()), &app.channel_token("petition"))
        .await;
    assert!(actions(&petition_view).is_empty(), "no feedback on a merged lead");

    let (_, out_of_scope) = app.push("petition", &unresolved_lead("M-3")).await;
    let (status, problem) = app.act(&out_of_scope, "reject", &office, json!({})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("reason")));
    let rejected =
        app.step(&out_of_scope, "reject", &office, json!({"reason": "属于民事纠纷，不属于政府违约失信范围"})).await;
    assert_eq!(rejected["resolution"], "rejected");

    let (_, misrouted) = app.push("petition", &unresolved_lead("M-4")).await;
    let assigned = app.step(&misrouted, "assign", &office, json!({"handling_org": org(CITY_FINANCE)})).await;
    assert_eq!(assigned["status"], "assigned");
    let finance = app.department_token(CITY_FINANCE);
    let returned = app.step(&assigned, "return", &finance, json!({"reason": "被投诉主体不属于本局主管"})).await;
    assert_eq!(returned["status"], "received");
    assert_eq!(returned["handling_org"], Value::Null);
    assert_eq!(returned["next_deadline"]["step"], "assign");
    let (status, _) = app.get_json(&format!("/api/v1/complaints/{}", returned["id"].as_str().unwrap()), &finance).await;
    assert_eq!(status, 404, "a returned case leaves the department");
    let (_, again) = app.get_json(&format!("/api/v1/complaints/{}", returned["id"].as_str().unwrap()), &office).await;
    assert_eq!(actions(&again), ["assign", "reject", "merge"]);
    let reassigned = app.step(&again, "assign", &office, json!({"handling_org": org(CITY_GOV)})).await;
    assert_eq!(reassigned["handling_org"]["uscc"], org(CITY_GOV));
}

#[tokio::test]
async fn illegal_steps_stale_versions_and_foreign_callers_are_refused_with_what_is_allowed() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let (_, case) = app.push("hotline_12345", &lead("R-1")).await;
    let path = |action: &str| format!("/api/v1/complaints/{}/actions/{action}", case["id"].as_str().unwrap());

    // A step that does not leave `assigned`: 409 with what the department may do.
    let (status, problem) = app.act(&case, "mark_rectified", &dept, json!({})).await;
    assert_eq!(status, 409, "{problem}");
    assert_eq!(problem["type"], "/problems/invalid-transition");
    assert_eq!(problem["allowed_actions"], json!(["accept", "return"]));
    insta::assert_json_snapshot!("invalid_transition", problem, { ".request_id" => "[id]", ".instance" => "[path]" });

    // Roles that never take the step: 403, with what they may do instead.
    let (status, problem) = app.act(&case, "accept", &app.credit_office_token(), json!({})).await;
    assert_eq!((status, problem["type"].as_str()), (403, Some("/problems/action-forbidden")));
    // (改派, issue 16: the credit office may also move a routed case.)
    assert_eq!(problem["allowed_actions"], json!(["reassign", "urge"]));
    let (status, problem) = app.act(&case, "accept", &app.auditor_token(), json!({})).await;
    assert_eq!((status, problem["allowed_actions"].clone()), (403, json!([])));
    let (status, _) = app.act(&case, "accept", &app.channel_token("hotline_12345"), json!({})).await;
    assert_eq!(status, 403);

    // Callers who cannot see the case: 404, never 403.
    let (status, _) = app.act(&case, "accept", &app.department_token(CITY_FINANCE), json!({})).await;
    assert_eq!(status, 404);
    let (status, _) = app.act(&case, "feedback", &app.channel_token("petition"), json!({"satisfaction": 1})).await;
    assert_eq!(status, 404);
    let huaiyuan_office = app.token(Role::CreditOffice, Some(&org(HUAIYUAN_GOV)), None);
    let mut wuhe = lead("R-2");
    wuhe["respondent"] =
        json!({"uscc": org("五河县经济和信息化局"), "name": "五河县经济和信息化局", "region_code": "340322"});
    let (_, wuhe_case) = app.push("hotline_12345", &wuhe).await;
    let (status, _) = app.act(&wuhe_case, "urge", &huaiyuan_office, json!({"note": "请加快办理"})).await;
    assert_eq!(status, 404, "a county credit office sees only its county");

    // Unknown actions and missing versions.
    let (status, _) = app.post_json(&path("approve"), &dept, &json!({"version": 1})).await;
    assert_eq!(status, 404);
    let (status, problem) = app.post_json(&path("accept"), &dept, &json!({})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("version")));

    // Two clerks: the second one's version is stale.
    let accepted = app.step(&case, "accept", &dept, json!({})).await;
    let (status, problem) = app.act(&case, "conclude_disputed", &dept, json!({"route": "negotiation"})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("stale_version")));
    assert_eq!(accepted["version"], 2);
}

#[tokio::test]
async fn extensions_are_asked_and_decided_and_slow_departments_urged() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let office = app.credit_office_token();
    let case = verifying(&app, "E-1").await;
    assert_eq!(case["next_deadline"]["due_on"], "2026-12-11");

    let (status, problem) = app.act(&case, "urge", &office, json!({})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("note")));
    let case = app.step(&case, "urge", &office, json!({"note": "请于本周内反馈核实进展"})).await;
    assert_eq!(case["progress"]["urge_count"], 1);
    assert_eq!(case["status"], "verifying");

    let (status, problem) =
        app.act(&case, "request_extension", &dept, json!({"until": "2026-12-10", "reason": "需调取档案"})).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("not_later")));
    let case =
        app.step(&case, "request_extension", &dept, json!({"until": "2026-12-31", "reason": "需调取2019年档案"})).await;
    assert_eq!(case["progress"]["pending_extension"]["until"], "2026-12-31");
    assert!(!actions(&case).contains(&"request_extension".to_owned()));
    let (_, office_view) = app.get_json(&format!("/api/v1/complaints/{}", case["id"].as_str().unwrap()), &office).await;
    assert_eq!(actions(&office_view), ["reassign", "decide_extension", "urge"]);
    let (_, page) = app.get_json("/api/v1/complaints?status=verifying", &office).await;
    assert_eq!(
        actions(&page["complaints"][0]),
        ["reassign", "decide_extension", "urge"],
        "lists carry allowed_actions too"
    );

    let (status, problem) =
        app.act(&office_view, "decide_extension", &office, json!({"decision": "approve", "until": "2027-01-15"})).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("beyond_request")));
    let approved = app
        .step(&office_view, "decide_extension", &office, json!({"decision": "approve", "until": "2026-12-25"}))
        .await;
    assert_eq!(approved["next_deadline"], json!({"step": "conclude", "due_on": "2026-12-25", "overdue": false}));
    assert_eq!(approved["progress"]["extensions_granted"], 1);
    assert_eq!(approved["progress"]["pending_extension"], Value::Null);

    let asked = app.step(&approved, "request_extension", &dept, json!({"until": "2027-01-08", "reason": "再延"})).await;
    let denied = app.step(&asked, "decide_extension", &office, json!({"decision": "deny", "note": "理由不充分"})).await;
    assert_eq!(denied["next_deadline"]["due_on"], "2026-12-25");
    assert_eq!(denied["progress"]["extensions_granted"], 1);
    let (status, _) = app.act(&denied, "decide_extension", &office, json!({"decision": "approve"})).await;
    assert_eq!(status, 409, "nothing is pending");

    let types: Vec<String> = app
        .all_events(&app.channel_token("hotline_12345"))
        .await
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect();
    for t in ["complaint.urged", "complaint.extension_requested", "complaint.extension_decided"] {
        assert!(types.contains(&t.to_owned()), "{t} in {types:?}");
    }
}

#[tokio::test]
async fn the_channel_may_reopen_within_the_window_and_not_after() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let channel = app.channel_token("hotline_12345");
    let unfounded = json!({
        "explanation": "付款条件尚未成就",
        "complainant_contacted_at": "2026-11-22T09:00:00+08:00",
        "contact_method": "in_person"
    });
    let case = verifying(&app, "F-1").await;
    let closed = app.step(&case, "conclude_unfounded", &dept, unfounded.clone()).await;
    let (status, problem) = app.act(&closed, "feedback", &channel, json!({"satisfaction": 1, "reopen": true})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("reopen_reason")));
    let (status, _) = app.act(&closed, "feedback", &channel, json!({"satisfaction": 9})).await;
    assert_eq!(status, 422);
    let reopened = app
        .step(
            &closed,
            "feedback",
            &channel,
            json!({"satisfaction": 1, "reopen": true, "reopen_reason": "合同已约定付款期限"}),
        )
        .await;
    assert_eq!(reopened["status"], "verifying");
    assert_eq!(reopened["resolution"], Value::Null);
    assert_eq!(reopened["progress"]["reopen_count"], 1);
    assert_eq!(reopened["next_deadline"]["step"], "conclude");

    let (_, again) = app.get_json(&format!("/api/v1/complaints/{}", case["id"].as_str().unwrap()), &dept).await;
    let closed_again = app.step(&again, "conclude_unfounded", &dept, unfounded).await;
    assert_eq!(closed_again["progress"]["feedback"], Value::Null, "a new closing awaits new feedback");
    // The window (10 working days) ends on Friday 4 December.
    app.set_time("2026-12-05T09:00:00+08:00");
    let (_, late) = app.get_json(&format!("/api/v1/complaints/{}", case["id"].as_str().unwrap()), &channel).await;
    assert!(actions(&late).is_empty());
    let (status, problem) = app.act(&late, "feedback", &channel, json!({"satisfaction": 2})).await;
    assert_eq!((status, problem["allowed_actions"].clone()), (409, json!([])));

    let types: Vec<String> =
        app.all_events(&channel).await.iter().map(|e| e["type"].as_str().unwrap().to_owned()).collect();
    assert!(types.contains(&"complaint.reopened".to_owned()));
}

/// Issue 16 (10): the credit office steers cases (属地管理、谁主管谁负责): a routed case, assigned
/// or being verified, moves to another handling body of its region (改派), which must accept it;
/// the body it left no longer sees it.
#[tokio::test]
async fn the_credit_office_reassigns_a_routed_case_to_another_handling_body() {
    let app = spawn_app().await;
    let (_, case) = app.push("hotline_12345", &lead("RA-1")).await;
    assert_eq!(case["status"], "assigned");
    let office = app.credit_office_token();
    let huaiyuan = app.department_token(HUAIYUAN_GOV);
    let wuhe = app.department_token(WUHE_GOV);
    let (status, problem) =
        app.act(&case, "reassign", &huaiyuan, json!({"handling_org": org(WUHE_GOV), "reason": "不归我管"})).await;
    assert_eq!((status, problem["type"].as_str()), (403, Some("/problems/action-forbidden")), "{problem}");
    let (status, problem) =
        app.act(&case, "reassign", &office, json!({"handling_org": org(HUAIYUAN_GOV), "reason": "同一机构"})).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("same_organisation")), "{problem}");
    let (status, problem) = app.act(&case, "reassign", &office, json!({"handling_org": org(WUHE_GOV)})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("reason")), "{problem}");

    let moved = app
        .step(&case, "reassign", &office, json!({"handling_org": org(WUHE_GOV), "reason": "被投诉单位由五河县主管"}))
        .await;
    assert_eq!((moved["status"].as_str(), moved["handling_org"]["name"].as_str()), (Some("assigned"), Some(WUHE_GOV)));
    assert_eq!(moved["next_deadline"]["step"], "accept");
    let id = case["id"].as_str().unwrap();
    let (status, _) = app.get_json(&format!("/api/v1/complaints/{id}"), &huaiyuan).await;
    assert_eq!(status, 404, "the body it left no longer sees it");
    // Accepted there, it can still be moved while it is verified.
    let (_, seen) = app.get_json(&format!("/api/v1/complaints/{id}"), &wuhe).await;
    let accepted = app.step(&seen, "accept", &wuhe, json!({})).await;
    let back = app
        .step(
            &accepted,
            "reassign",
            &office,
            json!({"handling_org": org(HUAIYUAN_GOV), "reason": "核实后仍由怀远县主管"}),
        )
        .await;
    assert_eq!(
        (back["status"].as_str(), back["handling_org"]["name"].as_str()),
        (Some("assigned"), Some(HUAIYUAN_GOV))
    );
    let events = app.all_events(&office).await;
    let reassigned: Vec<&Value> = events.iter().filter(|e| e["type"] == "complaint.reassigned").collect();
    assert_eq!(reassigned.len(), 2);
    assert_eq!(reassigned[0]["data"]["reason"], "被投诉单位由五河县主管");
    assert_eq!(reassigned[0]["data"]["previous_handling_org"]["name"], HUAIYUAN_GOV);
    let (_, timeline) = app.get_json(&format!("/api/v1/complaints/{id}/timeline"), &office).await;
    assert!(timeline["steps"].as_array().unwrap().iter().any(|s| s["action"] == "reassign"), "{timeline}");
}
