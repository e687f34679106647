//! Issue 19 (seed 003): government contracts — registered by the unit that signed them, their
//! milestones performed in part and in full, closed out (销号), changed only lawfully; seen by
//! the unit, its region's credit office and auditors, and announced (never a confidential one
//! to the public credit platform).

use crate::helpers::*;
use serde_json::{json, Value};

fn contract(reference: &str) -> Value {
    let mut c = lvyue_obligation::contract::register::GovernmentContractInput::example();
    c["reference"] = json!(reference);
    c
}

async fn step(app: &TestApp, token: &str, c: &Value, action: &str, mut body: Value) -> (u16, Value) {
    body["version"] = c["version"].clone();
    let id = c["id"].as_str().unwrap();
    app.post_json(&format!("/api/v1/contracts/{id}/{action}"), token, &body).await
}

#[tokio::test]
async fn a_contract_is_performed_in_part_then_in_full_and_closed_out() {
    let app = spawn_app().await;
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let (status, c) = app.post_json("/api/v1/contracts", &unit, &contract("HT-1")).await;
    assert_eq!(status, 201, "{c}");
    assert_eq!((c["status"].as_str(), c["kind"].as_str()), (Some("performing"), Some("procurement")));
    assert_eq!(c["allowed_actions"], json!(["add_milestone", "perform", "raise_risk", "change"]));
    let (status, problem) = app.post_json("/api/v1/contracts", &unit, &contract("HT-1")).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("duplicate_reference")));

    let milestone = json!({"what": "验收后支付首期货款", "due_on": "2026-12-10", "amount_fen": 80000000});
    let (status, c) = step(&app, &unit, &c, "milestones", milestone).await;
    assert_eq!(status, 200, "{c}");
    let (_, c) = step(&app, &unit, &c, "milestones", json!({"what": "交付培训", "due_on": "2027-01-10"})).await;
    let first = c["milestones"][0]["id"].as_str().unwrap().to_owned();
    let second = c["milestones"][1]["id"].as_str().unwrap().to_owned();

    // Half of the first payment: partly performed; the rest: the milestone is met.
    let half = json!({"milestone_id": first, "amount_fen": 40000000, "note": "支付一半"});
    let (status, c) = step(&app, &unit, &c, "performance", half.clone()).await;
    assert_eq!((status, c["status"].as_str()), (200, Some("partly_performed")), "{c}");
    assert_eq!(
        (c["milestones"][0]["performed_fen"].as_i64(), c["milestones"][0]["met"].as_bool()),
        (Some(40000000), Some(false))
    );
    let (_, c) = step(&app, &unit, &c, "performance", half).await;
    assert_eq!(c["milestones"][0]["met"], true, "{c}");
    assert_eq!(c["status"], "partly_performed", "the training is still owed");
    let (status, problem) = step(&app, &unit, &c, "close-out", json!({})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("invalid_transition")), "not performed yet");
    let evidence = json!([{"name": "培训签到表.pdf", "url": "https://files.example.cn/t/1.pdf"}]);
    let done = json!({"milestone_id": second, "in_full": true, "note": "培训已完成", "evidence": evidence});
    let (_, c) = step(&app, &unit, &c, "performance", done).await;
    assert_eq!(
        (c["status"].as_str(), c["allowed_actions"].clone()),
        (Some("performed"), json!(["raise_risk", "close_out"]))
    );
    let (status, stale) = app
        .post_json(&format!("/api/v1/contracts/{}/close-out", c["id"].as_str().unwrap()), &unit, &json!({"version": 1}))
        .await;
    assert_eq!((status, stale["code"].as_str()), (409, Some("stale_version")));
    let (status, c) = step(&app, &unit, &c, "close-out", json!({"note": "履约完毕"})).await;
    assert_eq!((status, c["status"].as_str()), (200, Some("closed_out")), "{c}");
    let kinds: Vec<&str> = c["history"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["performance", "performance", "performance", "close_out"]);
    assert_eq!(c["history"][2]["evidence"][0]["name"], "培训签到表.pdf");

    // Closed out, it is fulfilment information (守信) under the unit's name, once.
    app.drain_consumers().await;
    app.drain_consumers().await;
    let (_, records) = app
        .get_json(
            &format!("/api/v1/credit-records?subject={}&kind=fulfilment", org(HUAIYUAN_FINANCE)),
            &app.admin_token(),
        )
        .await;
    let records = records["records"].as_array().unwrap().clone();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!((records[0]["status"].as_str(), records[0]["amount_fen"].as_i64()), (Some("active"), Some(120000000)));
    assert!(records[0]["facts"].as_str().unwrap().contains("办公设备采购合同"), "{}", records[0]);

    // Announced to the public credit platform, as it is not confidential.
    let events = app.all_events(&app.platform_token()).await;
    let closed = events.iter().find(|e| e["type"] == "contract.closed_out").expect("contract.closed_out");
    assert_eq!(closed["data"]["contract"]["id"], c["id"]);
    assert_matches_its_contract(closed);
}

