//! Issue 18, whole: cases handled in and out of time across two departments → figures → a
//! scheme → an assessment ranking the faster department first → frozen → published and public
//! → a typical case proposed from the candidates, opinions added, published, public, and
//! withdrawn by itself when its record is repaired — with the workbooks read back. And the data
//! quality of a provider's imports.

use crate::helpers::*;
use crate::oversight::read_sheet;
use serde_json::{json, Value};

fn lead_against(external_id: &str, respondent: &str, region: &str, received_at: &str) -> Value {
    let mut l = lead(external_id);
    l["respondent"] = json!({"uscc": org(respondent), "name": respondent, "region_code": region});
    l["received_at"] = json!(received_at);
    l
}

async fn xlsx(app: &TestApp, path: &str, token: &str, sheet: &str) -> Vec<Vec<String>> {
    let r = app.get(path, token).await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(r.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    read_sheet(r.bytes().await.unwrap().to_vec(), sheet)
}

async fn public(app: &TestApp, path: &str) -> (u16, Value) {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Handles two cases, the faster department accepting on time, and assesses them: the faster
/// ranks first; frozen, a later case does not move it; published, anyone reads it.
async fn assess(app: &TestApp) -> (Value, String) {
    app.set_time("2026-11-02T10:00:00+08:00");
    let at = "2026-11-02T09:00:00+08:00";
    let (_, fast) = app.push("hotline_12345", &lead_against("W-1", HUAIYUAN_FINANCE, "340321", at)).await;
    let (_, slow) = app.push("hotline_12345", &lead_against("W-2", "五河县经济和信息化局", "340322", at)).await;
    let fast = app.step(&fast, "accept", &app.department_token(HUAIYUAN_GOV), json!({})).await;
    app.set_time("2026-11-12T10:00:00+08:00");
    app.step(&slow, "accept", &app.department_token(WUHE_GOV), json!({})).await;
    app.drain_consumers().await;
    let office = app.credit_office_token();
    let figures = xlsx(
        app,
        "/api/v1/statistics/cases?region_code=340300&from=2026-11-01&to=2026-11-30&format=xlsx",
        &office,
        "办理情况",
    )
    .await;
    let row = |label: &str| figures.iter().find(|r| r[0] == label).cloned().unwrap_or_default();
    assert_eq!((row(HUAIYUAN_GOV)[3].as_str(), row(WUHE_GOV)[3].as_str()), ("1", "0"), "{figures:?}");

    let scheme = json!({
        "name": "处置效率考核", "region_code": "340300", "unit": "handling_org",
        "metrics": [{"metric": "accepted_on_time_rate", "weight": 100, "direction": "higher"}]
    });
    let (status, _) = app.put_json("/api/v1/assessment-schemes/walk", &office, &scheme).await;
    assert_eq!(status, 201);
    let body = json!({"scheme": "walk", "region_code": "340300", "period": "2026-11"});
    let (status, draft) = app.post_json("/api/v1/assessments", &office, &body).await;
    assert_eq!(status, 201, "{draft}");
    let id = draft["id"].as_str().unwrap().to_owned();
    let (_, frozen) = app.post_json(&format!("/api/v1/assessments/{id}/freeze"), &office, &json!({"version": 1})).await;
    let (_, late) = app.push("hotline_12345", &lead_against("W-3", "五河县经济和信息化局", "340322", at)).await;
    app.step(&late, "accept", &app.department_token(WUHE_GOV), json!({})).await;
    app.drain_consumers().await;
    let (status, published) =
        app.post_json(&format!("/api/v1/assessments/{id}/publish"), &office, &json!({"version": 2})).await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(published["results"], frozen["results"], "frozen figures do not move");
    let (status, shown) = public(app, &format!("/api/v1/public/assessments/{id}")).await;
    assert_eq!((status, shown["results"][0]["label"].as_str()), (200, Some(HUAIYUAN_GOV)), "{shown}");
    let ranking = xlsx(app, &format!("/api/v1/assessments/{id}?format=xlsx"), &office, "排名").await;
    assert_eq!(ranking[2], ["1", HUAIYUAN_GOV, "100"], "{ranking:?}");
    assert_eq!(ranking[3][..2], ["2", WUHE_GOV]);
    // Printed for filing: an A4 PDF with the bundled font's glyphs embedded, public once published.
    for path in [format!("/api/v1/assessments/{id}/pdf"), format!("/api/v1/public/assessments/{id}/pdf")] {
        let r = app.get(&path, &office).await;
        assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "application/pdf"));
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{path}");
        assert!(bytes.len() < 400_000, "only the glyphs used are embedded: {} bytes", bytes.len());
        if std::env::var_os("LVYUE_KEEP_PDF").is_some() {
            std::fs::write(std::env::temp_dir().join("lvyue-assessment.pdf"), &bytes).unwrap();
        }
    }
    (fast, id)
}

