//! Issue 19, done when: the preventive half of 履约 end to end on one unit's contracts — an
//! `.xlsx` import with a row error (nothing else lost), a milestone falling due and warned of,
//! one contract performed and closed out into fulfilment information, one left overdue and
//! escalated into a case that routes like a lead and, determined, marks the contract breached;
//! a duplicate investment-attraction signing warned of; the month's report showing a unit that
//! has not reported; the unit abolished and its open contracts with its successor; a
//! confidential contract never exported.

use crate::helpers::*;
use crate::obligation_import::workbook;
use lvyue_obligation::contract::ContractKind;
use serde_json::{json, Value};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HEADERS: &[&str] = &[
    "本单位编号*",
    "合同名称*",
    "合同类型*",
    "合同相对方*",
    "相对方统一社会信用代码",
    "相对方为中小企业",
    "项目名称",
    "签订日期*",
    "合同金额（元）",
    "涉密",
];

async fn jobs(app: &TestApp) {
    let state = app.app_state.clone();
    tokio::task::spawn_blocking(move || {
        lvyue::jobs::obligation_warnings(&state).unwrap();
        lvyue::jobs::obligation_escalation(&state).unwrap()
    })
    .await
    .unwrap();
}

async fn contract_by_ref(app: &TestApp, token: &str, reference: &str) -> Value {
    let (_, page) = app.get_json("/api/v1/contracts?limit=200", token).await;
    page["contracts"].as_array().unwrap().iter().find(|c| c["reference"] == reference).cloned().expect(reference)
}

async fn act(app: &TestApp, token: &str, c: &Value, action: &str, mut body: Value) -> Value {
    body["version"] = c["version"].clone();
    let (status, after) =
        app.post_json(&format!("/api/v1/contracts/{}/{action}", c["id"].as_str().unwrap()), token, &body).await;
    assert_eq!(status, 200, "{action}: {after}");
    after
}