#[tokio::test]
async fn a_unit_sees_its_own_the_credit_office_its_region_and_a_confidential_one_stays_home() {
    let app = spawn_app().await;
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let mut secret = contract("HT-S");
    secret["confidential"] = json!(true);
    let (_, open) = app.post_json("/api/v1/contracts", &unit, &contract("HT-O")).await;
    let (status, hidden) = app.post_json("/api/v1/contracts", &unit, &secret).await;
    assert_eq!(status, 201, "{hidden}");
    let path = format!("/api/v1/contracts/{}", open["id"].as_str().unwrap());
    let (status, _) = app.get_json(&path, &app.department_token(WUHE_GOV)).await;
    assert_eq!(status, 404, "another unit sees nothing");
    for token in [app.credit_office_token(), app.auditor_token()] {
        let (status, page) = app.get_json("/api/v1/contracts?region_code=340300", &token).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["contracts"].as_array().unwrap().len(), 2, "{page}");
        assert_eq!(page["contracts"][0]["allowed_actions"], json!([]), "readers do not act");
    }
    let (status, _) = app.get_json("/api/v1/contracts", &app.channel_token("hotline_12345")).await;
    assert_eq!(status, 403);
    let (status, _) =
        step(&app, &app.credit_office_token(), &open, "risks", json!({"kind": "other", "note": "x"})).await;
    assert_eq!(status, 403, "the credit office reads, the unit writes");

    // A lawful change records its basis, procedure and compensation.
    let change =
        json!({"basis": "国土空间规划调整", "procedure": "经市政府常务会议研究决定", "compensation_fen": 3000000});
    let (status, changed) = step(&app, &unit, &open, "change", change).await;
    assert_eq!((status, changed["status"].as_str()), (200, Some("changed_lawfully")), "{changed}");
    assert_eq!(changed["lawful_change"]["compensation_fen"], 3000000);
    let (status, patched) = app
        .patch_json(&path, &unit, &json!({"version": changed["version"], "title": "办公设备采购合同（变更后）"}))
        .await;
    assert_eq!((status, patched["title"].as_str()), (200, Some("办公设备采购合同（变更后）")), "{patched}");

    let platform = app.all_events(&app.platform_token()).await;
    let hidden_id = hidden["id"].as_str().unwrap();
    assert!(platform.iter().all(|e| e["data"]["contract"]["id"] != hidden_id), "never a confidential one");
    let office = app.all_events(&app.credit_office_token()).await;
    assert!(office.iter().any(|e| e["type"] == "contract.registered" && e["data"]["contract"]["id"] == hidden_id));

    // The export: the shared contracts, never a confidential one, in three formats.
    let r = app.get("/api/v1/contracts/export", &app.platform_token()).await;
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "application/x-ndjson"));
    let lines: Vec<Value> = r.text().await.unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["id"], open["id"]);
    let csv = app.get("/api/v1/contracts/export?format=csv", &app.credit_office_token()).await.text().await.unwrap();
    assert!(csv.starts_with("id,org_id,region_code,reference"), "{csv}");
    assert!(!csv.contains(hidden_id));
    let r = app.get("/api/v1/contracts/export?format=xlsx", &app.credit_office_token()).await;
    let sheet = crate::oversight::read_sheet(r.bytes().await.unwrap().to_vec(), "政府合同");
    assert_eq!(
        (sheet.len(), sheet[0][6].as_str(), sheet[1][6].as_str()),
        (2, "合同类型", "政府采购、招标投标及财政资金合同")
    );
    let later =
        app.get("/api/v1/contracts/export?changed_since=2099-01-01T00:00:00%2B08:00", &app.platform_token()).await;
    assert_eq!(later.text().await.unwrap(), "", "nothing changed since");
}

