//! Issue 20 (seed 001 三(一)): a county's self-inspection campaign on one ledger — a unit's
//! problem list from Excel (a bad row reported, the rest loaded), its self-inspection report, a
//! unit that submits nothing shown late, a plan whose late step is warned of, repayments to
//! zero, the rectification report closing the item, the consolidated workbook with the seed's
//! columns and the right totals, and an unpaid item escalated into a case a department handles.

use crate::helpers::*;
use crate::obligation_import::workbook;
use serde_json::{json, Value};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn org_id(app: &TestApp, name: &str) -> String {
    let (_, orgs) = app.get_json("/api/v1/organisations?limit=200", &app.admin_token()).await;
    orgs["organisations"].as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn scan(app: &TestApp) {
    let state = app.app_state.clone();
    tokio::task::spawn_blocking(move || lvyue::jobs::ledger_late(&state).unwrap()).await.unwrap();
}

async fn item(app: &TestApp, token: &str, reference: &str) -> Value {
    let (_, page) = app.get_json("/api/v1/ledger-items?limit=200", token).await;
    page["ledger_items"].as_array().unwrap().iter().find(|i| i["reference"] == reference).cloned().expect(reference)
}

async fn act(app: &TestApp, token: &str, i: &Value, path: &str, mut body: Value) -> Value {
    body["version"] = i["version"].clone();
    let (status, after) =
        app.post_json(&format!("/api/v1/ledger-items/{}/{path}", i["id"].as_str().unwrap()), token, &body).await;
    assert_eq!(status, 200, "{path}: {after}");
    after
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    calamine::Data::Float(f) => format!("{f:.2}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn a_campaign_from_problem_list_to_closed_item_consolidated_ledger_and_escalation() {
    let app = spawn_app().await; // Sunday 22 November 2026
    let office = app.credit_office_token();
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let (finance, wuhe) = (org_id(&app, HUAIYUAN_FINANCE).await, org_id(&app, WUHE_GOV).await);

    // The campaign: two units, the seed's four due dates.
    let body = json!({
        "title": "2026年度政府机构违约失信专项治理", "region_code": "340300",
        "categories": ["payment_arrears", "leadership_change"], "unit_ids": [finance, wuhe],
        "due": {"problem_list": "2026-11-30", "self_inspection_report": "2026-11-30",
                "rectification_plan": "2026-12-10", "rectification_report": "2027-01-31"}
    });
    let (status, campaign) = app.post_json("/api/v1/campaigns", &office, &body).await;
    assert_eq!(status, 201, "{campaign}");
    let cid = campaign["id"].as_str().unwrap().to_owned();
    let (status, _) = app.post_json("/api/v1/campaigns", &unit, &body).await;
    assert_eq!(status, 403, "a unit runs no campaign");
    let (_, mine) = app.get_json("/api/v1/campaigns", &unit).await;
    assert_eq!(mine["campaigns"][0]["unit_ids"], json!([finance]), "a unit sees the campaign with itself only: {mine}");
    let (_, other) = app.get_json("/api/v1/campaigns", &app.department_token(HUAIYUAN_GOV)).await;
    assert_eq!(other["campaigns"], json!([]), "a unit not taking part sees none");

    // 1. The problem list from Excel: three rows, one with a category that is none.
    let headers = [
        "本单位编号*",
        "自查活动编号",
        "问题来源*",
        "失信主体名称*",
        "统一社会信用代码",
        "债权企业名称",
        "问题类别*",
        "问题成因*",
        "欠款金额（元）",
        "处理意见",
        "责任人姓名",
        "责任人职务",
    ];
    let finance_uscc = org(HUAIYUAN_FINANCE);
    let rows = [
        vec![
            "ZC-1",
            &cid,
            "自查发现",
            HUAIYUAN_FINANCE,
            &finance_uscc,
            "蚌埠某某建设工程有限公司",
            "拖欠企业账款",
            "财政资金紧张，工程款未按约支付",
            "300000",
            "分两期付清",
            "王某某",
            "局长",
        ],
        vec![
            "ZC-2",
            &cid,
            "self_inspection",
            HUAIYUAN_FINANCE,
            &finance_uscc,
            "蚌埠某某科技有限公司",
            "payment_arrears",
            "验收后货款未付",
            "50000",
            "",
            "",
            "",
        ],
        vec!["ZC-3", &cid, "自查发现", HUAIYUAN_FINANCE, "", "", "不是类别", "x", "", "", "", ""],
    ];
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(|c| c.as_ref()).collect()).collect();
    let (status, report) = app.post_bytes("/api/v1/ledger-items/imports", &unit, XLSX, workbook(&headers, &rows)).await;
    assert_eq!(status, 200, "{report}");
    let outcomes: Vec<&str> =
        report["rows"].as_array().unwrap().iter().map(|r| r["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["created", "created", "refused"], "{report}");
    assert_eq!(report["rows"][2]["errors"][0]["field"], "category");
    let zc1 = item(&app, &unit, "ZC-1").await;
    assert_eq!((zc1["arrears_fen"].as_i64(), zc1["responsible"][0]["name"].as_str()), (Some(30000000), Some("王某某")));
    let (_, seen) =
        app.get_json(&format!("/api/v1/ledger-items/{}", zc1["id"].as_str().unwrap()), &app.auditor_token()).await;
    assert_eq!(seen["responsible"][0]["name"], "王**", "names are masked for auditors: {seen}");

    // …and its self-inspection report; 五河县 submits nothing.
    let documents = json!([{"name": "自查报告.pdf", "url": "https://files.example.cn/c/1.pdf"}]);
    for kind in ["problem_list", "self_inspection_report"] {
        let (status, s) = app
            .post_json(
                &format!("/api/v1/campaigns/{cid}/submissions"),
                &unit,
                &json!({"kind": kind, "documents": documents}),
            )
            .await;
        assert_eq!(status, 201, "{s}");
    }
    app.set_time("2026-12-01T10:00:00+08:00");
    scan(&app).await;
    let (_, progress) = app.get_json(&format!("/api/v1/campaigns/{cid}/progress"), &office).await;
    let units = progress["units"].as_array().unwrap();
    assert_eq!(
        (units[0]["org_id"].as_str(), units[0]["late"].as_bool()),
        (Some(wuhe.as_str()), Some(true)),
        "{progress}"
    );
    let mine = units.iter().find(|u| u["org_id"] == finance).unwrap();
    assert_eq!((mine["late"].as_bool(), mine["items"]["open"].as_i64()), (Some(false), Some(2)), "{mine}");
    let events = app.all_events(&office).await;
    let late = events.iter().filter(|e| e["type"] == "campaign.submission_late").count();
    assert_eq!(late, 2, "五河县's problem list and self-inspection report, once each");

    // 2. A plan with two steps; the first passes its day undone: a warning.
    let steps =
        json!([{"what": "筹措资金支付首期", "due_on": "2026-12-05"}, {"what": "支付余款", "due_on": "2026-12-20"}]);
    let zc1 =
        act(&app, &unit, &zc1, "plan", json!({"goals": "年底前清偿", "steps": steps, "measures": "纳入预算"})).await;
    assert_eq!((zc1["status"].as_str(), zc1["plan"]["revision"].as_i64()), (Some("rectifying"), Some(1)));
    app.set_time("2026-12-07T10:00:00+08:00");
    scan(&app).await;
    scan(&app).await;
    let warned =
        app.all_events(&office).await.into_iter().filter(|e| e["type"] == "ledger_item.step_late").collect::<Vec<_>>();
    assert_eq!(warned.len(), 1, "once");
    assert_matches_its_contract(&warned[0]);

    // 3. Repayments to zero, both steps done: rectified; the rectification report closes it.
    let zc1 = act(&app, &unit, &zc1, "repayments", json!({"amount_fen": 10000000, "paid_on": "2026-12-07"})).await;
    let zc1 = act(&app, &unit, &zc1, "steps/1/progress", json!({"note": "首期已付", "done": true})).await;
    let (status, problem) = app
        .post_json(
            &format!("/api/v1/ledger-items/{}/repayments", zc1["id"].as_str().unwrap()),
            &unit,
            &json!({"version": zc1["version"], "amount_fen": 30000000, "paid_on": "2026-12-07"}),
        )
        .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("amount_fen")), "more than remains");
    let zc1 = act(&app, &unit, &zc1, "repayments", json!({"amount_fen": 20000000, "paid_on": "2026-12-07"})).await;
    assert_eq!(
        (zc1["remaining_fen"].as_i64(), zc1["status"].as_str()),
        (Some(0), Some("rectifying")),
        "a step is left"
    );
    let zc1 = act(&app, &unit, &zc1, "steps/2/progress", json!({"note": "余款已付", "done": true})).await;
    assert_eq!(zc1["status"], "rectified", "{zc1}");
    let (status, s) = app
        .post_json(
            &format!("/api/v1/campaigns/{cid}/submissions"),
            &unit,
            &json!({"kind": "rectification_report", "documents": documents}),
        )
        .await;
    assert_eq!((status, s["items_closed"].as_u64()), (201, Some(1)), "{s}");
    let zc1 = item(&app, &unit, "ZC-1").await;
    assert_eq!(zc1["status"], "closed");
    let (status, problem) = app
        .patch_json(
            &format!("/api/v1/ledger-items/{}", zc1["id"].as_str().unwrap()),
            &unit,
            &json!({"version": zc1["version"], "arrears_fen": 40000000}),
        )
        .await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("invalid_transition")), "a closed item is not corrected");

    // 4. The consolidated ledger opens with the seed's columns and the right totals.
    let r = app.get(&format!("/api/v1/ledger-items/export?campaign={cid}&format=xlsx"), &office).await;
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, XLSX));
    let bytes = r.bytes().await.unwrap().to_vec();
    let ledger = sheet(&bytes, "台账");
    assert_eq!(
        &ledger[1][..12],
        [
            "序号",
            "单位",
            "失信主体名称",
            "统一社会信用代码",
            "责任人（职务）",
            "问题类别",
            "问题来源",
            "问题成因",
            "欠款金额（元）",
            "已偿还（元）",
            "尚欠（元）",
            "处理意见"
        ]
    );
    assert_eq!(ledger.len(), 4, "title, headers and two items: {ledger:?}");
    let totals = sheet(&bytes, "汇总");
    let total = totals.iter().find(|r| r[0] == "合计").unwrap();
    assert_eq!(&total[1..], ["2.00", "350000.00", "300000.00", "50000.00"], "{totals:?}");
    assert!(totals.iter().any(|r| r[0] == HUAIYUAN_FINANCE));
    let r = app.get(&format!("/api/v1/ledger-items/export?campaign={cid}&format=csv"), &office).await;
    let text = r.text().await.unwrap();
    assert!(text.contains("蚌埠") || text.contains("怀远县财政局"), "{text}");

    // 5. An item unpaid past its plan escalates into a case that routes like any lead.
    let zc2 = item(&app, &unit, "ZC-2").await;
    let zc2 = act(
        &app,
        &unit,
        &zc2,
        "plan",
        json!({"goals": "付清货款", "steps": [{"what": "付款", "due_on": "2026-12-10"}], "measures": "筹措资金"}),
    )
    .await;
    let path = format!("/api/v1/ledger-items/{}/escalate", zc2["id"].as_str().unwrap());
    let (status, problem) = app.post_json(&path, &office, &json!({})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("not_due")), "the plan's time is not over");
    app.set_time("2026-12-14T10:00:00+08:00");
    let (status, case) = app.post_json(&path, &office, &json!({})).await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(
        (case["channel"].as_str(), case["handling_org"]["name"].as_str(), case["ledger_item_id"].as_str()),
        (Some("credit_office"), Some(HUAIYUAN_GOV), zc2["id"].as_str()),
        "{case}"
    );
    assert_eq!(case["arrears_fen"], 5000000);
    let zc2 = item(&app, &unit, "ZC-2").await;
    assert_eq!((zc2["status"].as_str(), zc2["escalated_case_id"].as_str()), (Some("escalated"), case["id"].as_str()));
    let (status, again) = app.post_json(&path, &office, &json!({})).await;
    assert_eq!((status, again["id"].clone()), (200, case["id"].clone()));
    let dept = app.department_token(HUAIYUAN_GOV);
    let case = app.step(&case, "accept", &dept, json!({})).await;
    assert_eq!(case["status"], "verifying", "the department handles it: {case}");

    // The figures: two found, one rectified on time, 300,000 of 350,000 yuan cleared.
    let (status, figures) =
        app.get_json("/api/v1/statistics/ledger?region_code=340300&from=2026-11-01&to=2026-12-31", &office).await;
    assert_eq!(status, 200, "{figures}");
    let t = &figures["totals"];
    assert_eq!(
        [&t["items_found"], &t["items_rectified_on_time"], &t["items_escalated"], &t["repaid_fen"], &t["arrears_fen"]],
        [&json!(2), &json!(1), &json!(1), &json!(30000000), &json!(35000000)],
        "{figures}"
    );
}

