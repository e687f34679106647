//! Issue 18: the credit office's oversight — the figures on how departments handle cases,
//! counted from oversight's own facts, which follow the cases' events.

use crate::helpers::*;
use serde_json::{json, Value};

/// A lead against `respondent` (a demo organisation's name) of division `region`, received an
/// hour before the clock.
fn lead_against(external_id: &str, respondent: &str, region: &str, received_at: &str) -> Value {
    let mut l = lead(external_id);
    l["respondent"] = json!({"uscc": org(respondent), "name": respondent, "region_code": region});
    l["received_at"] = json!(received_at);
    l
}

/// 000 §三(二), 001 三(三): the figures count, per handling body, what was received, forwarded,
/// accepted and concluded on time, what is overdue, and how long conclusions took in working
/// days; a credit office sees its own region only.
#[tokio::test]
async fn figures_count_how_each_department_handled_its_cases() {
    let app = spawn_app().await;
    let wuhe_industry = "五河县经济和信息化局";
    // Monday 2 November 2026: two leads, each routed at once to the respondent's supervisor.
    app.set_time("2026-11-02T10:00:00+08:00");
    let (_, fast) = app
        .push("hotline_12345", &lead_against("FIG-1", HUAIYUAN_FINANCE, "340321", "2026-11-02T09:00:00+08:00"))
        .await;
    let (_, slow) =
        app.push("hotline_12345", &lead_against("FIG-2", wuhe_industry, "340322", "2026-11-02T09:00:00+08:00")).await;
    assert_eq!((fast["status"].as_str(), slow["status"].as_str()), (Some("assigned"), Some("assigned")));
    // 怀远县人民政府 accepts at once and concludes on Wednesday.
    let huaiyuan = app.department_token(HUAIYUAN_GOV);
    let fast = app.step(&fast, "accept", &huaiyuan, json!({})).await;
    app.set_time("2026-11-04T15:00:00+08:00");
    let unfounded = json!({"explanation": "付款条件尚未成就", "complainant_contacted_at": "2026-11-04T09:00:00+08:00", "contact_method": "in_person"});
    let fast = app.step(&fast, "conclude_unfounded", &huaiyuan, unfounded).await;
    // The hotline calls the firm back: satisfied, four of five.
    let rated = json!({"satisfaction": 4, "comment": "已解释清楚"});
    app.step(&fast, "feedback", &app.channel_token("hotline_12345"), rated).await;
    // 五河县人民政府 lets the acceptance deadline (9 November) pass, then accepts.
    app.set_time("2026-11-12T10:00:00+08:00");
    app.run_jobs_once().await;
    app.step(&slow, "accept", &app.department_token(WUHE_GOV), json!({})).await;
    app.drain_consumers().await;

    let office = app.credit_office_token();
    let path = "/api/v1/statistics/cases?region_code=340300&from=2026-11-01&to=2026-11-30&group_by=handling_org";
    let (status, stats) = app.get_json(path, &office).await;
    assert_eq!(status, 200, "{stats}");
    let row = |name: &str| {
        stats["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["label"] == name)
            .unwrap_or_else(|| panic!("{name}: {stats}"))
            .clone()
    };
    let h = row(HUAIYUAN_GOV);
    assert_eq!(
        (
            h["received"].as_i64(),
            h["routed_on_time"].as_i64(),
            h["accepted_on_time"].as_i64(),
            h["concluded"].as_i64(),
            h["concluded_on_time"].as_i64()
        ),
        (Some(1), Some(1), Some(1), Some(1), Some(1)),
        "{h}"
    );
    assert_eq!(h["median_working_days_to_conclusion"], 2.0, "Monday to Wednesday");
    assert_eq!(h["satisfaction_mean"], 4.0, "{h}");
    let w = row(WUHE_GOV);
    assert_eq!(
        (
            w["received"].as_i64(),
            w["accepted_on_time"].as_i64(),
            w["concluded"].as_i64(),
            w["overdue_in_period"].as_i64()
        ),
        (Some(1), Some(0), Some(0), Some(1)),
        "{w}"
    );
    assert_eq!(w["median_working_days_to_conclusion"], Value::Null);
    assert_eq!((stats["totals"]["received"].as_i64(), stats["totals"]["concluded"].as_i64()), (Some(2), Some(1)));

    // The same figures as an Excel workbook (an office lives in Excel), read back with calamine.
    let r = app.get(&format!("{path}&format=xlsx"), &office).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let bytes = r.bytes().await.unwrap().to_vec();
    let cells = read_sheet(bytes, "办理情况");
    assert_eq!(cells[1][..3], ["分组", "受理数", "按时转交数"]);
    let row_of =
        |label: &str| cells.iter().find(|r| r[0] == label).unwrap_or_else(|| panic!("{label}: {cells:?}")).clone();
    assert_eq!(row_of(HUAIYUAN_GOV)[1..6], ["1", "1", "1", "1", "1"]);
    assert_eq!(row_of(WUHE_GOV)[3], "0", "accepted late");
    assert_eq!(row_of("合计")[1], "2");

    let (_, by_field) = app
        .get_json("/api/v1/statistics/cases?region_code=340300&from=2026-11-01&to=2026-11-30&group_by=field", &office)
        .await;
    assert_eq!(by_field["rows"][0]["label"], "政府采购", "{by_field}");
    let (_, county) = app
        .get_json("/api/v1/statistics/cases?region_code=340321&from=2026-11-01&to=2026-11-30", &app.auditor_token())
        .await;
    assert_eq!(county["totals"]["received"], 1);
    let (status, _) =
        app.get_json("/api/v1/statistics/cases?region_code=110000&from=2026-11-01&to=2026-11-30", &office).await;
    assert_eq!(status, 404, "outside the office's region");
    let (status, _) = app.get_json(path, &huaiyuan).await;
    assert_eq!(status, 403);
    let (status, problem) =
        app.get_json("/api/v1/statistics/cases?region_code=340300&from=2026-11-30&to=2026-11-01", &office).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("to")));
}