/// Determines `case` (handled by 怀远县人民政府) with `grade`.
async fn determine(app: &TestApp, case: &Value, grade: &str) -> Value {
    let dept = app.department_token(HUAIYUAN_GOV);
    let case = app.step(case, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    let determination =
        json!({"category": "payment_arrears", "facts": "拒不支付合同价款", "amount_fen": 50000000, "grade": grade});
    app.step(&case, "record_refusal", &dept, json!({"determination": determination})).await
}

#[tokio::test]
async fn the_whole_oversight_walk_from_cases_to_a_typical_case_withdrawn_by_its_repair() {
    let app = spawn_app().await;
    let (fast, _) = assess(&app).await;
    app.set_time("2026-11-22T10:00:00+08:00");
    let serious = crate::repair::record_of(&app, &determine(&app, &fast, "serious").await).await;
    let general = crate::repair::record_of(&app, &crate::repair::determined(&app, "W-4", "general", None).await).await;
    let rid = serious["id"].as_str().unwrap().to_owned();

    // The candidates: the serious record first, with its numbers; the general one repeated.
    let office = app.credit_office_token();
    let path = "/api/v1/typical-case-candidates?region_code=340300&from=2026-11-01&to=2026-11-30";
    let (status, found) = app.get_json(path, &office).await;
    assert_eq!(status, 200, "{found}");
    let first = &found["candidates"][0];
    assert_eq!((first["record_id"].as_str(), first["criteria_met"].as_u64()), (Some(rid.as_str()), Some(2)), "{found}");
    assert_eq!(first["serious"]["grade_serious"], true);
    assert_eq!((first["repeated"]["records"].as_i64(), first["repeated"]["met"].as_bool()), (Some(2), Some(true)));
    assert_eq!((first["outcry"]["complaints"].as_i64(), first["outcry"]["met"].as_bool()), (Some(2), Some(false)));
    assert_eq!(found["candidates"][1]["record_id"], general["id"]);
    assert_eq!(found["candidates"][1]["criteria_met"], 1);
    let sheet = xlsx(&app, &format!("{path}&format=xlsx"), &office, "典型案例候选").await;
    assert_eq!(sheet[2][..5], ["1", HUAIYUAN_FINANCE, org(HUAIYUAN_FINANCE).as_str(), "严重", "500000"], "{sheet:?}");
    let (status, _) = app.get_json(path, &app.department_token(HUAIYUAN_GOV)).await;
    assert_eq!(status, 403);

    // Proposed with an anonymised summary; the complainant's data is refused.
    let mut body =
        json!({"record_id": rid, "title": "某县财政局拖欠企业货款拒不整改案", "summary": "联系人张三丰反映"});
    let (status, problem) = app.post_json("/api/v1/typical-cases", &office, &body).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("personal_data")), "{problem}");
    assert!(!problem.to_string().contains("张三丰"), "the error never repeats it");
    body["summary"] = json!("某县财政局拖欠一家民营企业采购货款 50 万元，经督促仍拒不支付。");
    let (status, draft) = app.post_json("/api/v1/typical-cases", &office, &body).await;
    assert_eq!(status, 201, "{draft}");
    assert_eq!((draft["status"].as_str(), draft["criteria"]["criteria_met"].as_u64()), (Some("draft"), Some(2)));
    let id = draft["id"].as_str().unwrap().to_owned();
    let (status, problem) = app.post_json("/api/v1/typical-cases", &office, &body).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("already_proposed")));
    let (status, _) = public(&app, &format!("/api/v1/public/typical-cases/{id}")).await;
    assert_eq!(status, 404, "a draft is not public");

    // The departments concerned give their opinions; another department sees nothing.
    let opinion = json!({"position": "agree", "opinion": "同意作为典型案例发布。"});
    for dept in [HUAIYUAN_GOV, HUAIYUAN_FINANCE] {
        let (status, seen) = app.get_json(&format!("/api/v1/typical-cases/{id}"), &app.department_token(dept)).await;
        assert_eq!((status, seen["allowed_actions"].clone()), (200, json!(["add_opinion"])), "{dept}");
        let (status, after) =
            app.post_json(&format!("/api/v1/typical-cases/{id}/opinions"), &app.department_token(dept), &opinion).await;
        assert_eq!(status, 200, "{after}");
    }
    let (status, _) =
        app.post_json(&format!("/api/v1/typical-cases/{id}/opinions"), &app.department_token(WUHE_GOV), &opinion).await;
    assert_eq!(status, 404);
    let (_, seen) = app.get_json(&format!("/api/v1/typical-cases/{id}"), &office).await;
    let who: Vec<&str> = seen["opinions"].as_array().unwrap().iter().map(|o| o["org_name"].as_str().unwrap()).collect();
    assert_eq!(who, [HUAIYUAN_GOV, HUAIYUAN_FINANCE]);
    assert_eq!(seen["allowed_actions"], json!(["publish", "withdraw"]));

    // Published: public without a token, cacheable, announced, and never the complainant's data.
    let (status, published) =
        app.post_json(&format!("/api/v1/typical-cases/{id}/publish"), &office, &json!({"version": 1})).await;
    assert_eq!((status, published["status"].as_str()), (200, Some("published")), "{published}");
    let r = app.client.get(app.url(&format!("/api/v1/public/typical-cases/{id}"))).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["cache-control"].to_str().unwrap()), (200, "public, max-age=300"));
    let shown = r.text().await.unwrap();
    for secret in ["张三丰", "13812345678", "蚌埠某某科技有限公司", "complaint_id", "opinions"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let (_, list) = public(&app, "/api/v1/public/typical-cases?limit=1").await;
    assert_eq!(list["typical_cases"][0]["id"], id.as_str(), "{list}");
    let events = app.all_events(&app.platform_token()).await;
    assert!(events
        .iter()
        .any(|e| e["type"] == "typical_case.published" && e["data"]["typical_case"]["id"] == id.as_str()));

    // The record is repaired: the typical case withdraws itself and leaves the public face.
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let application = json!({
        "record_id": rid, "statement": "已足额支付合同价款", "pledge": "依法依约履行",
        "evidence": [{"name": "receipt.pdf", "url": "https://files.example.cn/r/receipt.pdf"}]
    });
    let (status, applied) = app.post_json("/api/v1/repair-applications", &subject, &application).await;
    assert_eq!(status, 201, "{applied}");
    let decision = json!({"version": applied["version"], "decision": "approve"});
    let aid = applied["id"].as_str().unwrap();
    let (status, decided) = app
        .post_json(
            &format!("/api/v1/repair-applications/{aid}/decision"),
            &app.department_token(HUAIYUAN_GOV),
            &decision,
        )
        .await;
    assert_eq!(status, 200, "{decided}");
    app.drain_consumers().await;
    let (_, withdrawn) = app.get_json(&format!("/api/v1/typical-cases/{id}"), &office).await;
    assert_eq!(
        (withdrawn["status"].as_str(), withdrawn["withdrawal_reason"].as_str()),
        (Some("withdrawn"), Some("record_repaired")),
        "{withdrawn}"
    );
    let (status, _) = public(&app, &format!("/api/v1/public/typical-cases/{id}")).await;
    assert_eq!(status, 404);
    let events = app.all_events(&app.platform_token()).await;
    let gone = events.iter().find(|e| e["type"] == "typical_case.withdrawn").expect("typical_case.withdrawn");
    assert_eq!(
        (gone["data"]["typical_case_id"].as_str(), gone["data"]["reason"].as_str()),
        (Some(id.as_str()), Some("record_repaired"))
    );
    assert_matches_its_contract(gone);
    let (status, problem) = app
        .post_json(&format!("/api/v1/typical-cases/{id}/withdraw"), &office, &json!({"version": 3, "note": "重复"}))
        .await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("invalid_transition")), "{problem}");
}

