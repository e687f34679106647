//! Deadlines in working days across the 2026 holidays and their working weekends, calendar
//! days under 民法典 Arts. 201–203, overdue cases, the overdue sweep, and loading a calendar.

use crate::helpers::*;
use serde_json::{json, Value};

/// A lead received one hour before `at`.
fn lead_at(external_id: &str, at: &str) -> Value {
    let mut l = lead(external_id);
    let received = chrono::DateTime::parse_from_rfc3339(at).unwrap() - chrono::Duration::hours(1);
    l["received_at"] = json!(received.to_rfc3339());
    l
}

#[tokio::test]
async fn national_day_holidays_and_the_working_saturday_move_the_deadlines() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    // Thursday 24 September 2026: off 25–27 Sep and 1–7 Oct; Saturday 10 Oct is worked.
    app.set_time("2026-09-24T10:00:00+08:00");
    let (_, case) = app.push("hotline_12345", &lead_at("N-1", "2026-09-24T10:00:00+08:00")).await;
    // Accept within 5 working days: 28, 29, 30 Sep, 8, 9 Oct.
    assert_eq!(case["next_deadline"]["due_on"], "2026-10-09");
    let accepted = app.step(&case, "accept", &dept, json!({})).await;
    // Conclude within 15: 28–30 Sep (3), 8–9 Oct (5), Sat 10 Oct (6), 12–16 (11), 19–22 (15).
    assert_eq!(accepted["next_deadline"], json!({"step": "conclude", "due_on": "2026-10-22", "overdue": false}));

    // SME-payment: a result within 30 calendar days — 24 Oct is a Saturday, so Monday 26 Oct;
    // extensions never past 90 days (23 Dec).
    let (_, sme) = app.push("sme_payment", &lead_at("N-2", "2026-09-24T10:00:00+08:00")).await;
    let sme = app.step(&sme, "accept", &dept, json!({})).await;
    assert_eq!(sme["next_deadline"]["due_on"], "2026-10-26");
    assert_eq!(sme["progress"]["extension_limit_on"], "2026-12-23");
    let (status, problem) =
        app.act(&sme, "request_extension", &dept, json!({"until": "2026-12-24", "reason": "需审计"})).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("beyond_limit")));
    let asked = app.step(&sme, "request_extension", &dept, json!({"until": "2026-12-23", "reason": "需审计"})).await;
    assert_eq!(asked["progress"]["pending_extension"]["until"], "2026-12-23");

    // An SME-payment lead nobody could route: forwarded within 10 working days of receipt.
    let (_, waiting) = app
        .push("sme_payment", &{
            let mut l = unresolved_lead("N-3");
            l["received_at"] = json!("2026-09-24T09:00:00+08:00");
            l
        })
        .await;
    assert_eq!(waiting["next_deadline"], json!({"step": "assign", "due_on": "2026-10-15", "overdue": false}));
}

#[tokio::test]
async fn spring_festival_and_its_working_weekends_move_the_deadlines() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    // Thursday 12 February 2026: Saturday 14 Feb is worked, 15–23 Feb off, Saturday 28 Feb worked.
    app.set_time("2026-02-12T10:00:00+08:00");
    let (_, case) = app.push("hotline_12345", &lead_at("S-1", "2026-02-12T10:00:00+08:00")).await;
    // 13 Feb (1), Sat 14 Feb (2), 24, 25, 26 Feb (5).
    assert_eq!(case["next_deadline"]["due_on"], "2026-02-26");
    let accepted = app.step(&case, "accept", &dept, json!({})).await;
    // 13, 14 (2), 24–27 (6), Sat 28 (7), 2–6 Mar (12), 9–11 Mar (15).
    assert_eq!(accepted["next_deadline"]["due_on"], "2026-03-11");

    // SME-payment, accepted 16 January: 30 days end on 15 February, a holiday → 24 February.
    app.set_time("2026-01-16T10:00:00+08:00");
    let (_, sme) = app.push("sme_payment", &lead_at("S-2", "2026-01-16T10:00:00+08:00")).await;
    let sme = app.step(&sme, "accept", &dept, json!({})).await;
    assert_eq!(sme["next_deadline"]["due_on"], "2026-02-24");
}

