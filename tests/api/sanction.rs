//! Sanctions: measures follow records onto the subject and its region, the check answers
//! with its reasons, acknowledgement and the overdue flag, measures end with their record,
//! the batch check, the check log, the catalogue edited, and the oversight figures.

use crate::credit_record::determined_case;
use crate::helpers::*;
use serde_json::{json, Value};

const FAST: [(&str, &str); 2] = [("LVYUE_CONSUMER_POLL_MS", "20"), ("LVYUE_JOB_INTERVAL_MS", "50")];
const INDUSTRY: &str = "蚌埠市经济和信息化局";
const WUHE_INDUSTRY: &str = "五河县经济和信息化局";

fn checker(app: &TestApp) -> String {
    app.token(lvyue_core::Role::SanctionChecker, None, None)
}

/// The measures of record `rid` with `status`, once the consumers have run: at least `n`.
async fn measures(app: &TestApp, rid: &str, status: &str, n: usize) -> Vec<Value> {
    crate::repair::measures(app, rid, status, n).await
}

async fn record_of_case(app: &TestApp, case: &Value) -> String {
    crate::repair::record_of(app, case).await["id"].as_str().unwrap().to_owned()
}

async fn check(app: &TestApp, subject: &str, benefit: &str) -> Value {
    let (status, answer) = app
        .get_json(&format!("/api/v1/sanction-checks?subject={}&benefit={benefit}", org(subject)), &checker(app))
        .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

async fn import_one(app: &TestApp, reference: &str, subject: &str, kind: &str, revoked: bool) -> String {
    let row = json!([{"provider_ref": reference, "kind": kind, "subject_uscc": org(subject), "facts": "拖欠中小企业账款",
                      "amount_fen": 100, "grade": "general", "decided_on": "2026-11-02", "revoked": revoked}]);
    let (status, r) = app
        .post_raw("/api/v1/credit-records/imports", &app.provider_token(INDUSTRY), "application/json", row.to_string())
        .await;
    assert_eq!(status, 200, "{r}");
    r["rows"][0]["record_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_determined_case_restricts_its_subject_and_its_county_and_the_check_says_why() {
    let app = spawn_app_with(&FAST).await;
    let case = determined_case(&app, "S-1").await;
    let rid = record_of_case(&app, &case).await;
    let list = measures(&app, &rid, "in_force", 10).await;
    let mut codes: Vec<(&str, &str)> =
        list.iter().map(|s| (s["measure"].as_str().unwrap(), s["target_name"].as_str().unwrap())).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            ("cancel_awards", HUAIYUAN_FINANCE),
            ("cancel_credit_demo_eligibility", HUAIYUAN_GOV),
            ("cancel_ndrc_awards_and_pilots", HUAIYUAN_GOV),
            ("restrict_central_budget_funds", HUAIYUAN_FINANCE),
            ("restrict_financing_recommendation", HUAIYUAN_FINANCE),
            ("restrict_government_funding", HUAIYUAN_FINANCE),
            ("restrict_government_procurement", HUAIYUAN_FINANCE),
            ("restrict_special_bonds", HUAIYUAN_FINANCE),
            ("restrict_support_policies", HUAIYUAN_FINANCE),
            ("written_warning", HUAIYUAN_FINANCE),
        ]
    );
    let procurement = list.iter().find(|s| s["measure"] == "restrict_government_procurement").unwrap();
    assert_eq!(
        (procurement["starts_on"].as_str(), procurement["planned_end_on"].as_str()),
        (Some("2026-11-22"), Some("2029-11-23"))
    );
    assert!(procurement["basis"].as_str().unwrap().contains("1103"));

    let answer = check(&app, HUAIYUAN_FINANCE, "government_procurement").await;
    assert_eq!(answer["restricted"], true);
    let r = &answer["restrictions"][0];
    assert_eq!(
        (r["measure"].as_str(), r["record_id"].as_str()),
        (Some("restrict_government_procurement"), Some(rid.as_str()))
    );
    assert_eq!(
        (r["record_kind"].as_str(), r["record_grade"].as_str()),
        (Some("breach_determination"), Some("serious"))
    );
    assert_eq!(r["measure_name"], "限制参加政府采购");
    // The catalogue renames the measure: the next answer shows the new name.
    let body = json!({"version": 1, "reason": "规范名称", "name_zh": "限制参与政府采购活动"});
    let (status, m) =
        app.put_json("/api/v1/sanction-measures/restrict_government_procurement", &app.admin_token(), &body).await;
    assert_eq!(status, 200, "{m}");
    let renamed = check(&app, HUAIYUAN_FINANCE, "government_procurement").await;
    assert_eq!(renamed["restrictions"][0]["measure_name"], "限制参与政府采购活动");
    // A breach determination does not bring the Order 802 limits; the county's government
    // loses awards and pilots; another county does not.
    assert_eq!(check(&app, HUAIYUAN_FINANCE, "office_space").await["restricted"], false);
    assert_eq!(check(&app, HUAIYUAN_GOV, "pilot_programmes").await["restricted"], true);
    assert_eq!(check(&app, HUAIYUAN_GOV, "government_procurement").await["restricted"], false);
    assert_eq!(check(&app, WUHE_GOV, "awards").await["restricted"], false);

    // The subject's credit record shows its measures in force; the county's, the regional ones.
    let office = app.credit_office_token();
    let (_, subject) =
        app.get_json(&format!("/api/v1/subjects/{}/credit-record", org(HUAIYUAN_FINANCE)), &office).await;
    assert_eq!(subject["sanctions_in_force"].as_array().unwrap().len(), 8, "{subject}");
    assert_eq!(subject["sanctions_in_force"][0]["record_id"], rid.as_str());
    let (_, county) = app.get_json(&format!("/api/v1/subjects/{}/credit-record", org(HUAIYUAN_GOV)), &office).await;
    let binds: Vec<&str> =
        county["sanctions_in_force"].as_array().unwrap().iter().map(|s| s["binds"].as_str().unwrap()).collect();
    assert_eq!(binds, ["region", "region"]);
}