/// 000 §三(二): the data quality of a provider's findings — its refused import rows by reason
/// (an all-or-nothing batch refused whole counts too), the days from decision to receipt, the
/// subjects the registry lacks.
#[tokio::test]
async fn data_quality_counts_a_providers_refusals_and_delays() {
    let app = spawn_app().await;
    const INDUSTRY: &str = "蚌埠市经济和信息化局";
    let provider = app.provider_token(INDUSTRY);
    let row = |reference: &str, grade: &str| {
        json!({"provider_ref": reference, "kind": "arrears", "subject_uscc": org(WUHE_GOV), "facts": "拖欠中小企业账款逾期未付",
               "amount_fen": 1200000, "grade": grade, "decided_on": "2026-11-02"})
    };
    let batch = json!([row("Q-1", "general"), row("Q-2", "huge"), {"provider_ref": "Q-3"}, row("Q-4", "minor")]);
    let (status, report) =
        app.post_raw("/api/v1/credit-records/imports", &provider, "application/json", batch.to_string()).await;
    assert_eq!((status, report["summary"]["refused"].as_i64()), (200, Some(2)), "{report}");
    let (status, _) = app
        .post_raw(
            "/api/v1/credit-records/imports?all_or_nothing=true",
            &provider,
            "application/json",
            json!([row("Q-5", "general"), row("Q-6", "huge")]).to_string(),
        )
        .await;
    assert_eq!(status, 422);

    let office = app.credit_office_token();
    let path = "/api/v1/statistics/data-quality?region_code=340300&from=2026-11-01&to=2026-11-30";
    let (status, q) = app.get_json(path, &office).await;
    assert_eq!(status, 200, "{q}");
    let rows = q["rows"].as_array().unwrap();
    let industry = rows.iter().find(|r| r["label"] == INDUSTRY).unwrap_or_else(|| panic!("{q}"));
    assert_eq!(industry["records"], 2);
    assert_eq!(industry["rows_refused"], 3, "{industry}");
    assert_eq!(industry["refused_by_reason"], json!({"invalid_row": 1, "unknown_code": 2}));
    assert_eq!(industry["median_days_decision_to_receipt"], 20.0, "decided 11-02, received 11-22");
    assert_eq!(industry["unresolved_subjects"], 0);
    assert_eq!(q["totals"]["rows_refused"], 3);
    let sheet = xlsx(&app, &format!("{path}&format=xlsx"), &office, "拒收原因").await;
    assert!(sheet.contains(&vec![INDUSTRY.to_owned(), "unknown_code".to_owned(), "2".to_owned()]), "{sheet:?}");
    let (status, _) = app.get_json(path, &app.department_token(HUAIYUAN_GOV)).await;
    assert_eq!(status, 403);
}
