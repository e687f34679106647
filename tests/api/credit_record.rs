//! The government credit record: a determined case yields exactly one record, provider
//! imports (mixed rows, re-imports, all or nothing, three formats), versioned corrections,
//! a subject's record and a region's roll-up, expiry at the maximum period, visibility per
//! role, and the export.

use crate::helpers::*;
use serde_json::{json, Value};

const JUSTICE: &str = "蚌埠市司法局";
const INDUSTRY: &str = "蚌埠市经济和信息化局";
const WUHE_INDUSTRY: &str = "五河县经济和信息化局";

/// Fast consumers and jobs.
const FAST: [(&str, &str); 2] = [("LVYUE_CONSUMER_POLL_MS", "20"), ("LVYUE_JOB_INTERVAL_MS", "50")];

/// A case pushed, accepted, found substantiated and refused by 怀远县财政局: determined.
pub async fn determined_case(app: &TestApp, external_id: &str) -> Value {
    let dept = app.department_token(HUAIYUAN_GOV);
    let (status, case) = app.push("hotline_12345", &lead(external_id)).await;
    assert_eq!(status, 201, "{case}");
    let case = app.step(&case, "accept", &dept, json!({})).await;
    let case = app.step(&case, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    let determination = json!({
        "category": "leadership_change",
        "facts": "以领导班子调整为由拒绝支付合同价款",
        "amount_fen": 50000000,
        "grade": "serious"
    });
    app.step(&case, "record_refusal", &dept, json!({"determination": determination})).await
}

/// The records of case `id` as an admin sees them, once the consumers have run: at least `n`.
async fn records_of_case(app: &TestApp, id: &str, n: usize) -> Vec<Value> {
    app.drain_consumers().await;
    let (status, page) = app.get_json(&format!("/api/v1/credit-records?complaint_id={id}"), &app.admin_token()).await;
    assert_eq!(status, 200, "{page}");
    let records = page["records"].as_array().unwrap().clone();
    assert!(records.len() >= n, "case {id} has fewer than {n} records: {records:?}");
    records
}

fn row(reference: &str, subject: &str, grade: &str) -> Value {
    json!({
        "provider_ref": reference,
        "kind": "arrears",
        "subject_uscc": org(subject),
        "facts": "拖欠中小企业账款逾期未付",
        "amount_fen": 1200000,
        "grade": grade,
        "decided_on": "2026-11-02"
    })
}

async fn import(app: &TestApp, token: &str, rows: &Value, query: &str) -> (u16, Value) {
    app.post_raw(&format!("/api/v1/credit-records/imports{query}"), token, "application/json", rows.to_string()).await
}

fn outcomes(report: &Value) -> Vec<(String, String)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let code = r["errors"].get(0).map_or(String::new(), |e| e["code"].as_str().unwrap().to_owned());
            (r["outcome"].as_str().unwrap().to_owned(), code)
        })
        .collect()
}