#[tokio::test]
async fn arrears_of_an_organ_add_the_order_802_limits_and_measures_end_with_their_record() {
    let app = spawn_app_with(&FAST).await;
    let rid = import_one(&app, "AR-1", WUHE_INDUSTRY, "arrears", false).await;
    let list = measures(&app, &rid, "in_force", 12).await;
    assert_eq!(list.len(), 12, "7 on the subject, 3 of Order 802 Art. 26, 2 on the county");
    for benefit in ["official_consumption", "office_space", "budget_arrangement", "special_bonds"] {
        assert_eq!(check(&app, WUHE_INDUSTRY, benefit).await["restricted"], true, "{benefit}");
    }
    assert_eq!(check(&app, WUHE_INDUSTRY, "bank_lending").await["restricted"], false, "only serious arrears");
    assert_eq!(check(&app, WUHE_GOV, "credit_demo_eligibility").await["restricted"], true);

    // The provider withdraws the record: every measure ends at once, with the reason.
    import_one(&app, "AR-1", WUHE_INDUSTRY, "arrears", true).await;
    let ended = measures(&app, &rid, "ended", 12).await;
    assert!(ended.iter().all(|s| s["end_reason"] == "revoked" && !s["ended_at"].is_null()));
    assert_eq!(check(&app, WUHE_INDUSTRY, "office_space").await["restricted"], false);
    assert_eq!(check(&app, WUHE_GOV, "credit_demo_eligibility").await["restricted"], false);
    let events = app.all_events(&app.credit_office_token()).await;
    assert_eq!(events.iter().filter(|e| e["type"] == "sanction.in_force").count(), 12);
    assert_eq!(events.iter().filter(|e| e["type"] == "sanction.ended").count(), 12);
}