/// 003 一: a unit lists a commitment, records its fulfilment in part and then in full; a duty
/// pledge names its official; a fulfilled commitment takes no more steps.
#[tokio::test]
async fn a_commitment_is_fulfilled_in_part_then_in_full() {
    let app = spawn_app().await;
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let body = lvyue_obligation::commitment::register::CommitmentInput::example();
    let (status, c) = app.post_json("/api/v1/commitments", &unit, &body).await;
    assert_eq!(status, 201, "{c}");
    assert_eq!((c["status"].as_str(), c["allowed_actions"].clone()), (Some("in_force"), json!(["fulfil", "change"])));
    let mut pledge = body.clone();
    pledge["reference"] = json!("CN-2");
    pledge["kind"] = json!("duty_pledge");
    let (status, problem) = app.post_json("/api/v1/commitments", &unit, &pledge).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("official_name")), "{problem}");

    let id = c["id"].as_str().unwrap().to_owned();
    let part = json!({"version": 1, "note": "已兑现首批 12 家企业"});
    let (status, c) = app.post_json(&format!("/api/v1/commitments/{id}/fulfilments"), &unit, &part).await;
    assert_eq!((status, c["status"].as_str()), (200, Some("partly_fulfilled")), "{c}");
    let evidence = json!([{"name": "拨付凭证.pdf", "url": "https://files.example.cn/f/1.pdf"}]);
    let all = json!({"version": 2, "in_full": true, "note": "全部兑现", "evidence": evidence});
    let (_, c) = app.post_json(&format!("/api/v1/commitments/{id}/fulfilments"), &unit, &all).await;
    assert_eq!((c["status"].as_str(), c["fulfilments"].as_array().map(Vec::len)), (Some("fulfilled"), Some(2)), "{c}");
    let (status, problem) = app
        .post_json(&format!("/api/v1/commitments/{id}/fulfilments"), &unit, &json!({"version": 3, "note": "x"}))
        .await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("invalid_transition")));
    let (status, _) = app.get_json(&format!("/api/v1/commitments/{id}"), &app.department_token(WUHE_GOV)).await;
    assert_eq!(status, 404);
    let events = app.all_events(&app.platform_token()).await;
    let fulfilled = events.iter().filter(|e| e["type"] == "commitment.fulfilled").count();
    assert_eq!(fulfilled, 2);
}

async fn scan(app: &TestApp) {
    let state = app.app_state.clone();
    tokio::task::spawn_blocking(move || lvyue::jobs::obligation_warnings(&state).unwrap()).await.unwrap();
}

async fn warnings_of(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, page) = app.get_json("/api/v1/warnings?limit=200", token).await;
    assert_eq!(status, 200, "{page}");
    page["warnings"].as_array().unwrap().clone()
}