#[tokio::test]
async fn a_determined_case_yields_exactly_one_record_even_when_its_event_is_handled_twice() {
    let app = spawn_app_with(&FAST).await;
    let case = determined_case(&app, "CR-1").await;
    let id = case["id"].as_str().unwrap();
    let records = records_of_case(&app, id, 1).await;
    let r = &records[0];
    assert_eq!((r["kind"].as_str(), r["grade"].as_str()), (Some("breach_determination"), Some("serious")));
    assert_eq!((r["status"].as_str(), r["visibility"].as_str()), (Some("active"), Some("public")));
    assert_eq!(r["subject"]["uscc"], org(HUAIYUAN_FINANCE));
    assert_eq!(r["subject"]["region_code"], "340321");
    assert_eq!(r["determining_body"]["name"], HUAIYUAN_GOV);
    assert_eq!(r["source"]["type"], "case");
    assert_eq!(r["amount_fen"], 50000000);
    // Serious: published at most three years; a breach determination may be repaired at once,
    // once corrected (000 §二(五), 002 三(五): 及时修复).
    assert_eq!(r["publicity"], json!({"repairable_from": "2026-11-22", "expires_on": "2029-11-23"}));

    // The consumer reads the feed again from the start: still one record.
    let pool = app.app_state.write_pool.clone();
    let now = app.app_state.now();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        lvyue_outbox::consumer::rewind(&mut conn, lvyue_credit_record::from_case::CONSUMER, now).unwrap();
        // And the event handled by hand once more, as a crash between record and position would.
        let events: Vec<lvyue_outbox::events::EventRow> =
            lvyue_outbox::events::feed_rows(&mut conn, &lvyue_outbox::Visibility::All, None, 1000).unwrap();
        let determined = events.iter().find(|e| e.event_type == "complaint.determined").unwrap();
        let periods = lvyue_core::credit::PublicityPeriods::default();
        lvyue_db::write_tx(&mut conn, |c| {
            lvyue_credit_record::from_case::handle(c, determined, &periods, now).map_err(|e| match e {
                lvyue_outbox::consumer::HandleError::Failed(e) => e,
                other => lvyue_core::AppError::internal(format!("{other:?}")),
            })
        })
        .unwrap();
    })
    .await
    .unwrap();
    assert_eq!(records_of_case(&app, id, 1).await.len(), 1);

    let rid = r["id"].as_str().unwrap();
    let (_, one) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &app.admin_token()).await;
    assert_eq!(one["history"].as_array().unwrap().len(), 1);
    assert_eq!(one["history"][0]["change"], "created");

    // The public credit platform hears it (once); the channel does not.
    let platform = app.all_events(&app.platform_token()).await;
    let created: Vec<&Value> = platform.iter().filter(|e| e["type"] == "credit_record.created").collect();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["data"]["record"]["id"], r["id"]);
    assert!(platform.iter().all(|e| e["type"].as_str().unwrap().starts_with("credit_record.")));
    let channel = app.all_events(&app.channel_token("hotline_12345")).await;
    assert!(channel.iter().all(|e| !e["type"].as_str().unwrap().starts_with("credit_record.")));
}