#[tokio::test]
async fn implementing_departments_acknowledge_and_the_late_are_flagged() {
    let app = spawn_app_with(&FAST).await;
    let rid = import_one(&app, "AK-1", WUHE_INDUSTRY, "arrears", false).await;
    let list = measures(&app, &rid, "in_force", 12).await;
    // Put in force on Sunday 22 November: 5 working days end on Friday 27 November.
    assert!(list.iter().all(|s| s["ack_due_on"] == "2026-11-27" && s["ack_overdue"] == false));
    app.set_time("2026-11-30T09:00:00+08:00");
    let (_, late) = app.get_json("/api/v1/sanctions?ack_overdue=true&limit=200", &app.credit_office_token()).await;
    assert_eq!(late["sanctions"].as_array().unwrap().len(), 12);

    let one = list.iter().find(|s| s["measure"] == "restrict_office_space").unwrap();
    let path = format!("/api/v1/sanctions/{}/acknowledgement", one["id"].as_str().unwrap());
    let body = json!({"version": 1, "implemented_on": "2026-11-30", "document_number": "五机管〔2026〕12号", "note": "已压减办公用房"});
    let dept = app.department_token(WUHE_GOV);
    let (status, _) = app.post_json(&path, &app.channel_token("hotline_12345"), &body).await;
    assert_eq!(status, 403);
    let (status, _) = app.post_json(&path, &app.department_token(HUAIYUAN_GOV), &body).await;
    assert_eq!(status, 404, "another county's department does not see it");
    let (status, _) = app.post_json(&path, &dept, &json!({"version": 1, "implemented_on": "2026-12-31"})).await;
    assert_eq!(status, 422);
    let (status, acked) = app.post_json(&path, &dept, &body).await;
    assert_eq!(status, 200, "{acked}");
    assert_eq!(acked["implementation"]["document_number"], "五机管〔2026〕12号");
    assert_eq!(acked["ack_overdue"], false);
    let (status, _) = app.post_json(&path, &dept, &json!({"version": 2, "implemented_on": "2026-11-30"})).await;
    assert_eq!(status, 409, "acknowledged once");
    let (_, late) = app.get_json("/api/v1/sanctions?ack_overdue=true&limit=200", &app.credit_office_token()).await;
    assert_eq!(late["sanctions"].as_array().unwrap().len(), 11);

    let (status, figures) = app
        .get_json(
            "/api/v1/sanction-figures?region_code=340300&from=2026-11-01&to=2026-11-30",
            &app.credit_office_token(),
        )
        .await;
    assert_eq!(status, 200, "{figures}");
    assert_eq!(
        figures["totals"],
        json!({"put_in_force": 12, "acknowledged": 1, "overdue_for_acknowledgement": 11, "ended": 0})
    );
    assert_eq!(figures["by_implementer"]["office_affairs"]["acknowledged"], 1);
    let (status, _) = app
        .get_json(
            "/api/v1/sanction-figures?region_code=110000&from=2026-11-01&to=2026-11-30",
            &app.credit_office_token(),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_batch_check_and_the_check_log() {
    let app = spawn_app_with(&FAST).await;
    let rid = import_one(&app, "B-1", WUHE_INDUSTRY, "judgment_defaulter", false).await;
    measures(&app, &rid, "in_force", 9).await;
    let batch = json!({"checks": [
        {"subject": org(WUHE_INDUSTRY), "benefit": "government_procurement"},
        {"subject": org(HUAIYUAN_FINANCE), "benefit": "government_procurement"},
        {"subject": org(WUHE_INDUSTRY), "benefit": "office_space"},
    ]});
    let (status, answer) = app.post_json("/api/v1/sanction-checks", &checker(&app), &batch).await;
    assert_eq!(status, 200, "{answer}");
    let restricted: Vec<bool> =
        answer["results"].as_array().unwrap().iter().map(|r| r["restricted"].as_bool().unwrap()).collect();
    assert_eq!(restricted, [true, false, false]);

    let (status, problem) = app
        .post_json("/api/v1/sanction-checks", &checker(&app), &json!({"checks": [{"subject": org(WUHE_GOV), "benefit": "awards"}, {"subject": "x", "benefit": "awards"}]}))
        .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("checks[1].subject")));
    let many: Vec<Value> = (0..1001).map(|_| json!({"subject": org(WUHE_GOV), "benefit": "awards"})).collect();
    let (status, _) = app.post_json("/api/v1/sanction-checks", &checker(&app), &json!({ "checks": many })).await;
    assert_eq!(status, 422);
    let (status, _) = app
        .get_json(&format!("/api/v1/sanction-checks?subject={}&benefit=nothing", org(WUHE_GOV)), &checker(&app))
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .get_json(
            &format!("/api/v1/sanction-checks?subject={}&benefit=awards", org(WUHE_GOV)),
            &app.department_token(WUHE_GOV),
        )
        .await;
    assert_eq!(status, 403);

    // Who asked about whom, for what, with what answer.
    let (status, log) =
        app.get_json(&format!("/api/v1/sanction-check-log?subject={}", org(WUHE_INDUSTRY)), &app.auditor_token()).await;
    assert_eq!(status, 200, "{log}");
    let entries = log["checks"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        (entries[1]["benefit"].as_str(), entries[1]["restricted"].as_bool()),
        (Some("government_procurement"), Some(true))
    );
    assert_eq!(entries[1]["checker"], "test:sanction_checker");
    assert_eq!(entries[1]["sanction_ids"].as_array().unwrap().len(), 1);
    let (status, _) = app.get_json("/api/v1/sanction-check-log", &checker(&app)).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn an_admin_edits_the_catalogue_and_new_records_follow_it() {
    let app = spawn_app_with(&FAST).await;
    let (_, catalogue) = app.get_json("/api/v1/sanction-measures", &checker(&app)).await;
    assert_eq!(catalogue.as_array().unwrap().len(), 17);
    let path = "/api/v1/sanction-measures/restrict_government_procurement";
    let change = json!({"version": 1, "reason": "试行期间暂停", "active": false});
    let (status, _) = app.put_json(path, &app.credit_office_token(), &change).await;
    assert_eq!(status, 403);
    let (status, measure) = app.put_json(path, &app.admin_token(), &change).await;
    assert_eq!(status, 200, "{measure}");
    assert_eq!((measure["version"].as_i64(), measure["active"].as_bool()), (Some(2), Some(false)));
    let (status, _) = app.put_json(path, &app.admin_token(), &change).await;
    assert_eq!(status, 409);
    let (status, audit) = app.get_json("/api/v1/audit-log?entity_type=sanction_measure", &app.auditor_token()).await;
    assert_eq!(status, 200, "{audit}");
    let entries = audit["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0]["before"]["active"].as_bool(), entries[0]["after"]["active"].as_bool()),
        (Some(true), Some(false))
    );

    let rid = import_one(&app, "C-1", WUHE_INDUSTRY, "judgment_defaulter", false).await;
    let list = measures(&app, &rid, "in_force", 8).await;
    assert!(list.iter().all(|s| s["measure"] != "restrict_government_procurement"));
    assert_eq!(check(&app, WUHE_INDUSTRY, "government_procurement").await["restricted"], false);
}

/// A breach of `respondent` (by name) with `category`, determined by 怀远县人民政府.
async fn determined_against(app: &TestApp, external_id: &str, respondent: &str, category: &str) -> Value {
    let dept = app.department_token(HUAIYUAN_GOV);
    let mut l = lead(external_id);
    l["respondent"] = json!({ "uscc": org(respondent), "name": respondent, "region_code": "340321" });
    let (status, case) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 201, "{case}");
    let case = app.step(&case, "accept", &dept, json!({})).await;
    let case = app.step(&case, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    let determination =
        json!({"category": category, "facts": "拖欠中小企业货款", "amount_fen": 500000, "grade": "general"});
    app.step(&case, "record_refusal", &dept, json!({"determination": determination})).await
}

/// 保障中小企业款项支付条例 (国务院令第802号) Arts. 25–26: a public institution found to owe a
/// small or medium enterprise is limited in official consumption, office space and budget
/// arrangements — whether the finding came from 经信局's arrears records or from a determined
/// `payment_arrears` breach; other breach categories do not bring those measures.
#[tokio::test]
async fn a_determined_payment_arrears_breach_brings_the_sme_payment_measures() {
    let app = spawn_app().await;
    const INSTITUTION: &str = "怀远县招商服务中心";
    const BUREAU: &str = "怀远县住房和城乡建设局";
    determined_against(&app, "SME-1", INSTITUTION, "payment_arrears").await;
    determined_against(&app, "SME-2", BUREAU, "commitment_unfulfilled").await;
    app.drain_consumers().await;
    for benefit in ["official_consumption", "office_space", "budget_arrangement"] {
        let answer = check(&app, INSTITUTION, benefit).await;
        assert_eq!(answer["restricted"], true, "{benefit}: {answer}");
        assert_eq!(check(&app, BUREAU, benefit).await["restricted"], false, "{benefit}: not a payment breach");
    }
    let answer = check(&app, INSTITUTION, "official_consumption").await;
    assert_eq!(answer["restrictions"][0]["record_kind"], "breach_determination", "{answer}");
    // The catalogue says so, and an admin can change it.
    let (_, catalogue) = app.get_json("/api/v1/sanction-measures", &app.admin_token()).await;
    let entry = catalogue.as_array().unwrap().iter().find(|m| m["code"] == "restrict_official_consumption").unwrap();
    assert_eq!(entry["trigger"]["categories"], json!(["payment_arrears"]));
}

/// 001 and 发改财金〔2023〕1103号: 公开通报批评, 追究责任人 and 扣转国库存款或减少转移支付 are
/// decided case by case; a credit office imposes them on a record of its region, they then
/// behave like every measure (acknowledged, ended with the record), and one may end early.
#[tokio::test]
async fn a_credit_office_imposes_a_measure_case_by_case_and_ends_it_early() {
    let app = spawn_app().await;
    let case = determined_case(&app, "IMP-1").await;
    let rid = record_of_case(&app, &case).await;
    let office = app.credit_office_token();
    let body = |measure: &str| {
        json!({"measure": measure, "record_id": rid, "basis": "拒不履行，经研究予以公开通报批评",
               "document_number": "蚌信用办〔2026〕12号", "starts_on": "2026-11-22", "planned_end_on": "2027-05-22"})
    };
    // Only a credit office (or an admin) imposes; a department may not, nor an office elsewhere.
    let (status, _) =
        app.post_json("/api/v1/sanctions", &app.department_token(HUAIYUAN_GOV), &body("public_criticism")).await;
    assert_eq!(status, 403);
    let (status, problem) = app.post_json("/api/v1/sanctions", &office, &body("no_such_measure")).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("measure")), "{problem}");
    let mut late = body("public_criticism");
    late["planned_end_on"] = json!("2031-01-01");
    let (status, problem) = app.post_json("/api/v1/sanctions", &office, &late).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("after_record")), "{problem}");

    let (status, imposed) = app.post_json("/api/v1/sanctions", &office, &body("public_criticism")).await;
    assert_eq!(status, 201, "{imposed}");
    assert_eq!((imposed["measure"].as_str(), imposed["status"].as_str()), (Some("public_criticism"), Some("in_force")));
    assert_eq!(imposed["imposition"]["document_number"], "蚌信用办〔2026〕12号");
    assert_eq!(imposed["planned_end_on"], "2027-05-22");
    let (status, problem) = app.post_json("/api/v1/sanctions", &office, &body("public_criticism")).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("already_in_force")));
    let (status, withheld) =
        app.post_json("/api/v1/sanctions", &app.admin_token(), &body("withhold_treasury_or_transfers")).await;
    assert_eq!(status, 201, "{withheld}");
    assert!(check(&app, HUAIYUAN_FINANCE, "treasury_transfers").await["restricted"] == true);
    let events = app.all_events(&office).await;
    assert!(events.iter().any(|e| e["type"] == "sanction.in_force" && e["data"]["sanction"]["id"] == imposed["id"]));

    // A correction of the record leaves it alone (it was not triggered by kind or grade).
    app.drain_consumers().await;
    let (_, one) = app.get_json(&format!("/api/v1/sanctions/{}", imposed["id"].as_str().unwrap()), &office).await;
    assert_eq!(one["status"], "in_force");

    // Ended early, with a reason; the check no longer restricts on it.
    let path = format!("/api/v1/sanctions/{}/end", withheld["id"].as_str().unwrap());
    let (status, _) =
        app.post_json(&path, &app.department_token(HUAIYUAN_GOV), &json!({"version": 1, "reason": "x"})).await;
    assert_eq!(status, 403);
    let (status, ended) =
        app.post_json(&path, &office, &json!({"version": withheld["version"], "reason": "整改到位，提前终止"})).await;
    assert_eq!(status, 200, "{ended}");
    assert_eq!((ended["status"].as_str(), ended["end_reason"].as_str()), (Some("ended"), Some("整改到位，提前终止")));
    assert_eq!(check(&app, HUAIYUAN_FINANCE, "treasury_transfers").await["restricted"], false);
    let (status, problem) =
        app.post_json(&path, &office, &json!({"version": ended["version"], "reason": "again"})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("already_ended")));
    let (_, trail) = app
        .get_json(
            &format!("/api/v1/audit-log?entity_type=sanction&entity_id={}", imposed["id"].as_str().unwrap()),
            &app.admin_token(),
        )
        .await;
    assert_eq!(trail["entries"][0]["action"], "sanction.impose");
}