#[tokio::test]
async fn overdue_cases_are_flagged_listed_and_announced_once() {
    let app = spawn_app_with(&[("LVYUE_JOB_INTERVAL_MS", "50")]).await;
    let office = app.credit_office_token();
    let (_, late) = app.push("hotline_12345", &lead("O-1")).await; // accept due Friday 27 Nov
    let (_, on_time) = app.push("hotline_12345", &lead("O-2")).await;
    let on_time = app.step(&on_time, "accept", &app.department_token(HUAIYUAN_GOV), json!({})).await; // due 11 Dec

    let (_, page) = app.get_json("/api/v1/complaints?overdue=true", &office).await;
    assert_eq!(page["complaints"], json!([]));

    app.set_time("2026-11-28T08:00:00+08:00");
    let (_, page) = app.get_json("/api/v1/complaints?overdue=true", &office).await;
    let ids: Vec<&str> = page["complaints"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [late["id"].as_str().unwrap()]);
    assert_eq!(page["complaints"][0]["next_deadline"]["overdue"], true);
    let (_, page) = app.get_json("/api/v1/complaints?overdue=false", &office).await;
    assert_eq!(page["complaints"][0]["id"], on_time["id"]);
    let (status, problem) = app.get_json("/api/v1/complaints?overdue=maybe", &office).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "overdue");

    // The sweep announces it once, however often it runs.
    let overdue = wait_for_overdue(&app, 1).await;
    assert_eq!(overdue[0]["complaint_id"], late["id"]);
    assert_eq!(overdue[0]["data"]["step"], "accept");
    assert_eq!(overdue[0]["data"]["due_on"], "2026-11-27");
    assert_eq!(overdue[0]["data"]["days_overdue"], 1);
    app.run_jobs_once().await;
    assert_eq!(wait_for_overdue(&app, 1).await.len(), 1);

    // The channel hears it too; the credit office urges.
    let channel_events = app.all_events(&app.channel_token("hotline_12345")).await;
    assert!(channel_events.iter().any(|e| e["type"] == "complaint.overdue"));
    let urged = app.step(&late, "urge", &office, json!({"note": "已逾期，请立即接收"})).await;
    assert_eq!(urged["progress"]["urge_count"], 1);

    // Two weeks on, the second deadline passes too: one more announcement.
    app.set_time("2026-12-14T08:00:00+08:00");
    let overdue = wait_for_overdue(&app, 2).await;
    assert_eq!(overdue[1]["complaint_id"], on_time["id"]);

    // A rectification due the very day it is set, one minute before midnight: announced
    // the next morning, once.
    app.set_time("2026-12-14T23:59:00+08:00");
    let dept = app.department_token(HUAIYUAN_GOV);
    let substantiated =
        app.step(&on_time, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-14"})).await;
    assert_eq!(substantiated["next_deadline"], json!({"step": "rectify", "due_on": "2026-12-14", "overdue": false}));
    app.set_time("2026-12-15T00:01:00+08:00");
    let overdue = wait_for_overdue(&app, 3).await;
    assert_eq!((&overdue[2]["data"]["step"], &overdue[2]["data"]["due_on"]), (&json!("rectify"), &json!("2026-12-14")));
    app.run_jobs_once().await;
    assert_eq!(wait_for_overdue(&app, 3).await.len(), 3);
}

/// The overdue events after a round of the sweep: at least `n`.
async fn wait_for_overdue(app: &TestApp, n: usize) -> Vec<Value> {
    app.run_jobs_once().await;
    let events: Vec<Value> =
        app.all_events(&app.admin_token()).await.into_iter().filter(|e| e["type"] == "complaint.overdue").collect();
    assert!(events.len() >= n, "fewer than {n} overdue events: {events:?}");
    events
}