fn outcomes(report: &Value) -> Vec<&str> {
    report["rows"].as_array().unwrap().iter().map(|r| r["outcome"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_units_contracts_from_its_spreadsheet_to_warning_close_out_escalation_and_successor() {
    let app = spawn_app_with(&[("LVYUE_ESCALATE_WORKING_DAYS", "3")]).await; // Sunday 22 November 2026
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let office = app.credit_office_token();
    let procurement = ContractKind::Procurement.label_zh();
    let attraction = ContractKind::InvestmentAttraction.label_zh();

    // 1. The spreadsheet: three contracts, one with a day that is no day.
    let rows = |signed: &'static str| {
        vec![
            vec![
                "HT-1",
                "办公设备采购合同",
                procurement,
                "蚌埠某某科技有限公司",
                "91350100M000100Y43",
                "是",
                "",
                "2026-05-01",
                "1200000",
                "否",
            ],
            vec!["HT-2", "培训服务合同", "procurement", "蚌埠某培训中心", "", "否", "", "2026/6/1", "50000.5", ""],
            vec![
                "HT-3",
                "新能源电池项目投资协议",
                attraction,
                "某新能源有限公司",
                "",
                "否",
                "新能源电池项目",
                signed,
                "",
                "否",
            ],
        ]
    };
    let (status, report) =
        app.post_bytes("/api/v1/contracts/imports", &unit, XLSX, workbook(HEADERS, &rows("2026-13-01"))).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(outcomes(&report), ["created", "created", "refused"], "{report}");
    assert_eq!(
        (report["rows"][2]["reference"].as_str(), report["rows"][2]["errors"][0]["field"].as_str()),
        (Some("HT-3"), Some("signed_on"))
    );
    let (status, report) =
        app.post_bytes("/api/v1/contracts/imports", &unit, XLSX, workbook(HEADERS, &rows("2026-07-01"))).await;
    assert_eq!((status, outcomes(&report)), (200, vec!["unchanged", "unchanged", "created"]), "{report}");
    let a = contract_by_ref(&app, &unit, "HT-1").await;
    assert_eq!(
        (a["kind"].as_str(), a["amount_fen"].as_i64(), a["counterparty_sme"].as_bool()),
        (Some("procurement"), Some(120000000), Some(true))
    );
    assert_eq!(contract_by_ref(&app, &unit, "HT-2").await["amount_fen"], 5000050);

    // 2. Milestones: one falls due within ten working days and is warned of, then answered.
    let a = act(
        &app,
        &unit,
        &a,
        "milestones",
        json!({"what": "验收后付款", "due_on": "2026-12-01", "amount_fen": 120000000}),
    )
    .await;
    let b = contract_by_ref(&app, &unit, "HT-2").await;
    let b = act(&app, &unit, &b, "milestones", json!({"what": "完成培训", "due_on": "2026-12-20"})).await;
    let mut second = lvyue_obligation::contract::register::GovernmentContractInput::example();
    second["reference"] = json!("HT-3b");
    second["kind"] = json!("investment_attraction");
    second["counterparty_name"] = json!("某新能源有限公司");
    second["counterparty_uscc"] = Value::Null;
    second["project"] = json!("新能源电池项目");
    let (status, second) = app.post_json("/api/v1/contracts", &unit, &second).await;
    assert_eq!(status, 201, "{second}");
    jobs(&app).await;
    let (_, page) = app.get_json("/api/v1/warnings?limit=200", &unit).await;
    let warnings = page["warnings"].as_array().unwrap().clone();
    let due = warnings.iter().find(|w| w["kind"] == "milestone_due_soon").expect("due soon");
    assert_eq!(due["contract_id"], a["id"]);
    let dup = warnings.iter().find(|w| w["kind"] == "duplicate_signing").expect("duplicate signing");
    assert_eq!(dup["contract_id"], second["id"], "the second signing is warned of");
    let (status, answered) = app
        .post_json(
            &format!("/api/v1/warnings/{}/acknowledgement", due["id"].as_str().unwrap()),
            &unit,
            &json!({"version": due["version"], "action_taken": "已报请追加预算"}),
        )
        .await;
    assert_eq!((status, answered["status"].as_str()), (200, Some("acknowledged")), "{answered}");

    // 3. One is performed and closed out: fulfilment information under the unit's name.
    let b = act(
        &app,
        &unit,
        &b,
        "performance",
        json!({"milestone_id": b["milestones"][0]["id"], "in_full": true, "note": "培训完成"}),
    )
    .await;
    let b = act(&app, &unit, &b, "close-out", json!({"note": "履约完毕"})).await;
    assert_eq!(b["status"], "closed_out");
    app.drain_consumers().await;
    let (_, records) = app
        .get_json(
            &format!("/api/v1/credit-records?subject={}&kind=fulfilment", org(HUAIYUAN_FINANCE)),
            &app.admin_token(),
        )
        .await;
    assert_eq!(records["records"].as_array().unwrap().len(), 1, "{records}");

    // 4. The other stays unpaid: overdue, and three working days later a case for the credit
    //    office that routes like any lead, naming the registered contract.
    app.set_time("2026-12-02T10:00:00+08:00");
    jobs(&app).await;
    let a = contract_by_ref(&app, &unit, "HT-1").await;
    assert_eq!((a["status"].as_str(), a["escalated_case_id"].as_str()), (Some("overdue"), None), "not yet");
    app.set_time("2026-12-07T10:00:00+08:00");
    jobs(&app).await;
    jobs(&app).await;
    let a = contract_by_ref(&app, &unit, "HT-1").await;
    let case_id = a["escalated_case_id"].as_str().expect("escalated").to_owned();
    let (status, case) = app.get_json(&format!("/api/v1/complaints/{case_id}"), &office).await;
    assert_eq!(status, 200, "{case}");
    assert_eq!(
        (case["channel"].as_str(), case["handling_org"]["name"].as_str(), case["contract"]["registry_id"].as_str()),
        (Some("credit_office"), Some(HUAIYUAN_GOV), a["id"].as_str()),
        "{case}"
    );
    assert_eq!(
        (case["arrears_fen"].as_i64(), case["complainant"]["name"].as_str()),
        (Some(120000000), Some("蚌埠某某科技有限公司"))
    );
    let path = format!("/api/v1/contracts/{}/escalate", a["id"].as_str().unwrap());
    let (status, again) = app.post_json(&path, &office, &json!({})).await;
    assert_eq!((status, again["id"].as_str()), (200, Some(case_id.as_str())), "escalating again answers the same case");
    let (status, _) = app.post_json(&path, &unit, &json!({})).await;
    assert_eq!(status, 403, "the unit does not escalate itself");
    let (status, problem) = app
        .post_json(&format!("/api/v1/contracts/{}/escalate", second["id"].as_str().unwrap()), &office, &json!({}))
        .await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("not_overdue")));
    let events = app.all_events(&office).await;
    let escalated = events.iter().find(|e| e["type"] == "contract.escalated").expect("contract.escalated");
    assert_matches_its_contract(escalated);

    // Determined, the case marks the contract breached.
    let dept = app.department_token(HUAIYUAN_GOV);
    let case = app.step(&case, "accept", &dept, json!({})).await;
    let case = app.step(&case, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    let determination = json!({"category": "payment_arrears", "facts": "逾期未支付合同价款", "amount_fen": 120000000, "grade": "general"});
    app.step(&case, "record_refusal", &dept, json!({"determination": determination})).await;
    app.drain_consumers().await;
    let a = contract_by_ref(&app, &unit, "HT-1").await;
    assert_eq!(a["status"], "breached", "{a}");
    let breached =
        app.all_events(&office).await.into_iter().find(|e| e["type"] == "contract.breached").expect("breached");
    assert_matches_its_contract(&breached);

    // 5. The month: the unit reports, 五河县 has not.
    app.post_json("/api/v1/monthly-reports", &unit, &json!({"month": "2026-11"})).await;
    let (_, month) = app.get_json("/api/v1/monthly-reports?region_code=340300&month=2026-11", &office).await;
    let units = month["units"].as_array().unwrap();
    let reported = |name: &str| units.iter().find(|u| u["name"] == name).map(|u| u["submitted"].clone());
    assert_eq!((reported(HUAIYUAN_FINANCE), reported(WUHE_GOV)), (Some(json!(true)), Some(json!(false))), "{month}");

    // The credit office's figures: per unit, commitments kept and contracts closed out on time.
    let pledge = lvyue_obligation::commitment::register::CommitmentInput::example(); // due 2026-12-31
    let (_, kept) = app.post_json("/api/v1/commitments", &unit, &pledge).await;
    let done = json!({"version": kept["version"], "in_full": true, "note": "全部兑现"});
    let (status, _) =
        app.post_json(&format!("/api/v1/commitments/{}/fulfilments", kept["id"].as_str().unwrap()), &unit, &done).await;
    assert_eq!(status, 200);
    let mut late = pledge.clone();
    late["reference"] = json!("CN-late");
    late["due_on"] = json!("2026-12-04");
    app.post_json("/api/v1/commitments", &unit, &late).await;
    let figures_path = "/api/v1/statistics/obligations?region_code=340300&from=2026-11-01&to=2026-12-31";
    let (status, figures) = app.get_json(figures_path, &office).await;
    assert_eq!(status, 200, "{figures}");
    let row = figures["rows"].as_array().unwrap().iter().find(|r| r["label"] == HUAIYUAN_FINANCE).cloned().unwrap();
    assert_eq!(
        [
            &row["commitments_due"],
            &row["commitments_kept"],
            &row["commitments_not_kept"],
            &row["commitments_kept_rate"]
        ],
        [&json!(2), &json!(1), &json!(1), &json!(0.5)],
        "{row}"
    );
    assert_eq!(
        [
            &row["contracts_closed_out"],
            &row["contracts_closed_out_on_time"],
            &row["contracts_breached"],
            &row["contracts_escalated"]
        ],
        [&json!(1), &json!(1), &json!(1), &json!(1)],
        "{row}"
    );
    let r = app.get(&format!("{figures_path}&format=xlsx"), &office).await;
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, XLSX));

    // 6. A confidential contract is kept, never exported.
    let mut secret = lvyue_obligation::contract::register::GovernmentContractInput::example();
    secret["reference"] = json!("HT-S");
    secret["title"] = json!("涉密设备采购合同");
    secret["confidential"] = json!(true);
    let (status, _) = app.post_json("/api/v1/contracts", &unit, &secret).await;
    assert_eq!(status, 201);
    for format in ["ndjson", "csv", "xlsx"] {
        let r = app.get(&format!("/api/v1/contracts/export?format={format}"), &unit).await;
        assert_eq!(r.status().as_u16(), 200);
        let bytes = r.bytes().await.unwrap().to_vec();
        let text = if format == "xlsx" {
            use calamine::{Reader, Xlsx};
            let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
            let range = book.worksheet_range_at(0).unwrap().unwrap();
            range.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect::<Vec<_>>().join("|")
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(text.contains("办公设备采购合同"), "{format}: {text}");
        assert!(!text.contains("涉密设备采购合同"), "{format} carries the confidential contract");
    }

    // 7. The unit is abolished: its open contracts pass to its successor, the finished stay.
    let (_, orgs) = app.get_json("/api/v1/organisations?limit=200", &app.admin_token()).await;
    let find =
        |name: &str| orgs["organisations"].as_array().unwrap().iter().find(|o| o["name"] == name).cloned().unwrap();
    let (old, heir) = (find(HUAIYUAN_FINANCE), find(HUAIYUAN_GOV));
    let (status, done) = app
        .post_json(
            &format!("/api/v1/organisations/{}/abolition", old["id"].as_str().unwrap()),
            &app.admin_token(),
            &json!({"version": old["version"], "successor_id": heir["id"]}),
        )
        .await;
    assert_eq!((status, done["obligations_moved"].as_u64()), (200, Some(4)), "HT-3, HT-3b, HT-S and CN-late: {done}");
    let c = contract_by_ref(&app, &dept, "HT-3").await;
    assert_eq!(c["org_id"], heir["id"], "{c}");
    assert_eq!(contract_by_ref(&app, &app.admin_token(), "HT-2").await["org_id"], old["id"], "a closed-out one stays");
}