/// Issue 16.4 (000 §二(四), 002; 发改财金〔2023〕1103号): 怀远县财政局 recorded a measure
/// against itself as carried out, which cleared its overdue flag and counted in the figures.
/// Only an organisation holding the measure's implementer function, in a division containing
/// the one that governs it, acknowledges it — never the body it binds — and implementers list
/// and hear their own measures. 限制专项债券 is carried out by development and reform.
#[tokio::test]
async fn only_the_implementer_acknowledges_a_measure_and_hears_of_it() {
    let app = spawn_app().await;
    let case = determined_case(&app, "ACK-SELF").await;
    let rid = record_of_case(&app, &case).await;
    let all = measures(&app, &rid, "in_force", 10).await;
    let find = |code: &str| all.iter().find(|s| s["measure"] == code).unwrap_or_else(|| panic!("{code}")).clone();
    assert_eq!(find("restrict_special_bonds")["implementer_kind"], "development_reform");
    assert_eq!(find("restrict_special_bonds")["implementer_region"], "340321");
    // A measure on the county's government is carried out by the city's bodies.
    assert_eq!(find("cancel_credit_demo_eligibility")["implementer_region"], "340300");

    // 限制参加政府采购 is a finance measure, and its subject is a finance bureau.
    let procurement = find("restrict_government_procurement");
    let body = json!({"version": procurement["version"], "implemented_on": "2026-11-22", "document_number": "自拟〔2026〕1号"});
    let path = format!("/api/v1/sanctions/{}/acknowledgement", procurement["id"].as_str().unwrap());
    let (status, problem) = app.post_json(&path, &app.department_token(HUAIYUAN_FINANCE), &body).await;
    assert_eq!(status, 403, "the body it binds: {problem}");
    let (status, _) = app.post_json(&path, &app.credit_office_token(), &body).await;
    assert_eq!(status, 403, "the credit office holds no finance function");
    let (status, _) = app.post_json(&path, &app.department_token(HUAIYUAN_GOV), &body).await;
    assert_eq!(status, 403, "the county's government runs office affairs, not finance");
    let (status, _) = app.post_json(&path, &app.admin_token(), &body).await;
    assert_eq!(status, 403, "an admin is no implementer");
    let (_, after) =
        app.get_json(&format!("/api/v1/sanctions/{}", procurement["id"].as_str().unwrap()), &app.admin_token()).await;
    assert!(after["implementation"].is_null(), "{after}");

    // 蚌埠市财政局 lists the finance measures it carries out, and hears of them.
    let city_finance = app.department_token(CITY_FINANCE);
    let (status, mine) = app.get_json("/api/v1/sanctions?implementer=me", &city_finance).await;
    assert_eq!(status, 200, "{mine}");
    let mut codes: Vec<&str> =
        mine["sanctions"].as_array().unwrap().iter().map(|s| s["measure"].as_str().unwrap()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["restrict_government_funding", "restrict_government_procurement"]);
    let (_, own) = app.get_json("/api/v1/sanctions?implementer=me", &app.department_token(HUAIYUAN_FINANCE)).await;
    assert_eq!(own["sanctions"], json!([]), "never its own measures");
    let (status, problem) = app.get_json("/api/v1/sanctions?implementer=me", &app.admin_token()).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("implementer")), "{problem}");
    let (status, done) = app.post_json(&path, &city_finance, &body).await;
    assert_eq!(status, 200, "{done}");
    let heard: Vec<(String, String)> = app
        .all_events(&city_finance)
        .await
        .iter()
        .filter(|e| e["type"].as_str().is_some_and(|t| t.starts_with("sanction.")))
        .map(|e| {
            (e["type"].as_str().unwrap().to_owned(), e["data"]["sanction"]["measure"].as_str().unwrap().to_owned())
        })
        .collect();
    assert!(
        heard.contains(&("sanction.acknowledged".to_owned(), "restrict_government_procurement".to_owned())),
        "{heard:?}"
    );
    assert!(heard.iter().all(|(_, m)| m.starts_with("restrict_government_")), "only its own: {heard:?}");

    // The credit office carries out 书面警示 in its city's counties.
    let warning = find("written_warning");
    let path = format!("/api/v1/sanctions/{}/acknowledgement", warning["id"].as_str().unwrap());
    let (status, done) = app
        .post_json(
            &path,
            &app.credit_office_token(),
            &json!({"version": warning["version"], "implemented_on": "2026-11-22"}),
        )
        .await;
    assert_eq!(status, 200, "{done}");
}