#[tokio::test]
async fn an_admin_loads_a_new_year_by_api_or_cli_and_deadlines_follow_it() {
    let app = spawn_app().await;
    let admin = app.admin_token();
    let (status, y2026) = app.get_json("/api/v1/calendar/2026", &app.department_token(HUAIYUAN_GOV)).await;
    assert_eq!(status, 200);
    assert!(y2026["holidays"].as_array().unwrap().contains(&json!("2026-10-07")));
    assert_eq!(
        y2026["working_weekends"],
        json!(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
    );
    let (status, _) = app.get_json("/api/v1/calendar/2027", &admin).await;
    assert_eq!(status, 404);

    // A fictional 2027 Spring Festival: off 5–11 February, Saturday 13 February worked.
    let year = json!({
        "source": "测试用放假安排",
        "holidays": ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"],
        "working_weekends": ["2027-02-13"]
    });
    let (status, _) = app.put_json("/api/v1/calendar/2027", &app.credit_office_token(), &year).await;
    assert_eq!(status, 403);
    let mut bad = year.clone();
    bad["working_weekends"] = json!(["2027-02-15", "2026-02-14"]);
    bad["holidays"] = json!(["2027-02-15"]);
    let (status, problem) = app.put_json("/api/v1/calendar/2027", &admin, &bad).await;
    assert_eq!(status, 422);
    let codes: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["conflict", "not_weekend", "wrong_year"]);
    let (status, loaded) = app.put_json("/api/v1/calendar/2027", &admin, &year).await;
    assert_eq!(status, 200, "{loaded}");
    assert_eq!(loaded["source"], "测试用放假安排");

    app.set_time("2027-02-04T10:00:00+08:00");
    let (_, case) = app.push("hotline_12345", &lead_at("C-1", "2027-02-04T10:00:00+08:00")).await;
    // 12 Feb (1), Sat 13 Feb (2), 15, 16, 17 Feb (5).
    assert_eq!(case["next_deadline"]["due_on"], "2027-02-17");

    // The CLI loads the same JSON; the audit trail names both loads.
    let path = std::env::temp_dir().join(format!("lvyue-2028-{}.json", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, json!({"source": "CLI", "holidays": ["2028-01-03"], "working_weekends": []}).to_string())
        .unwrap();
    let config = app.config.clone();
    let p = path.clone();
    let loaded =
        tokio::task::spawn_blocking(move || lvyue::cli::calendar::run(&config, 2028, &p)).await.unwrap().unwrap();
    assert_eq!(loaded.holidays.len(), 1);
    let (_, page) = app.get_json("/api/v1/audit-log?entity_type=calendar_year", &app.auditor_token()).await;
    let years: Vec<&str> =
        page["entries"].as_array().unwrap().iter().map(|e| e["entity_id"].as_str().unwrap()).collect();
    assert!(years.contains(&"2027") && years.contains(&"2028"), "{page}");
    std::fs::remove_file(path).ok();
}

/// Issue 16.6 (保障中小企业款项支付条例 Art. 25): the limits follow the complainant — an SME's lead
/// from any channel, and not a non-SME's from the SME-payment platform; the 30-day result
/// clock runs from forwarding, not acceptance; reopening does not restart the 90-day ceiling.
#[tokio::test]
async fn order_802_limits_follow_the_complainant_and_run_from_forwarding() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let channel = app.channel_token("hotline_12345");
    // Tuesday 3 November 2026: the hotline forwards an SME's lead at once (routed on receipt).
    app.set_time("2026-11-03T10:00:00+08:00");
    let mut sme_lead = lead_at("SME-1", "2026-11-03T10:00:00+08:00");
    sme_lead["complainant"]["sme"] = json!(true);
    let (status, case) = app.push("hotline_12345", &sme_lead).await;
    assert_eq!(status, 201, "{case}");
    assert_eq!((case["status"].as_str(), case["complainant"]["sme"].as_bool()), (Some("assigned"), Some(true)));
    assert_eq!(case["progress"]["forwarded_at"], "2026-11-03T10:00:00+08:00");
    assert_eq!(case["progress"]["extension_limit_on"], "2027-02-01", "90 days from forwarding");

    // Accepted ten days later: the result is due 30 days from forwarding (3 Dec), not from
    // acceptance (13 Dec, a Sunday → 14 Dec).
    app.set_time("2026-11-13T10:00:00+08:00");
    let accepted = app.step(&case, "accept", &dept, json!({})).await;
    assert_eq!(accepted["next_deadline"]["due_on"], "2026-12-03", "{accepted}");

    // Closed, then reopened at the channel's request: the ceiling stays.
    let unfounded = json!({
        "explanation": "付款条件尚未成就",
        "complainant_contacted_at": "2026-11-13T09:00:00+08:00",
        "contact_method": "in_person"
    });
    let closed = app.step(&accepted, "conclude_unfounded", &dept, unfounded).await;
    let reopened = app
        .step(
            &closed,
            "feedback",
            &channel,
            json!({"satisfaction": 1, "reopen": true, "reopen_reason": "合同已约定付款期限"}),
        )
        .await;
    assert_eq!(reopened["status"], "verifying");
    assert_eq!(reopened["progress"]["extension_limit_on"], "2027-02-01", "{reopened}");
    let (status, problem) =
        app.act(&reopened, "request_extension", &dept, json!({"until": "2027-02-02", "reason": "需审计"})).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("beyond_limit")), "{problem}");

    // An unrouted SME lead from the hotline is forwarded within 10 working days, not 3.
    let mut waiting = unresolved_lead("SME-2");
    waiting["received_at"] = json!("2026-11-13T09:00:00+08:00");
    waiting["complainant"]["sme"] = json!(true);
    let (_, waiting) = app.push("hotline_12345", &waiting).await;
    assert_eq!(waiting["next_deadline"]["due_on"], "2026-11-27", "{waiting}");

    // A firm the SME-payment platform says is no SME: the ordinary limits, no ceiling.
    let mut large = lead_at("SME-3", "2026-11-13T10:00:00+08:00");
    large["complainant"]["sme"] = json!(false);
    let (_, large) = app.push("sme_payment", &large).await;
    let large = app.step(&large, "accept", &dept, json!({})).await;
    assert_eq!(large["complainant"]["sme"], false);
    assert_eq!(large["progress"]["extension_limit_on"], Value::Null);
    // 15 working days from Friday 13 November: 16–20, 23–27, 30 Nov–4 Dec.
    assert_eq!(large["next_deadline"]["due_on"], "2026-12-04");
}