#[tokio::test]
async fn provider_imports_answer_per_row_and_are_idempotent() {
    let app = spawn_app().await;
    let provider = app.provider_token(INDUSTRY);
    let mut bad_grade = row("A-2", WUHE_GOV, "huge");
    bad_grade["decided_on"] = json!("2030-01-01");
    let mut unknown = row("A-3", WUHE_GOV, "general");
    unknown["subject_uscc"] = json!("91350100M000100Y43"); // valid, not in the registry
    let batch = json!([row("A-1", WUHE_GOV, "general"), bad_grade, unknown, {"provider_ref": "A-4"}, row("A-5", HUAIYUAN_FINANCE, "minor")]);
    let (status, report) = import(&app, &provider, &batch, "").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["summary"], json!({"rows": 5, "created": 2, "updated": 0, "unchanged": 0, "refused": 3}));
    assert_eq!(
        outcomes(&report),
        [
            ("created".into(), "".into()),
            ("refused".into(), "unknown_code".into()),
            ("refused".into(), "unknown_subject".into()),
            ("refused".into(), "invalid_row".into()),
            ("created".into(), "".into()),
        ]
    );
    let codes: Vec<&str> =
        report["rows"][1]["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown_code", "in_future"]);

    // The same batch again: nothing new. One row changed: a new version.
    let (_, again) = import(&app, &provider, &batch, "").await;
    assert_eq!(again["summary"], json!({"rows": 5, "created": 0, "updated": 0, "unchanged": 2, "refused": 3}));
    let mut changed = row("A-1", WUHE_GOV, "serious");
    changed["amount_fen"] = json!(9900000);
    let (_, updated) = import(&app, &provider, &json!([changed]), "").await;
    assert_eq!(outcomes(&updated), [("updated".to_owned(), String::new())]);
    let rid = updated["rows"][0]["record_id"].as_str().unwrap();
    assert_eq!(rid, report["rows"][0]["record_id"].as_str().unwrap());
    let (_, record) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &app.admin_token()).await;
    assert_eq!((record["version"].as_i64(), record["grade"].as_str()), (Some(2), Some("serious")));
    let history: Vec<&str> =
        record["history"].as_array().unwrap().iter().map(|h| h["change"].as_str().unwrap()).collect();
    assert_eq!(history, ["created", "updated"]);
    assert_eq!(record["history"][0]["record"]["grade"], "general", "the first version stays readable");

    // NDJSON and CSV; a withdrawal.
    let ndjson = format!(
        "{}\n{}\n",
        row("N-1", WUHE_GOV, "general"),
        json!({"provider_ref": "A-5", "revoked": true, "kind": "arrears", "subject_uscc": org(HUAIYUAN_FINANCE), "facts": "拖欠中小企业账款逾期未付", "amount_fen": 1200000, "grade": "minor", "decided_on": "2026-11-02"})
    );
    let (status, r) = app.post_raw("/api/v1/credit-records/imports", &provider, "application/x-ndjson", ndjson).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["summary"]["created"], 1);
    let revoked = r["rows"][1]["record_id"].as_str().unwrap();
    let (_, rec) = app.get_json(&format!("/api/v1/credit-records/{revoked}"), &app.admin_token()).await;
    assert_eq!(rec["status"], "revoked");
    let csv = format!(
        "provider_ref,kind,subject_uscc,facts,amount_fen,grade,decided_on,category,visibility\n\
         C-1,arrears,{},逾期未付工程款,300000,general,2026-10-01,,\n\
         C-2,arrears,{},逾期未付工程款,,serious,2026-10-01,,secret\n",
        org(WUHE_GOV),
        org(WUHE_GOV)
    );
    let (status, r) = app.post_raw("/api/v1/credit-records/imports", &provider, "text/csv", csv).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(outcomes(&r), [("created".into(), "".into()), ("refused".into(), "unknown_code".into())]);

    // The same provider_ref twice in one batch: created, then its next version.
    let (_, twice) =
        import(&app, &provider, &json!([row("D-1", WUHE_GOV, "general"), row("D-1", WUHE_GOV, "serious")]), "").await;
    assert_eq!(outcomes(&twice), [("created".into(), "".into()), ("updated".into(), "".into())]);
    let rid = twice["rows"][1]["record_id"].as_str().unwrap();
    let (_, record) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &app.admin_token()).await;
    assert_eq!((record["version"].as_i64(), record["grade"].as_str()), (Some(2), Some("serious")));

    // All or nothing: one bad row, nothing stored.
    let (_, before) = app.get_json("/api/v1/credit-records?limit=200", &app.admin_token()).await;
    let batch = json!([row("X-1", WUHE_GOV, "general"), row("X-2", WUHE_GOV, "huge")]);
    let (status, problem) = import(&app, &provider, &batch, "?all_or_nothing=true").await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "rows[2].grade");
    let (_, after) = app.get_json("/api/v1/credit-records?limit=200", &app.admin_token()).await;
    assert_eq!(before["records"].as_array().unwrap().len(), after["records"].as_array().unwrap().len());
    let (status, ok) = import(&app, &provider, &json!([row("X-1", WUHE_GOV, "general")]), "?all_or_nothing=true").await;
    assert_eq!((status, ok["summary"]["created"].as_i64()), (200, Some(1)));

    // Who may import, and what.
    let (status, _) = import(&app, &app.credit_office_token(), &batch, "").await;
    assert_eq!(status, 403);
    let (status, _) = app.post_raw("/api/v1/credit-records/imports", &provider, "text/plain", "x".into()).await;
    assert_eq!(status, 415);
    let (status, _) =
        app.post_raw("/api/v1/credit-records/imports", &provider, "application/json", "{oops".into()).await;
    assert_eq!(status, 400);
    let mut breach = row("B-1", WUHE_GOV, "general");
    breach["kind"] = json!("breach_determination");
    let (_, r) = import(&app, &provider, &json!([breach]), "").await;
    assert_eq!(outcomes(&r), [("refused".to_owned(), "not_from_providers".to_owned())]);
    let (status, r) = import(
        &app,
        &app.admin_token(),
        &json!([row("AD-1", WUHE_GOV, "general")]),
        &format!("?provider={}", org(JUSTICE)),
    )
    .await;
    assert_eq!((status, r["summary"]["created"].as_i64()), (200, Some(1)), "{r}");
}