/// Issue 16.4: admins set an organisation's functions (职能), and the registry import reads an
/// optional `functions` column; without the column an organisation keeps its functions.
#[tokio::test]
async fn organisations_carry_their_functions() {
    let app = spawn_app().await;
    let admin = app.admin_token();
    let (_, page) = app.get_json(&format!("/api/v1/organisations?q={}", org(CITY_CREDIT_OFFICE)), &admin).await;
    let office = &page["organisations"][0];
    assert_eq!(office["functions"], json!(["credit_office", "development_reform"]), "{office}");
    let (_, page) = app.get_json(&format!("/api/v1/organisations?q={}", org(HUAIYUAN_FINANCE)), &admin).await;
    let finance = page["organisations"][0].clone();
    let mut body = json!({
        "name": finance["name"], "uscc": finance["uscc"], "region_code": finance["region_code"],
        "level": finance["level"], "kind": finance["kind"], "parent_uscc": finance["parent"]["uscc"],
        "supervisor_uscc": finance["supervisor"]["uscc"], "functions": ["finance", "treasury"],
        "version": finance["version"]
    });
    let path = format!("/api/v1/organisations/{}", finance["id"].as_str().unwrap());
    let (status, problem) = app.put_json(&path, &admin, &body).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("functions[1]")), "{problem}");
    body["functions"] = json!(["office_affairs", "finance", "finance"]);
    let (status, updated) = app.put_json(&path, &admin, &body).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["functions"], json!(["finance", "office_affairs"]));

    // `lvyue orgs import` with the optional column, then the same file without it.
    let row = format!(
        "{},{},340321,county,organ,{},{}",
        finance["name"].as_str().unwrap(),
        finance["uscc"].as_str().unwrap(),
        finance["parent"]["uscc"].as_str().unwrap(),
        finance["supervisor"]["uscc"].as_str().unwrap()
    );
    let header = "name,uscc,region_code,level,kind,parent_uscc,supervisor_uscc";
    let dir = std::env::temp_dir().join(format!("lvyue-functions-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("orgs.csv");
    for (text, expect) in
        [(format!("{header},functions\n{row},finance; discipline\n"), (1, 0)), (format!("{header}\n{row}\n"), (0, 1))]
    {
        std::fs::write(&file, text).unwrap();
        let (config, path) = (app.config.clone(), file.clone());
        let report = tokio::task::spawn_blocking(move || lvyue::cli::orgs::run(&config, &path)).await.unwrap().unwrap();
        assert_eq!((report.updated, report.unchanged), expect);
    }
    std::fs::remove_dir_all(dir).unwrap();
    let (_, page) = app.get_json(&format!("/api/v1/organisations?q={}", org(HUAIYUAN_FINANCE)), &admin).await;
    assert_eq!(page["organisations"][0]["functions"], json!(["discipline", "finance"]));
}

/// Issue 16.8 (最高人民法院关于公布失信被执行人名单信息的若干规定): a court's listing of a judgment
/// defaulter keeps the court's dates — listed, with its measures, until the court removes the
/// listing, whatever the grade's window — and the removal arrives as `removed`, not `revoked`
/// (which says the record was wrong). lvyue does not repair it.
#[tokio::test]
async fn a_judgment_defaulter_stays_listed_until_the_court_removes_it() {
    let app = spawn_app_with(&FAST).await;
    let rid = import_one(&app, "COURT-1", WUHE_INDUSTRY, "judgment_defaulter", false).await;
    let (_, record) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &app.admin_token()).await;
    assert_eq!((record["grade"].as_str(), &record["publicity"]), (Some("general"), &Value::Null), "{record}");
    let listed = measures(&app, &rid, "in_force", 9).await;
    assert!(listed.iter().all(|s| s["planned_end_on"] == "9999-12-31"), "{listed:?}");

    // Years later, past any grade's window, the housekeeping leaves it listed.
    app.set_time("2030-01-05T09:00:00+08:00");
    app.run_jobs_once().await;
    let (_, record) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &app.admin_token()).await;
    assert_eq!(record["status"], "active");
    assert_eq!(check(&app, WUHE_INDUSTRY, "government_procurement").await["restricted"], true);
    let body = json!({"record_id": rid, "statement": "已履行", "evidence": [{"name": "a.pdf", "url": "https://files.example.cn/a.pdf"}], "pledge": "依法履行"});
    let (status, problem) =
        app.post_json("/api/v1/repair-applications", &app.department_token(WUHE_INDUSTRY), &body).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("follows_the_court")), "{problem}");

    // The court removes the listing: the record ends as removed, its measures with it.
    let removal = json!([{"provider_ref": "COURT-1", "kind": "judgment_defaulter", "subject_uscc": org(WUHE_INDUSTRY),
                          "facts": "拖欠中小企业账款", "amount_fen": 100, "grade": "general", "decided_on": "2026-11-02",
                          "revoked": false, "removed": true}]);
    let provider = app.provider_token("蚌埠市经济和信息化局");
    let (status, report) =
        app.post_raw("/api/v1/credit-records/imports", &provider, "application/json", removal.to_string()).await;
    assert_eq!((status, report["rows"][0]["outcome"].as_str()), (200, Some("updated")), "{report}");
    let (_, record) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &app.admin_token()).await;
    assert_eq!(record["status"], "removed");
    let changes: Vec<&str> =
        record["history"].as_array().unwrap().iter().map(|h| h["change"].as_str().unwrap()).collect();
    assert_eq!(changes, ["created", "removed"]);
    let ended = measures(&app, &rid, "ended", 9).await;
    assert!(ended.iter().all(|s| s["end_reason"] == "removed"), "{ended:?}");
    assert_eq!(check(&app, WUHE_INDUSTRY, "government_procurement").await["restricted"], false);
    let events = app.all_events(&app.platform_token()).await;
    assert!(events.iter().any(|e| e["type"] == "credit_record.removed" && e["data"]["record"]["id"] == rid.as_str()));

    // Only a listing is removed.
    let arrears = json!([{"provider_ref": "JXJ-9", "kind": "arrears", "subject_uscc": org(WUHE_INDUSTRY),
                          "facts": "拖欠", "grade": "general", "decided_on": "2026-11-02", "removed": true}]);
    let (_, report) =
        app.post_raw("/api/v1/credit-records/imports", &provider, "application/json", arrears.to_string()).await;
    assert_eq!(report["rows"][0]["errors"][0]["code"], "not_a_listing", "{report}");
}