/// 003 二(三)1, 001 三(二)4: the daily scan warns of a milestone falling due, of an SME left
/// unpaid, of decision-making left incomplete and of a second investment-attraction contract for
/// the same project — once each; the unit acknowledges with the action taken; a warning left
/// open escalates to the credit office.
#[tokio::test]
async fn the_daily_scan_warns_once_and_escalates_what_is_left_open() {
    let app = spawn_app().await; // Sunday 22 November 2026
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let (_, c) = app.post_json("/api/v1/contracts", &unit, &contract("HT-W")).await;
    let payment = json!({"what": "验收后付款", "due_on": "2026-12-01", "amount_fen": 120000000});
    let (_, c) = step(&app, &unit, &c, "milestones", payment).await;
    let mut attract = contract("ZS-1");
    attract["kind"] = json!("investment_attraction");
    attract["project"] = json!("新能源电池项目");
    let full = json!({"public_participation": "公告", "expert_review": "论证意见", "risk_assessment": "评估报告",
                      "legality_review": "审查意见", "collective_discussion": "会议纪要"});
    attract["decision_checklist"] = full;
    let (status, _) = app.post_json("/api/v1/contracts", &unit, &attract).await;
    assert_eq!(status, 201);
    attract["reference"] = json!("ZS-2");
    let (_, second) = app.post_json("/api/v1/contracts", &unit, &attract).await;

    scan(&app).await;
    scan(&app).await;
    let mut kinds: Vec<String> =
        warnings_of(&app, &unit).await.iter().map(|w| w["kind"].as_str().unwrap().to_owned()).collect();
    kinds.sort();
    assert_eq!(kinds, ["checklist_incomplete", "duplicate_signing", "milestone_due_soon"], "once each");
    let all = warnings_of(&app, &app.credit_office_token()).await;
    let duplicate = all.iter().find(|w| w["kind"] == "duplicate_signing").unwrap();
    assert_eq!(duplicate["contract_id"], second["id"], "the second one is warned of");
    let due = all.iter().find(|w| w["kind"] == "milestone_due_soon").unwrap().clone();
    assert_eq!(due["due_on"], "2026-12-01");

    // The unit answers; the credit office may not.
    let id = due["id"].as_str().unwrap();
    let answer = json!({"version": 1, "action_taken": "已安排资金"});
    let (status, _) =
        app.post_json(&format!("/api/v1/warnings/{id}/acknowledgement"), &app.credit_office_token(), &answer).await;
    assert_eq!(status, 403);
    let (status, done) = app.post_json(&format!("/api/v1/warnings/{id}/acknowledgement"), &unit, &answer).await;
    assert_eq!(
        (status, done["status"].as_str(), done["action_taken"].as_str()),
        (200, Some("acknowledged"), Some("已安排资金"))
    );

    // Past the day, unpaid: an SME payment overdue, and the contract overdue.
    app.set_time("2026-12-02T10:00:00+08:00");
    scan(&app).await;
    let now = warnings_of(&app, &unit).await;
    assert!(now.iter().any(|w| w["kind"] == "sme_payment_overdue" && w["status"] == "open"), "{now:?}");
    let (_, c) = app.get_json(&format!("/api/v1/contracts/{}", c["id"].as_str().unwrap()), &unit).await;
    assert_eq!(c["status"], "overdue", "{c}");
    let heard = app.all_events(&app.platform_token()).await;
    let last = heard.iter().rev().find(|e| e["type"] == "contract.updated" && e["data"]["contract"]["id"] == c["id"]);
    assert_eq!(
        last.map(|e| e["data"]["contract"]["status"].clone()),
        Some(json!("overdue")),
        "the status change is announced"
    );

    // Left open five working days, the rest escalate to the credit office.
    app.set_time("2026-12-09T10:00:00+08:00");
    scan(&app).await;
    let escalated: Vec<String> = warnings_of(&app, &unit)
        .await
        .iter()
        .filter(|w| w["status"] == "escalated")
        .map(|w| w["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(escalated.contains(&"checklist_incomplete".to_owned()), "{escalated:?}");
    let events = app.all_events(&app.credit_office_token()).await;
    let up = events.iter().find(|e| e["type"] == "warning.escalated").expect("warning.escalated");
    assert_matches_its_contract(up);
    assert!(app
        .all_events(&app.platform_token())
        .await
        .iter()
        .all(|e| !e["type"].as_str().unwrap().starts_with("warning.")));
}

async fn org_row(app: &TestApp, name: &str) -> Value {
    let (_, orgs) = app.get_json("/api/v1/organisations?limit=200", &app.admin_token()).await;
    orgs["organisations"].as_array().unwrap().iter().find(|o| o["name"] == name).cloned().expect(name)
}

/// 003 一(三) (新官不理旧账): an organisation abolished or merged passes its open contracts to
/// the successor named then; abolishing it with open ones and no successor is refused.
#[tokio::test]
async fn an_abolished_unit_passes_its_open_contracts_to_its_successor() {
    let app = spawn_app().await;
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let (_, c) = app.post_json("/api/v1/contracts", &unit, &contract("HT-A")).await;
    let old = org_row(&app, HUAIYUAN_FINANCE).await;
    let heir = org_row(&app, HUAIYUAN_GOV).await;
    let path = format!("/api/v1/organisations/{}/abolition", old["id"].as_str().unwrap());
    let admin = app.admin_token();
    let (status, problem) = app.post_json(&path, &admin, &json!({"version": old["version"]})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("successor_required")), "{problem}");
    let (status, _) =
        app.post_json(&path, &unit, &json!({"version": old["version"], "successor_id": heir["id"]})).await;
    assert_eq!(status, 403);

    let (status, done) =
        app.post_json(&path, &admin, &json!({"version": old["version"], "successor_id": heir["id"]})).await;
    assert_eq!((status, done["obligations_moved"].as_u64()), (200, Some(1)), "{done}");
    assert_eq!(done["organisation"]["successor"]["id"], heir["id"]);
    assert!(done["organisation"]["abolished_at"].is_string());
    let contract_path = format!("/api/v1/contracts/{}", c["id"].as_str().unwrap());
    let (status, moved) = app.get_json(&contract_path, &app.department_token(HUAIYUAN_GOV)).await;
    assert_eq!((status, moved["org_id"].clone()), (200, heir["id"].clone()), "{moved}");
    assert_eq!(
        moved["allowed_actions"],
        json!(["add_milestone", "perform", "raise_risk", "change"]),
        "the successor acts on it"
    );
    let version = done["organisation"]["version"].clone();
    let (status, problem) = app.post_json(&path, &admin, &json!({"version": version})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("already_abolished")));
}