#[tokio::test]
async fn corrections_are_new_versions_and_the_history_stays_readable() {
    let app = spawn_app().await;
    let (_, r) =
        import(&app, &app.provider_token(INDUSTRY), &json!([row("K-1", HUAIYUAN_FINANCE, "general")]), "").await;
    let id = r["rows"][0]["record_id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/credit-records/{id}/corrections");
    // The provider that reported it answers for it; the credit office does not (issue 16.5).
    let office = app.provider_token(INDUSTRY);
    let (status, _) = app
        .post_json(&path, &app.credit_office_token(), &json!({"version": 1, "reason": "核对", "amount_fen": 1}))
        .await;
    assert_eq!(status, 403);

    let (status, problem) =
        app.post_json(&path, &office, &json!({"version": 1, "reason": " ", "grade": "serious"})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("reason")));
    let (status, fixed) = app
        .post_json(
            &path,
            &office,
            &json!({"version": 1, "reason": "金额核对有误", "amount_fen": 800000, "grade": "serious"}),
        )
        .await;
    assert_eq!(status, 200, "{fixed}");
    assert_eq!((fixed["version"].as_i64(), fixed["amount_fen"].as_i64()), (Some(2), Some(800000)));
    // The window follows the grade: decided 2 Nov 2026, serious.
    assert_eq!(fixed["publicity"], json!({"repairable_from": "2027-11-03", "expires_on": "2029-11-03"}));
    let history = fixed["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[1]["change"].as_str(), history[1]["reason"].as_str()),
        (Some("corrected"), Some("金额核对有误"))
    );
    assert_eq!(history[0]["record"]["amount_fen"], 1200000);

    let (status, _) =
        app.post_json(&path, &office, &json!({"version": 1, "reason": "再次更正", "amount_fen": 1})).await;
    assert_eq!(status, 409, "stale version");
    // The subject itself may not correct its record, nor may a channel, which sees it
    // published; another department does not see it at all.
    let (status, _) = app
        .post_json(
            &path,
            &app.department_token(HUAIYUAN_FINANCE),
            &json!({"version": 2, "reason": "x", "amount_fen": 1}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .post_json(&path, &app.channel_token("hotline_12345"), &json!({"version": 2, "reason": "x", "amount_fen": 1}))
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .post_json(&path, &app.department_token(CITY_FINANCE), &json!({"version": 2, "reason": "x", "amount_fen": 1}))
        .await;
    assert_eq!(status, 404);
    let (status, _) =
        app.post_json(&path, &office, &json!({"version": 2, "reason": "无变化", "amount_fen": 800000})).await;
    assert_eq!(status, 422);
    let events = app.all_events(&app.admin_token()).await;
    assert_eq!(events.iter().filter(|e| e["type"] == "credit_record.corrected").count(), 1);
}

#[tokio::test]
async fn a_subjects_record_and_its_regions_roll_up() {
    let app = spawn_app_with(&FAST).await;
    determined_case(&app, "R-1").await;
    let provider = app.provider_token(INDUSTRY);
    let rows = json!([
        row("R-A", HUAIYUAN_FINANCE, "general"),
        row("R-B", WUHE_GOV, "minor"),
        row("R-C", WUHE_INDUSTRY, "serious"),
    ]);
    import(&app, &provider, &rows, "").await;
    let office = app.credit_office_token();
    let uscc = org(HUAIYUAN_FINANCE);
    app.drain_consumers().await;
    let (status, subject) = app.get_json(&format!("/api/v1/subjects/{uscc}/credit-record"), &office).await;
    assert_eq!(status, 200, "{subject}");
    assert_eq!((subject["name"].as_str(), subject["in_force"].as_i64()), (Some(HUAIYUAN_FINANCE), Some(2)));
    let mut kinds: Vec<&str> =
        subject["records"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, ["arrears", "breach_determination"]);
    assert_eq!(subject["records"][1]["history"][0]["change"], "created");

    let (status, city) = app.get_json("/api/v1/regions/340300/credit-record", &office).await;
    assert_eq!(status, 200, "{city}");
    assert_eq!(city["totals"]["total"], 4);
    assert_eq!(city["totals"]["by_kind"], json!({"arrears": 3, "breach_determination": 1}));
    assert_eq!(city["totals"]["in_force_by_grade"], json!({"general": 1, "minor": 1, "serious": 2}));
    assert_eq!((city["departments_with_records"].as_i64(), city["departments_in_force"].as_i64()), (Some(3), Some(3)));
    assert_eq!(city["departments"][0]["uscc"], uscc, "most records in force first");
    let (_, county) = app.get_json("/api/v1/regions/340322/credit-record", &office).await;
    assert_eq!(county["totals"]["total"], 2);
    let (status, _) = app.get_json("/api/v1/regions/110000/credit-record", &office).await;
    assert_eq!(status, 404, "outside the office's region");
    let (status, _) = app.get_json("/api/v1/subjects/91350100M000100Y43/credit-record", &office).await;
    assert_eq!(status, 404);
    let (status, _) = app.get_json("/api/v1/subjects/not-a-code/credit-record", &office).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn records_expire_at_their_maximum_period_by_themselves() {
    let app = spawn_app_with(&FAST).await;
    let mut minor = row("E-1", WUHE_GOV, "minor");
    minor["decided_on"] = json!("2026-09-01");
    let (_, r) =
        import(&app, &app.provider_token(INDUSTRY), &json!([minor, row("E-2", WUHE_GOV, "general")]), "").await;
    let id = r["rows"][0]["record_id"].as_str().unwrap().to_owned();
    let (_, rec) = app.get_json(&format!("/api/v1/credit-records/{id}"), &app.admin_token()).await;
    // Three months from 1 September end on 1 December (the first day is not counted).
    assert_eq!(rec["publicity"]["expires_on"], "2026-12-02");
    assert_eq!(rec["visibility"], "shared", "a minor finding is shared, not published");

    // The day before: nothing happens.
    app.set_time("2026-12-01T23:00:00+08:00");
    app.run_jobs_once().await;
    let (_, rec) = app.get_json(&format!("/api/v1/credit-records/{id}"), &app.admin_token()).await;
    assert_eq!(rec["status"], "active");
    app.set_time("2026-12-02T00:05:00+08:00");
    app.run_jobs_once().await;
    let (_, expired) = app.get_json(&format!("/api/v1/credit-records/{id}"), &app.admin_token()).await;
    assert_eq!(expired["status"], "expired");
    assert_eq!(expired["history"][1]["change"], "expired");
    let (_, list) = app.get_json("/api/v1/credit-records?status=active", &app.admin_token()).await;
    assert_eq!(list["records"].as_array().unwrap().len(), 1, "the general record runs a year");
    let platform = app.all_events(&app.platform_token()).await;
    let expiries: Vec<&Value> = platform.iter().filter(|e| e["type"] == "credit_record.expired").collect();
    assert_eq!(expiries.len(), 1);
    assert_eq!(expiries[0]["data"]["previous_status"], "active");
}

#[tokio::test]
async fn each_role_sees_the_records_it_should() {
    let app = spawn_app().await;
    let mut internal = row("V-1", HUAIYUAN_FINANCE, "general");
    internal["visibility"] = json!("internal");
    let mut shared = row("V-2", HUAIYUAN_FINANCE, "general");
    shared["visibility"] = json!("shared");
    let public = row("V-3", WUHE_GOV, "general");
    let (_, r) = import(&app, &app.provider_token(INDUSTRY), &json!([internal, shared, public]), "").await;
    assert_eq!(r["summary"]["created"], 3, "{r}");
    import(&app, &app.provider_token(JUSTICE), &json!([row("V-4", WUHE_GOV, "minor")]), "").await;

    let refs = |page: &Value| -> Vec<String> {
        let mut v: Vec<String> = page["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["source"]["provider_ref"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    let see = |token: String| {
        let app = &app;
        async move {
            let (status, page) = app.get_json("/api/v1/credit-records", &token).await;
            assert_eq!(status, 200, "{page}");
            page
        }
    };
    assert_eq!(refs(&see(app.admin_token()).await), ["V-1", "V-2", "V-3", "V-4"]);
    // Pages of one, following the cursor, newest first.
    let mut seen = Vec::new();
    let mut path = "/api/v1/credit-records?limit=1".to_owned();
    loop {
        let (status, page) = app.get_json(&path, &app.admin_token()).await;
        assert_eq!(status, 200, "{page}");
        seen.extend(refs(&page));
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/credit-records?limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);
    seen.sort();
    assert_eq!(seen, ["V-1", "V-2", "V-3", "V-4"]);
    assert_eq!(refs(&see(app.auditor_token()).await), ["V-1", "V-2", "V-3", "V-4"]);
    assert_eq!(refs(&see(app.credit_office_token()).await), ["V-1", "V-2", "V-3", "V-4"]);
    assert_eq!(refs(&see(app.department_token(HUAIYUAN_FINANCE)).await), ["V-1", "V-2"]);
    assert_eq!(refs(&see(app.department_token(CITY_FINANCE)).await), Vec::<String>::new());
    assert_eq!(refs(&see(app.provider_token(JUSTICE)).await), ["V-4"]);
    assert_eq!(refs(&see(app.platform_token()).await), ["V-2", "V-3", "V-4"]);
    assert_eq!(refs(&see(app.channel_token("hotline_12345")).await), ["V-3"]);
    let checker = app.token(lvyue_core::Role::SanctionChecker, None, None);
    let (status, _) = app.get_json("/api/v1/credit-records", &checker).await;
    assert_eq!(status, 403);

    // The platform's feed carries the shared and public records only.
    let platform = app.all_events(&app.platform_token()).await;
    let mut seen: Vec<&str> =
        platform.iter().map(|e| e["data"]["record"]["source"]["provider_ref"].as_str().unwrap()).collect();
    seen.sort();
    assert_eq!(seen, ["V-2", "V-3", "V-4"]);
    // A channel may not export; the platform exports what it may see, as CSV too.
    let (status, _) = app.get_json("/api/v1/credit-records/export", &app.channel_token("hotline_12345")).await;
    assert_eq!(status, 403);
    let csv = app.get("/api/v1/credit-records/export?format=csv", &app.platform_token()).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("id,kind,subject_uscc,"));
    let (status, _) = app.get_json("/api/v1/credit-records/export?format=xml", &app.admin_token()).await;
    assert_eq!(status, 422);
}

/// The resident set of this test process, in bytes. A machine that cannot tell fails the
/// test that measures it, rather than letting it pass without measuring.
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status: the memory test needs it");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
        .expect("VmRSS in /proc/self/status")
}

/// Stores `n` records straight into the database, in batches (the import path is tested
/// above; here only the export's volume matters).
async fn bulk_records(app: &TestApp, n: usize) {
    use diesel::RunQueryDsl;
    use lvyue_credit_record::record::CreditRecordRow;
    use lvyue_db::schema::credit_records;
    let pool = app.app_state.write_pool.clone();
    let now = app.app_state.now();
    let subject = org(WUHE_GOV);
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let facts = "x".repeat(400);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        for start in (0..n).step_by(1000) {
            let rows: Vec<CreditRecordRow> = (start..(start + 1000).min(n))
                .map(|i| CreditRecordRow {
                    id: format!("bulk-{i:07}"),
                    kind: "arrears".into(),
                    subject_org_id: None,
                    subject_uscc: Some(subject.clone()),
                    subject_name: WUHE_GOV.into(),
                    region_code: "340322".into(),
                    complaint_id: None,
                    determination_id: None,
                    provider_org_id: None,
                    provider_ref: Some(format!("BULK-{i}")),
                    determining_org_id: None,
                    determining_body: "蚌埠市经济和信息化局".into(),
                    category: None,
                    facts: facts.clone(),
                    amount_fen: Some(i as i64),
                    grade: "general".into(),
                    decided_on: day,
                    repairable_from: day,
                    expires_on: day,
                    status: "active".into(),
                    visibility: "public".into(),
                    version: 1,
                    content_hash: None,
                    early_remedy: None,
                    created_at: now,
                    updated_at: now,
                })
                .collect();
            lvyue_db::write_tx(&mut conn, |c| {
                match c {
                    lvyue_db::DbConn::Pg(pg) => {
                        diesel::insert_into(credit_records::table).values(&rows).execute(pg)?;
                    }
                    lvyue_db::DbConn::Sqlite(lite) => {
                        for chunk in rows.chunks(500) {
                            diesel::insert_into(credit_records::table).values(chunk).execute(lite)?;
                        }
                    }
                }
                Ok(())
            })
            .unwrap();
        }
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn the_export_streams_100000_records_in_bounded_memory() {
    use futures_util::StreamExt;
    // Alone: the process's memory is what is measured.
    let app = spawn_app_alone().await;
    const N: usize = 100_000;
    bulk_records(&app, N).await;
    let before = rss();
    let response = app.get("/api/v1/credit-records/export?format=ndjson", &app.admin_token()).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let (mut lines, mut bytes, mut peak) = (0usize, 0usize, before);
    let mut head = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        if lines == 0 {
            head.extend_from_slice(&chunk);
        }
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
        peak = peak.max(rss());
    }
    assert_eq!(lines, N);
    assert!(bytes > 100_000_000, "{bytes} bytes: each record is over 1 kB");
    let grown = peak.saturating_sub(before);
    assert!(grown < 64 << 20, "the export grew this process by {} MB for {} MB sent", grown >> 20, bytes >> 20);
    let first: Value = serde_json::from_slice(head.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["kind"], "arrears");

    // changed_since picks the records changed at or after a moment.
    let (status, r) =
        import(&app, &app.provider_token(INDUSTRY), &json!([row("LATE-1", WUHE_GOV, "general")]), "").await;
    assert_eq!(status, 200, "{r}");
    app.set_time("2026-11-23T10:00:00+08:00");
    let correction = json!({"version": 1, "reason": "更正", "amount_fen": 5});
    let rid = r["rows"][0]["record_id"].as_str().unwrap();
    let (status, corrected) = app
        .post_json(&format!("/api/v1/credit-records/{rid}/corrections"), &app.provider_token(INDUSTRY), &correction)
        .await;
    assert_eq!(status, 200, "{corrected}");
    let since = "2026-11-23T00:00:00%2B08:00";
    let text = app.get(&format!("/api/v1/credit-records/export?changed_since={since}"), &app.admin_token()).await;
    let text = text.text().await.unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("LATE-1"));
}