/// The cells of `sheet` in an `.xlsx` file, as text (numbers without a needless `.0`).
pub(crate) fn read_sheet(bytes: Vec<u8>, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx file");
    let range = book.worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// 000 §三(二), 001 三(三)1–2: a scheme the credit office owns assesses its departments from the
/// figures; the faster department ranks first; a frozen assessment keeps its figures though
/// later cases change them; published, the ranking is public, cacheable, and announced.
#[tokio::test]
async fn an_assessment_ranks_the_faster_department_first_and_is_published() {
    let app = spawn_app().await;
    app.set_time("2026-11-02T10:00:00+08:00");
    let (_, fast) =
        app.push("hotline_12345", &lead_against("AS-1", HUAIYUAN_FINANCE, "340321", "2026-11-02T09:00:00+08:00")).await;
    let (_, slow) = app
        .push("hotline_12345", &lead_against("AS-2", "五河县经济和信息化局", "340322", "2026-11-02T09:00:00+08:00"))
        .await;
    app.step(&fast, "accept", &app.department_token(HUAIYUAN_GOV), json!({})).await;
    app.set_time("2026-11-12T10:00:00+08:00");
    app.step(&slow, "accept", &app.department_token(WUHE_GOV), json!({})).await;
    app.drain_consumers().await;

    let office = app.credit_office_token();
    let scheme = json!({
        "name": "2026年11月处置效率考核", "region_code": "340300", "unit": "handling_org",
        "metrics": [{"metric": "accepted_on_time_rate", "weight": 70, "direction": "higher"},
                    {"metric": "overdue_rate", "weight": 30, "direction": "lower"}]
    });
    let (status, made) = app.put_json("/api/v1/assessment-schemes/efficiency-2026", &office, &scheme).await;
    assert_eq!(status, 201, "{made}");
    let (status, _) = app.put_json("/api/v1/assessment-schemes/efficiency-2026", &office, &scheme).await;
    assert_eq!(status, 409, "replacing needs the version read");
    let (status, _) =
        app.put_json("/api/v1/assessment-schemes/efficiency-2026", &app.department_token(HUAIYUAN_GOV), &scheme).await;
    assert_eq!(status, 403);

    let (status, draft) = app
        .post_json(
            "/api/v1/assessments",
            &office,
            &json!({"scheme": "efficiency-2026", "region_code": "340300", "period": "2026-11"}),
        )
        .await;
    assert_eq!(status, 201, "{draft}");
    let ranked: Vec<(&str, u64)> = draft["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["label"].as_str().unwrap(), r["rank"].as_u64().unwrap()))
        .collect();
    assert_eq!(ranked, [(HUAIYUAN_GOV, 1), (WUHE_GOV, 2)], "{draft}");
    assert_eq!(draft["results"][0]["score"], 100.0);
    let id = draft["id"].as_str().unwrap().to_owned();
    let hidden = app.client.get(app.url(&format!("/api/v1/public/assessments/{id}"))).send().await.unwrap();
    assert_eq!(hidden.status(), 404, "a draft is not public");

    let (status, frozen) =
        app.post_json(&format!("/api/v1/assessments/{id}/freeze"), &office, &json!({"version": 1})).await;
    assert_eq!((status, frozen["status"].as_str()), (200, Some("frozen")), "{frozen}");
    // A later case in the period changes the figures, not the frozen assessment.
    let (_, late) = app
        .push("hotline_12345", &lead_against("AS-3", "五河县经济和信息化局", "340322", "2026-11-12T09:00:00+08:00"))
        .await;
    app.step(&late, "accept", &app.department_token(WUHE_GOV), json!({})).await;
    app.drain_consumers().await;
    let (_, again) = app.get_json(&format!("/api/v1/assessments/{id}"), &office).await;
    assert_eq!(again["results"], frozen["results"], "frozen figures do not move");
    let (status, problem) =
        app.post_json(&format!("/api/v1/assessments/{id}/freeze"), &office, &json!({"version": 2})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("invalid_transition")));

    let (status, published) =
        app.post_json(&format!("/api/v1/assessments/{id}/publish"), &office, &json!({"version": 2})).await;
    assert_eq!((status, published["status"].as_str()), (200, Some("published")), "{published}");
    let public = app.client.get(app.url(&format!("/api/v1/public/assessments/{id}"))).send().await.unwrap();
    assert_eq!(public.status(), 200);
    assert_eq!(public.headers()["cache-control"], "public, max-age=300");
    let etag = public.headers()["etag"].to_str().unwrap().to_owned();
    let shown: Value = public.json().await.unwrap();
    assert_eq!(shown["results"][0]["label"], HUAIYUAN_GOV);
    let again = app
        .client
        .get(app.url(&format!("/api/v1/public/assessments/{id}")))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let list: Value = app.client.get(app.url("/api/v1/public/assessments")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["assessments"][0]["id"], id.as_str());
    let events = app.all_events(&app.platform_token()).await;
    assert!(events.iter().any(|e| e["type"] == "assessment.published" && e["data"]["assessment"]["id"] == id.as_str()));
}

/// 001 三(三)2, 002 四(七)–(八): a credit office's criticism circular names a department and its
/// record in force; published, it is public without a token, it is announced, and it puts
/// 公开通报批评 in force on the record.
#[tokio::test]
async fn a_published_criticism_is_public_and_puts_public_criticism_in_force() {
    let app = spawn_app().await;
    let case = crate::repair::determined(&app, "CIRC-1", "general", None).await;
    let record = crate::repair::record_of(&app, &case).await;
    let rid = record["id"].as_str().unwrap().to_owned();
    let office = app.credit_office_token();
    let body = json!({
        "region_code": "340300", "period": "2026-Q4", "title": "关于2026年第四季度政务失信问题的通报",
        "body": "怀远县财政局拖欠企业账款，拒不整改，现予以通报批评。", "kind": "criticism",
        "units": [org(HUAIYUAN_FINANCE)], "records": [rid]
    });
    let (status, draft) = app.post_json("/api/v1/circulars", &office, &body).await;
    assert_eq!(status, 201, "{draft}");
    let id = draft["id"].as_str().unwrap().to_owned();
    let hidden = app.client.get(app.url(&format!("/api/v1/public/circulars/{id}"))).send().await.unwrap();
    assert_eq!(hidden.status(), 404, "a draft is not public");
    let hidden = app.client.get(app.url(&format!("/api/v1/public/circulars/{id}/pdf"))).send().await.unwrap();
    assert_eq!(hidden.status(), 404, "nor its print");
    let draft_pdf = app.get(&format!("/api/v1/circulars/{id}/pdf"), &office).await;
    assert_eq!(draft_pdf.status(), 200, "the office prints its draft to review it");
    let mut unknown = body.clone();
    unknown["records"] = json!(["0190a0a0-0000-7000-8000-000000000000"]);
    let (status, problem) = app.post_json("/api/v1/circulars", &office, &unknown).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("records[0]")), "{problem}");

    let (status, published) =
        app.post_json(&format!("/api/v1/circulars/{id}/publish"), &office, &json!({"version": 1})).await;
    assert_eq!((status, published["status"].as_str()), (200, Some("published")), "{published}");
    let (status, problem) =
        app.post_json(&format!("/api/v1/circulars/{id}/publish"), &office, &json!({"version": 2})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("already_published")));
    let (_, measures) = app.get_json(&format!("/api/v1/sanctions?record_id={rid}&limit=200"), &app.admin_token()).await;
    let criticism =
        measures["sanctions"].as_array().unwrap().iter().find(|s| s["measure"] == "public_criticism").cloned();
    let criticism = criticism.unwrap_or_else(|| panic!("public_criticism in force: {measures}"));
    assert_eq!(criticism["imposition"]["document_number"], id.as_str());

    let shown: Value =
        app.client.get(app.url(&format!("/api/v1/public/circulars/{id}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(shown["title"], "关于2026年第四季度政务失信问题的通报");
    let list: Value = app.client.get(app.url("/api/v1/public/circulars")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["circulars"][0]["id"], id.as_str());
    let printed = app.client.get(app.url(&format!("/api/v1/public/circulars/{id}/pdf"))).send().await.unwrap();
    assert_eq!(printed.status(), 200);
    assert_eq!(printed.headers()["content-type"], "application/pdf");
    assert_eq!(printed.headers()["cache-control"], "public, max-age=300");
    assert!(printed.bytes().await.unwrap().starts_with(b"%PDF-"));
    let events = app.all_events(&app.platform_token()).await;
    assert!(events.iter().any(|e| e["type"] == "circular.published" && e["data"]["circular"]["id"] == id.as_str()));
}

/// Issue 18.5: what 信用中国 shows — a subject's public records in force — without a token,
/// cacheable, and within its address's quota; shared (unpublished) records stay out.
#[tokio::test]
async fn the_public_sees_public_records_in_force_and_no_more() {
    let app = spawn_app_with(&[("LVYUE_PUBLIC_RATE_LIMIT_PER_MINUTE", "5")]).await;
    let shown = crate::repair::determined(&app, "PUB-1", "general", None).await;
    crate::repair::determined(&app, "PUB-2", "minor", None).await;
    let record = crate::repair::record_of(&app, &shown).await;
    let public = |q: String| app.client.get(app.url(&format!("/api/v1/public/credit-records?{q}"))).send();
    let r = public(format!("uscc={}", org(HUAIYUAN_FINANCE))).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["cache-control"].to_str().unwrap().starts_with("public"));
    let page: Value = r.json().await.unwrap();
    let ids: Vec<&str> = page["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [record["id"].as_str().unwrap()], "the minor finding is shared, not published");
    let by_name: Value = public(format!("subject_name={HUAIYUAN_FINANCE}")).await.unwrap().json().await.unwrap();
    assert_eq!(by_name["records"].as_array().unwrap().len(), 1);
    assert_eq!(public(String::new()).await.unwrap().status(), 422, "whose records?");
    let mut last = 0;
    for _ in 0..3 {
        last = public(format!("uscc={}", org(HUAIYUAN_FINANCE))).await.unwrap().status().as_u16();
    }
    assert_eq!(last, 429, "the address's quota");
}

/// Issue 18.1: per implementing organisation, the measures in force, those acknowledged on
/// time and those overdue.
#[tokio::test]
async fn sanction_figures_per_implementing_organisation() {
    let app = spawn_app().await;
    let case = crate::repair::determined(&app, "SF-1", "general", None).await;
    let record = crate::repair::record_of(&app, &case).await;
    let rid = record["id"].as_str().unwrap();
    let measures = crate::repair::measures(&app, rid, "in_force", 1).await;
    let procurement = measures.iter().find(|s| s["measure"] == "restrict_government_procurement").unwrap();
    let path = format!("/api/v1/sanctions/{}/acknowledgement", procurement["id"].as_str().unwrap());
    let body = json!({"version": procurement["version"], "implemented_on": "2026-11-22"});
    let (status, done) = app.post_json(&path, &app.department_token(CITY_FINANCE), &body).await;
    assert_eq!(status, 200, "{done}");
    let (status, stats) =
        app.get_json("/api/v1/statistics/sanctions?region_code=340300", &app.credit_office_token()).await;
    assert_eq!(status, 200, "{stats}");
    let finance = stats["rows"].as_array().unwrap().iter().find(|r| r["label"] == CITY_FINANCE).cloned();
    let finance = finance.unwrap_or_else(|| panic!("{stats}"));
    // Government funding, procurement, and (a payment-arrears breach) budget arrangements.
    assert_eq!(
        (finance["in_force"].as_i64(), finance["acknowledged_on_time"].as_i64()),
        (Some(3), Some(1)),
        "{finance}"
    );
    let (status, _) =
        app.get_json("/api/v1/statistics/sanctions?region_code=340300", &app.department_token(CITY_FINANCE)).await;
    assert_eq!(status, 403);
}