/// 核实一起、督促治理一起: a case concluded substantiated with a rectification plan enters the
/// respondent's ledger with the same steps and milestones, followed like any other problem.
#[tokio::test]
async fn a_substantiated_case_with_a_plan_enters_the_respondents_ledger() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let (status, case) = app.push("hotline_12345", &lead("LG-1")).await;
    assert_eq!(status, 201, "{case}");
    let case = app.step(&case, "accept", &dept, json!({})).await;
    let plan = json!({"goals": "年底前付清货款", "measures": "纳入预算",
                      "steps": [{"what": "支付余款", "due_on": "2026-12-20"}, {"what": "书面致歉", "due_on": "2026-12-05"}]});
    let (status, problem) = app
        .act(
            &case,
            "conclude_substantiated",
            &dept,
            json!({"rectification_deadline": "2026-12-31",
            "rectification_plan": {"goals": "x", "measures": "y", "steps": [{"what": "z", "due_on": "2020-01-01"}]}}),
        )
        .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (422, Some("rectification_plan.steps[0].due_on")),
        "{problem}"
    );
    let case = app
        .step(
            &case,
            "conclude_substantiated",
            &dept,
            json!({"rectification_deadline": "2026-12-31", "rectification_plan": plan}),
        )
        .await;
    app.drain_consumers().await;
    app.drain_consumers().await;
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let (_, page) = app.get_json("/api/v1/ledger-items", &unit).await;
    let items = page["ledger_items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "once: {page}");
    let item = &items[0];
    assert_eq!(
        (item["source"].as_str(), item["source_ref"].as_str(), item["status"].as_str(), item["arrears_fen"].as_i64()),
        (Some("complaint"), case["id"].as_str(), Some("rectifying"), Some(50000000)),
        "{item}"
    );
    let steps: Vec<(&str, &str)> = item["plan"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["what"].as_str().unwrap(), s["due_on"].as_str().unwrap()))
        .collect();
    assert_eq!(steps, [("书面致歉", "2026-12-05"), ("支付余款", "2026-12-20")], "the same steps, by milestone");
}