/// Issue 16.7 (000 §二(三): 司法局 shares 公共政策兑现和履约践诺 information in full): a provider
/// reports positive and neutral fulfilment information — no grade, no publicity window, no
/// measures — that counts in no breach figure and reaches the public credit platform.
#[tokio::test]
async fn fulfilment_information_is_kept_and_shared_but_is_no_breach() {
    let app = spawn_app_with(&FAST).await;
    let justice = app.provider_token(JUSTICE);
    let kept = json!({
        "provider_ref": "SFJ-LY-1", "kind": "fulfilment", "subject_uscc": org(HUAIYUAN_FINANCE),
        "facts": "按期足额兑现招商引资奖励政策", "category": "policy_honoured", "decided_on": "2026-11-02"
    });
    let mut graded = kept.clone();
    graded["provider_ref"] = json!("SFJ-LY-2");
    graded["grade"] = json!("general");
    let mut internal = kept.clone();
    internal["provider_ref"] = json!("SFJ-LY-3");
    internal["visibility"] = json!("internal");
    let (status, report) = import(&app, &justice, &json!([kept, graded, internal]), "").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        outcomes(&report),
        [
            ("created".into(), "".into()),
            ("refused".into(), "not_graded".into()),
            ("refused".into(), "must_be_shared".into())
        ]
    );
    let rid = report["rows"][0]["record_id"].as_str().unwrap().to_owned();
    let (_, record) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &app.admin_token()).await;
    assert_eq!(
        (&record["kind"], &record["grade"], &record["publicity"], &record["visibility"], &record["status"]),
        (&json!("fulfilment"), &Value::Null, &Value::Null, &json!("shared"), &json!("active")),
        "{record}"
    );

    // No measure follows it; it counts in no breach figure; there is nothing to repair.
    app.drain_consumers().await;
    let (_, measures) = app.get_json(&format!("/api/v1/sanctions?record_id={rid}"), &app.admin_token()).await;
    assert_eq!(measures["sanctions"], json!([]));
    let office = app.credit_office_token();
    let (_, subject) =
        app.get_json(&format!("/api/v1/subjects/{}/credit-record", org(HUAIYUAN_FINANCE)), &office).await;
    assert_eq!((subject["in_force"].as_i64(), subject["records"].as_array().map(Vec::len)), (Some(0), Some(1)));
    let (_, county) = app.get_json("/api/v1/regions/340321/credit-record", &office).await;
    assert_eq!((county["totals"]["total"].as_i64(), county["totals"]["fulfilment"].as_i64()), (Some(0), Some(1)));
    assert_eq!(county["departments_with_records"], 0);
    let body = json!({"record_id": rid, "statement": "无", "evidence": [{"name": "a.pdf", "url": "https://files.example.cn/a.pdf"}], "pledge": "依法依约履行"});
    let (status, problem) =
        app.post_json("/api/v1/repair-applications", &app.department_token(HUAIYUAN_FINANCE), &body).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("not_a_breach")), "{problem}");

    // The public credit platform receives it.
    let platform = app.all_events(&app.platform_token()).await;
    assert!(platform.iter().any(|e| e["type"] == "credit_record.created" && e["data"]["record"]["id"] == rid.as_str()));
}