/// 003 四(三): each unit confirms each month that its lists are current; the credit office sees
/// which units have not, with their contracts and commitments by status.
#[tokio::test]
async fn the_monthly_report_lists_the_units_that_have_not_reported() {
    let app = spawn_app().await;
    let unit = app.department_token(HUAIYUAN_FINANCE);
    app.post_json("/api/v1/contracts", &unit, &contract("HT-M")).await;
    let (status, first) = app.post_json("/api/v1/monthly-reports", &unit, &json!({"month": "2026-11"})).await;
    assert_eq!(status, 200, "{first}");
    let (_, again) = app.post_json("/api/v1/monthly-reports", &unit, &json!({"month": "2026-11"})).await;
    assert_eq!(again["submitted_at"], first["submitted_at"], "the first confirmation stands");
    let (status, problem) = app.post_json("/api/v1/monthly-reports", &unit, &json!({"month": "2027-01"})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("month")));

    let (status, month) =
        app.get_json("/api/v1/monthly-reports?region_code=340300&month=2026-11", &app.credit_office_token()).await;
    assert_eq!(status, 200, "{month}");
    let units = month["units"].as_array().unwrap();
    let of =
        |name: &str| units.iter().find(|u| u["name"] == name).cloned().unwrap_or_else(|| panic!("{name}: {month}"));
    assert_eq!(
        (of(HUAIYUAN_FINANCE)["submitted"].as_bool(), of(HUAIYUAN_FINANCE)["contracts"]["performing"].as_i64()),
        (Some(true), Some(1))
    );
    assert_eq!(of(WUHE_GOV)["submitted"], false);
    assert_eq!(month["submitted"], 1);
    assert_eq!(month["not_submitted"].as_u64(), Some(units.len() as u64 - 1));
    assert_eq!(units[0]["submitted"], false, "those not reported come first");
    let (_, own) = app.get_json("/api/v1/monthly-reports?region_code=340300&month=2026-11", &unit).await;
    assert_eq!(own["units"].as_array().unwrap().len(), 1, "a unit sees itself");
}