/// A determination can name the persons responsible and the cause; the names are masked on the
/// timeline and in the feed, shown to the credit office.
#[tokio::test]
async fn a_determination_names_the_persons_responsible_and_the_cause() {
    let app = spawn_app().await;
    let dept = app.department_token(HUAIYUAN_GOV);
    let (_, case) = app.push("hotline_12345", &lead("RP-1")).await;
    let case = app.step(&case, "accept", &dept, json!({})).await;
    let case = app.step(&case, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    let determination = json!({"category": "payment_arrears", "facts": "拒不支付合同价款", "amount_fen": 50000000,
        "grade": "general", "cause": "换届后新任负责人以不知情为由拒付",
        "responsible": [{"name": "王某某", "post": "局长"}]});
    let case = app.step(&case, "record_refusal", &dept, json!({"determination": determination})).await;
    let path = format!("/api/v1/complaints/{}/determination", case["id"].as_str().unwrap());
    let (status, d) = app.get_json(&path, &app.credit_office_token()).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(
        (d["cause"].as_str(), d["responsible"][0]["name"].as_str()),
        (Some("换届后新任负责人以不知情为由拒付"), Some("王某某"))
    );
    let (_, seen) = app.get_json(&path, &app.channel_token("hotline_12345")).await;
    assert_eq!(seen["responsible"][0]["name"], "王**", "{seen}");
    let events = app.all_events(&app.credit_office_token()).await;
    let determined = events.iter().find(|e| e["type"] == "complaint.determined").unwrap();
    assert_eq!(determined["data"]["determination"]["responsible"][0]["name"], "王**");
    assert_matches_its_contract(determined);
}