/// Issue 16.9: a finding against a body the registry does not hold binds nothing (not only a
/// logged warning): it waits in the credit office's queue until the office links it to the
/// registry entry of its subject, after which the measures follow as usual.
#[tokio::test]
async fn a_finding_against_an_unregistered_body_waits_until_the_credit_office_links_it() {
    let app = spawn_app_with(&FAST).await;
    let office = app.credit_office_token();
    let (status, case) = app.push("hotline_12345", &unresolved_lead("UNREG-1")).await;
    assert_eq!((status, case["status"].as_str()), (201, Some("received")), "{case}");
    // The credit office forwards it to the city government, which determines the breach.
    let case = app.step(&case, "assign", &office, json!({"handling_org": org(CITY_GOV)})).await;
    let gov = app.department_token(CITY_GOV);
    let case = app.step(&case, "accept", &gov, json!({})).await;
    let case = app.step(&case, "conclude_substantiated", &gov, json!({"rectification_deadline": "2026-12-31"})).await;
    let determination =
        json!({"category": "payment_arrears", "facts": "拒不支付合同价款", "amount_fen": 50000000, "grade": "general"});
    app.step(&case, "record_refusal", &gov, json!({"determination": determination})).await;
    app.drain_consumers().await;

    let (status, queue) = app.get_json("/api/v1/credit-records?unresolved_subject=true", &office).await;
    assert_eq!(status, 200, "{queue}");
    let waiting = queue["records"].as_array().unwrap();
    assert_eq!(waiting.len(), 1, "{queue}");
    assert_eq!(
        (waiting[0]["subject"]["org_id"].clone(), waiting[0]["subject"]["name"].as_str()),
        (Value::Null, Some("蚌埠市某新设管理办公室"))
    );
    let rid = waiting[0]["id"].as_str().unwrap().to_owned();
    let (_, none) = app.get_json(&format!("/api/v1/sanctions?record_id={rid}"), &app.admin_token()).await;
    assert_eq!(none["sanctions"], json!([]), "it binds nothing yet");

    // The body is registered; the office links the finding to it.
    let uscc = lvyue_core::Uscc::with_check_character("11340300MB0000017").unwrap().as_str().to_owned();
    let body = json!({"name": "蚌埠市某新设管理办公室", "uscc": uscc, "region_code": "340300", "level": "city",
                      "kind": "organ", "parent_uscc": org(CITY_GOV), "supervisor_uscc": org(CITY_GOV)});
    let (status, registered) = app.post_json("/api/v1/organisations", &app.admin_token(), &body).await;
    assert_eq!(status, 201, "{registered}");
    let path = format!("/api/v1/credit-records/{rid}/subject");
    let link = json!({"version": waiting[0]["version"], "uscc": uscc, "reason": "该办公室已登记，即认定所指单位"});
    let (status, _) = app.post_json(&path, &gov, &link).await;
    assert_eq!(status, 403, "the determining body does not link subjects");
    let mut unknown = link.clone();
    unknown["uscc"] = json!("91350100M000100Y43");
    let (status, problem) = app.post_json(&path, &office, &unknown).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("unknown_organisation")), "{problem}");
    let (status, linked) = app.post_json(&path, &office, &link).await;
    assert_eq!(status, 200, "{linked}");
    assert_eq!(linked["subject"]["org_id"], registered["id"]);
    let history = linked["history"].as_array().unwrap();
    assert_eq!(history.last().unwrap()["change"], "subject_resolved");
    let (status, problem) =
        app.post_json(&path, &office, &json!({"version": linked["version"], "uscc": uscc, "reason": "再次"})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("subject_resolved")));

    // The measures follow, and the queue is empty.
    app.drain_consumers().await;
    let (_, measures) = app.get_json(&format!("/api/v1/sanctions?record_id={rid}&limit=200"), &app.admin_token()).await;
    let bound: Vec<&str> =
        measures["sanctions"].as_array().unwrap().iter().map(|s| s["target_uscc"].as_str().unwrap()).collect();
    assert!(bound.contains(&uscc.as_str()), "{measures}");
    let (_, queue) = app.get_json("/api/v1/credit-records?unresolved_subject=true", &office).await;
    assert_eq!(queue["records"], json!([]));
}
