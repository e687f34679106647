//! Credit repair and objections through HTTP: an application refused before the minimum
//! period with its date; the whole loop from a pushed lead to a lifted sanction; rejection;
//! a request for more material pausing the clock; objections that revoke and that uphold,
//! with and without suspended measures; early remedies waiving measures; who may do what.

use crate::helpers::*;
use serde_json::{json, Value};

pub(crate) const FAST: [(&str, &str); 2] = [("LVYUE_CONSUMER_POLL_MS", "20"), ("LVYUE_JOB_INTERVAL_MS", "50")];

fn checker(app: &TestApp) -> String {
    app.token(lvyue_core::Role::SanctionChecker, None, None)
}

fn evidence() -> Value {
    json!([{ "name": "payment-receipt.pdf", "url": "https://files.example.cn/r/receipt.pdf" }])
}

/// A case pushed by the hotline and determined by 怀远县人民政府 against 怀远县财政局 with
/// `grade` (and `early_remedy`, if any).
pub(crate) async fn determined(app: &TestApp, external_id: &str, grade: &str, early_remedy: Option<Value>) -> Value {
    let dept = app.department_token(HUAIYUAN_GOV);
    let (status, case) = app.push("hotline_12345", &lead(external_id)).await;
    assert_eq!(status, 201, "{case}");
    let case = app.step(&case, "accept", &dept, json!({})).await;
    let case = app.step(&case, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    let mut determination = json!({
        "category": "payment_arrears", "facts": "拒不支付合同价款", "amount_fen": 50000000, "grade": grade
    });
    if let Some(r) = early_remedy {
        determination["early_remedy"] = r;
    }
    app.step(&case, "record_refusal", &dept, json!({"determination": determination})).await
}

/// The record of case `case`, once the consumer has made it.
pub(crate) async fn record_of(app: &TestApp, case: &Value) -> Value {
    app.drain_consumers().await;
    let id = case["id"].as_str().unwrap();
    let (_, page) = app.get_json(&format!("/api/v1/credit-records?complaint_id={id}"), &app.admin_token()).await;
    page["records"].get(0).unwrap_or_else(|| panic!("no record for case {id}: {page}")).clone()
}

/// The record's measures with `status`, once the consumers have run: at least `n`.
pub(crate) async fn measures(app: &TestApp, rid: &str, status: &str, n: usize) -> Vec<Value> {
    app.drain_consumers().await;
    let (code, page) =
        app.get_json(&format!("/api/v1/sanctions?record_id={rid}&status={status}&limit=200"), &app.admin_token()).await;
    assert_eq!(code, 200, "{page}");
    let list = page["sanctions"].as_array().unwrap().clone();
    assert!(list.len() >= n, "record {rid} has fewer than {n} {status} measures: {list:?}");
    list
}

async fn restricted(app: &TestApp, subject: &str, benefit: &str) -> bool {
    let (status, answer) = app
        .get_json(&format!("/api/v1/sanction-checks?subject={}&benefit={benefit}", org(subject)), &checker(app))
        .await;
    assert_eq!(status, 200, "{answer}");
    answer["restricted"].as_bool().unwrap()
}

async fn apply(app: &TestApp, token: &str, rid: &str) -> (u16, Value) {
    let body = json!({
        "record_id": rid,
        "statement": "已于2026年11月足额支付合同价款及逾期利息",
        "evidence": evidence(),
        "pledge": "本单位承诺今后依法依约履行合同义务"
    });
    app.post_json("/api/v1/repair-applications", token, &body).await
}

async fn decide(app: &TestApp, token: &str, application: &Value, decision: &str, note: Option<&str>) -> (u16, Value) {
    let id = application["id"].as_str().unwrap();
    let mut body = json!({ "version": application["version"], "decision": decision });
    if let Some(n) = note {
        body["note"] = n.into();
    }
    app.post_json(&format!("/api/v1/repair-applications/{id}/decision"), token, &body).await
}

async fn record(app: &TestApp, rid: &str) -> Value {
    let (status, r) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &app.admin_token()).await;
    assert_eq!(status, 200, "{r}");
    r
}

/// 000 §二(五), 002 三(五): once the breach is corrected and the contract performed, the
/// superior department repairs promptly (及时修复) — a determination of any grade may be
/// repaired from the day it is found, not after the grade's minimum publicity period.
#[tokio::test]
async fn a_determined_breach_of_any_grade_may_be_repaired_at_once() {
    let app = spawn_app().await;
    let subject = app.department_token(HUAIYUAN_FINANCE);
    for (n, grade) in ["general", "serious"].into_iter().enumerate() {
        let case = determined(&app, &format!("R-NOW-{n}"), grade, None).await;
        let rec = record_of(&app, &case).await;
        assert_eq!(rec["publicity"]["repairable_from"], rec["decided_on"], "{grade}");
        let (status, application) = apply(&app, &subject, rec["id"].as_str().unwrap()).await;
        assert_eq!(status, 201, "{grade}: {application}");
        let gov = app.department_token(HUAIYUAN_GOV);
        let (status, approved) = decide(&app, &gov, &application, "approve", Some("已足额支付")).await;
        assert_eq!((status, approved["status"].as_str()), (200, Some("approved")), "{approved}");
        assert_eq!(record(&app, rec["id"].as_str().unwrap()).await["status"], "repaired");
    }
}

/// The minimum stays configurable per kind and grade (`LVYUE_REPAIR_MIN_MONTHS_{KIND}_{GRADE}`).
#[tokio::test]
async fn an_application_before_the_minimum_period_is_refused_with_the_day_it_may_be_made() {
    let app = spawn_app_with(&[("LVYUE_REPAIR_MIN_MONTHS_BREACH_DETERMINATION_GENERAL", "3")]).await;
    let case = determined(&app, "R-EARLY", "general", None).await;
    let rec = record_of(&app, &case).await;
    assert_eq!(rec["publicity"]["repairable_from"], "2027-02-23");
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let (status, problem) = apply(&app, &subject, rec["id"].as_str().unwrap()).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem["type"].as_str().unwrap().ends_with("before-minimum-period"), "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("2027-02-23"), "{problem}");
    assert_eq!(
        (problem["code"].as_str(), problem["available_from"].as_str()),
        (Some("before_minimum_period"), Some("2027-02-23"))
    );
    // The day before it is still refused; on the day it is accepted.
    app.set_time("2027-02-22T09:00:00+08:00");
    assert_eq!(apply(&app, &subject, rec["id"].as_str().unwrap()).await.0, 409);
    app.set_time("2027-02-23T09:00:00+08:00");
    let (status, application) = apply(&app, &subject, rec["id"].as_str().unwrap()).await;
    assert_eq!(status, 201, "{application}");
    assert_eq!(application["status"], "pending");
    assert_eq!(application["on_behalf"], false);
    // Five working days from Tuesday 2027-02-23.
    assert_eq!(application["due_on"], "2027-03-02");
    assert_eq!(application["deciding_body"]["name"], HUAIYUAN_GOV);
    // A second one on the same record while this one is open: 409.
    let (status, problem) = apply(&app, &subject, rec["id"].as_str().unwrap()).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem["type"].as_str().unwrap().ends_with("application-open"), "{problem}");
}

#[tokio::test]
async fn push_verify_determine_record_sanction_check_repair_and_check_again() {
    let app = spawn_app_with(&FAST).await;
    let case = determined(&app, "R-LOOP", "minor", None).await;
    assert_eq!(case["status"], "determined");
    let rec = record_of(&app, &case).await;
    let rid = rec["id"].as_str().unwrap().to_owned();
    assert_eq!((rec["grade"].as_str(), rec["status"].as_str()), (Some("minor"), Some("active")));
    let in_force = measures(&app, &rid, "in_force", 10).await;
    assert!(restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    assert!(restricted(&app, HUAIYUAN_GOV, "pilot_programmes").await);

    // The handling department applies on the subject's behalf; the determining body decides.
    let handler = app.department_token(HUAIYUAN_GOV);
    let (status, application) = apply(&app, &handler, &rid).await;
    assert_eq!(status, 201, "{application}");
    assert_eq!(application["on_behalf"], true);
    // The subject may not decide its own repair; an auditor changes nothing.
    let subject = app.department_token(HUAIYUAN_FINANCE);
    assert_eq!(decide(&app, &subject, &application, "approve", None).await.0, 403);
    assert_eq!(decide(&app, &app.auditor_token(), &application, "approve", None).await.0, 403);
    let (status, approved) = decide(&app, &handler, &application, "approve", Some("已完成履约，准予修复")).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["due_on"], Value::Null);
    let actions: Vec<&str> =
        approved["steps"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["apply", "approve"]);
    // Deciding twice is a conflict of the repair's own state machine.
    let (status, problem) = decide(&app, &handler, &approved, "reject", Some("x")).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem["type"].as_str().unwrap().ends_with("invalid-repair-transition"), "{problem}");

    // At once, in the same transaction: the record repaired, every measure ended, the case closed.
    let after = record(&app, &rid).await;
    assert_eq!(after["status"], "repaired");
    assert_eq!(after["history"].as_array().unwrap().last().unwrap()["change"], "repaired");
    let ended = measures(&app, &rid, "ended", in_force.len()).await;
    assert!(ended.iter().all(|s| s["end_reason"] == "repaired"), "{ended:?}");
    assert!(!restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    assert!(!restricted(&app, HUAIYUAN_GOV, "pilot_programmes").await);
    let office = app.credit_office_token();
    let (_, closed) = app.get_json(&format!("/api/v1/complaints/{}", case["id"].as_str().unwrap()), &office).await;
    assert_eq!((closed["status"].as_str(), closed["resolution"].as_str()), (Some("closed"), Some("repaired")));

    // The channel that sent the lead, the public credit platform and the implementing
    // departments (the region's feed) each hear it.
    let channel = app.all_events(&app.channel_token("hotline_12345")).await;
    let repaired = channel.iter().find(|e| e["type"] == "complaint.repaired").expect("the channel hears the repair");
    assert_eq!(repaired["data"]["resolution"], "repaired");
    assert_eq!(repaired["data"]["record_id"], rid.as_str());
    // The channel hears of its case only: no repair, record or sanction internals.
    assert!(channel.iter().all(|e| e["type"].as_str().unwrap().starts_with("complaint.")), "{channel:?}");
    let platform = app.all_events(&app.platform_token()).await;
    let shared = platform.iter().find(|e| e["type"] == "credit_record.repaired").expect("the platform hears it");
    assert_eq!(shared["data"]["record"]["status"], "repaired");
    let region = app.all_events(&office).await;
    assert_eq!(region.iter().filter(|e| e["type"] == "sanction.ended").count(), in_force.len());
    assert!(region.iter().any(|e| e["type"] == "repair.approved"));

    // The subject hears the decision in its own feed, though another body decided it.
    let own = app.all_events(&subject).await;
    let heard = own.iter().find(|e| e["type"] == "repair.approved").expect("the subject hears its repair");
    assert_eq!(heard["data"]["repair_application"]["status"], "approved");
    assert!(own.iter().any(|e| e["type"] == "credit_record.repaired"));

    // The subject's credit record shows the repair and no measure in force; the follower,
    // handling the record's event afterwards, puts nothing back.
    app.drain_consumers().await;
    let (_, mine) = app.get_json(&format!("/api/v1/subjects/{}/credit-record", org(HUAIYUAN_FINANCE)), &subject).await;
    assert_eq!(mine["sanctions_in_force"], json!([]), "{mine}");
    assert_eq!(mine["repairs"][0]["status"], "approved");
    assert_eq!(mine["repairs"][0]["record_id"], rid.as_str());
    assert_eq!(measures(&app, &rid, "ended", in_force.len()).await.len(), in_force.len());
    // The parties' applications are theirs: the public credit platform sees the outcome only.
    let (status, shared) =
        app.get_json(&format!("/api/v1/subjects/{}/credit-record", org(HUAIYUAN_FINANCE)), &app.platform_token()).await;
    assert_eq!(status, 200, "{shared}");
    assert_eq!(shared["records"][0]["status"], "repaired");
    assert_eq!((shared["repairs"].clone(), shared["objections"].clone()), (json!([]), json!([])));
    assert!(!restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    // A repaired record takes no further application.
    let (status, problem) = apply(&app, &subject, &rid).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem["type"].as_str().unwrap().ends_with("record-not-in-force"));
}

#[tokio::test]
async fn a_rejected_application_leaves_the_record_and_its_measures_and_another_may_follow() {
    let app = spawn_app_with(&FAST).await;
    let case = determined(&app, "R-REJ", "minor", None).await;
    let rid = record_of(&app, &case).await["id"].as_str().unwrap().to_owned();
    measures(&app, &rid, "in_force", 10).await;
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let (_, application) = apply(&app, &subject, &rid).await;
    let handler = app.department_token(HUAIYUAN_GOV);
    // A rejection needs its reasons; a stale version is refused.
    assert_eq!(decide(&app, &handler, &application, "reject", None).await.0, 422);
    let mut stale = application.clone();
    stale["version"] = json!(7);
    assert_eq!(decide(&app, &handler, &stale, "reject", Some("x")).await.0, 409);
    let (status, rejected) = decide(&app, &handler, &application, "reject", Some("欠款尚未付清")).await;
    assert_eq!(status, 200, "{rejected}");
    assert_eq!(
        (rejected["status"].as_str(), rejected["decision_note"].as_str()),
        (Some("rejected"), Some("欠款尚未付清"))
    );
    assert_eq!(record(&app, &rid).await["status"], "active");
    assert!(restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    let (status, again) = apply(&app, &subject, &rid).await;
    assert_eq!(status, 201, "{again}");
    // Another county's department sees none of it; a channel takes no part.
    let (status, _) = app
        .get_json(
            &format!("/api/v1/repair-applications/{}", again["id"].as_str().unwrap()),
            &app.department_token(WUHE_GOV),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(app.get_json("/api/v1/repair-applications", &app.channel_token("hotline_12345")).await.0, 403);
    let (_, page) = app.get_json("/api/v1/repair-applications?deciding=true", &handler).await;
    assert_eq!(page["repair_applications"].as_array().unwrap().len(), 2);
    let (_, page) = app.get_json("/api/v1/repair-applications?deciding=true", &subject).await;
    assert_eq!(page["repair_applications"], json!([]));
}

#[tokio::test]
async fn a_request_for_more_material_pauses_the_deadline_until_the_applicant_supplements() {
    let app = spawn_app_with(&FAST).await;
    let case = determined(&app, "R-MORE", "minor", None).await;
    let rid = record_of(&app, &case).await["id"].as_str().unwrap().to_owned();
    // Monday 2026-11-23: due five working days later, Monday 2026-11-30.
    app.set_time("2026-11-23T09:00:00+08:00");
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let (_, application) = apply(&app, &subject, &rid).await;
    assert_eq!(application["due_on"], "2026-11-30");
    // Wednesday: more is asked for, with three working days left on the clock.
    app.set_time("2026-11-25T10:00:00+08:00");
    let handler = app.department_token(HUAIYUAN_GOV);
    let (status, paused) = decide(&app, &handler, &application, "request_more", Some("请补充银行付款回单")).await;
    assert_eq!(status, 200, "{paused}");
    assert_eq!(paused["status"], "more_requested");
    assert_eq!((paused["due_on"].clone(), paused["paused_working_days"].clone()), (Value::Null, json!(3)));
    // Waiting while paused is never overdue; approving now is out of order.
    app.set_time("2026-12-10T10:00:00+08:00");
    let (_, page) = app.get_json("/api/v1/repair-applications?overdue=true", &handler).await;
    assert_eq!(page["repair_applications"], json!([]));
    let (status, problem) = decide(&app, &handler, &paused, "approve", None).await;
    assert_eq!(status, 409, "{problem}");
    // Only the applicant's side supplements.
    let id = paused["id"].as_str().unwrap();
    let body = json!({"version": paused["version"], "note": "补充付款回单", "evidence": evidence()});
    assert_eq!(app.post_json(&format!("/api/v1/repair-applications/{id}/supplement"), &handler, &body).await.0, 403);
    // Thursday 2026-12-10 + the 3 working days left = Tuesday 2026-12-15.
    let (status, resumed) =
        app.post_json(&format!("/api/v1/repair-applications/{id}/supplement"), &subject, &body).await;
    assert_eq!(status, 200, "{resumed}");
    assert_eq!((resumed["status"].as_str(), resumed["due_on"].as_str()), (Some("pending"), Some("2026-12-15")));
    assert_eq!(resumed["evidence"].as_array().unwrap().len(), 2);
    // Past that day the decision is flagged overdue, and the deciding body's list shows it.
    app.set_time("2026-12-16T10:00:00+08:00");
    let (_, page) = app.get_json("/api/v1/repair-applications?overdue=true&deciding=true", &handler).await;
    let listed = &page["repair_applications"][0];
    assert_eq!((listed["id"].as_str(), listed["decision_overdue"].as_bool()), (Some(id), Some(true)));
    let (_, one) = app.get_json(&format!("/api/v1/repair-applications/{id}"), &app.auditor_token()).await;
    let actions: Vec<&str> = one["steps"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["apply", "request_more", "supplement"]);
}

async fn object(app: &TestApp, token: &str, rid: &str) -> (u16, Value) {
    let body = json!({"record_id": rid, "reasons": "所涉款项已于认定前结清，记录有误", "evidence": evidence()});
    app.post_json("/api/v1/credit-objections", token, &body).await
}

async fn decide_objection(app: &TestApp, token: &str, objection: &Value, body: Value) -> (u16, Value) {
    let id = objection["id"].as_str().unwrap();
    let mut b = json!({"version": objection["version"]});
    b.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
    app.post_json(&format!("/api/v1/credit-objections/{id}/decision"), token, &b).await
}

#[tokio::test]
async fn an_objection_that_revokes_a_record_ends_its_measures() {
    let app = spawn_app_with(&FAST).await;
    let case = determined(&app, "R-OBJ", "serious", None).await;
    let rid = record_of(&app, &case).await["id"].as_str().unwrap().to_owned();
    let in_force = measures(&app, &rid, "in_force", 10).await;
    // Only the subject objects.
    assert_eq!(object(&app, &app.department_token(HUAIYUAN_GOV), &rid).await.0, 403);
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let (status, objection) = object(&app, &subject, &rid).await;
    assert_eq!(status, 201, "{objection}");
    assert_eq!(
        (objection["status"].as_str(), objection["measures_suspended"].as_bool()),
        (Some("pending"), Some(false))
    );
    // Ten working days from Sunday 2026-11-22.
    assert_eq!(objection["due_on"], "2026-12-04");
    assert_eq!(record(&app, &rid).await["status"], "under_objection");
    // By default the measures stay in force while it is reviewed; no repair meanwhile.
    assert!(restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    assert_eq!(object(&app, &subject, &rid).await.0, 409);
    let handler = app.department_token(HUAIYUAN_GOV);
    // The subject may not decide; the decision needs its reasons.
    assert_eq!(decide_objection(&app, &subject, &objection, json!({"decision": "revoke", "note": "x"})).await.0, 403);
    assert_eq!(decide_objection(&app, &handler, &objection, json!({"decision": "revoke", "note": " "})).await.0, 422);
    let (status, revoked) = decide_objection(
        &app,
        &handler,
        &objection,
        json!({"decision": "revoke", "note": "经复核，款项已于认定前结清"}),
    )
    .await;
    assert_eq!(status, 200, "{revoked}");
    assert_eq!(revoked["status"], "revoked");
    let rec = record(&app, &rid).await;
    assert_eq!(rec["status"], "revoked");
    let changes: Vec<&str> = rec["history"].as_array().unwrap().iter().map(|v| v["change"].as_str().unwrap()).collect();
    assert_eq!(changes, ["created", "objected", "revoked"]);
    let ended = measures(&app, &rid, "ended", in_force.len()).await;
    assert!(ended.iter().all(|s| s["end_reason"] == "revoked"));
    assert!(!restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    // The case stays determined: a revoked record is not a repaired one.
    let (_, c) =
        app.get_json(&format!("/api/v1/complaints/{}", case["id"].as_str().unwrap()), &app.auditor_token()).await;
    assert_eq!(c["status"], "determined");
    let (_, mine) = app.get_json(&format!("/api/v1/subjects/{}/credit-record", org(HUAIYUAN_FINANCE)), &subject).await;
    assert_eq!(mine["objections"][0]["status"], "revoked");
    let platform = app.all_events(&app.platform_token()).await;
    assert!(platform.iter().any(|e| e["type"] == "credit_record.revoked"));
}

#[tokio::test]
async fn an_upheld_objection_reinstates_the_measures_it_suspended_and_a_correction_is_a_new_version() {
    let app = spawn_app_with(&[FAST[0], FAST[1], ("LVYUE_OBJECTION_SUSPENDS_MEASURES", "true")]).await;
    let case = determined(&app, "R-UP", "serious", None).await;
    let rid = record_of(&app, &case).await["id"].as_str().unwrap().to_owned();
    let in_force = measures(&app, &rid, "in_force", 10).await;
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let (_, objection) = object(&app, &subject, &rid).await;
    assert_eq!(objection["measures_suspended"], true);
    // Suspended while it is reviewed: the check answers unrestricted.
    measures(&app, &rid, "suspended", in_force.len()).await;
    assert!(!restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    // An overdue objection is flagged for the deciding body.
    app.set_time("2026-12-07T09:00:00+08:00");
    let handler = app.department_token(HUAIYUAN_GOV);
    let (_, page) = app.get_json("/api/v1/credit-objections?deciding=true&overdue=true", &handler).await;
    assert_eq!(page["objections"][0]["decision_overdue"], true, "{page}");
    let (status, upheld) = decide_objection(
        &app,
        &handler,
        &objection,
        json!({"decision": "uphold", "note": "异议理由不成立，维持原记录"}),
    )
    .await;
    assert_eq!(status, 200, "{upheld}");
    assert_eq!(upheld["status"], "upheld");
    let rec = record(&app, &rid).await;
    assert_eq!(rec["status"], "active");
    assert_eq!(rec["history"].as_array().unwrap().last().unwrap()["change"], "reinstated");
    measures(&app, &rid, "in_force", in_force.len()).await;
    assert!(restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    // Decided once.
    let (status, _) = decide_objection(&app, &handler, &upheld, json!({"decision": "revoke", "note": "x"})).await;
    assert_eq!(status, 409);

    // A second objection ends in a correction: a new version of the record, active again.
    let (_, second) = object(&app, &subject, &rid).await;
    let current = record(&app, &rid).await;
    let correction = json!({"version": current["version"], "reason": "金额有误", "amount_fen": 30000000});
    let (status, problem) =
        decide_objection(&app, &handler, &second, json!({"decision": "correct", "note": "部分成立"})).await;
    assert_eq!(status, 422, "{problem}");
    let (status, corrected) = decide_objection(
        &app,
        &handler,
        &second,
        json!({"decision": "correct", "note": "部分成立，更正金额", "correction": correction}),
    )
    .await;
    assert_eq!(status, 200, "{corrected}");
    let rec = record(&app, &rid).await;
    assert_eq!((rec["status"].as_str(), rec["amount_fen"].as_i64()), (Some("active"), Some(30000000)));
    let changes: Vec<&str> = rec["history"].as_array().unwrap().iter().map(|v| v["change"].as_str().unwrap()).collect();
    assert_eq!(changes, ["created", "objected", "reinstated", "objected", "corrected_on_objection"]);
    assert!(restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
}

#[tokio::test]
async fn an_early_remedy_waives_the_measures_the_catalogue_marks_waivable() {
    let app = spawn_app_with(&FAST).await;
    let admin = app.admin_token();
    let body = json!({"version": 1, "reason": "主动纠正可免予取消评优", "waivable_on_early_remedy": true});
    let (status, m) = app.put_json("/api/v1/sanction-measures/cancel_awards", &admin, &body).await;
    assert_eq!(status, 200, "{m}");
    let remedy = json!({"kind": "performed", "remedied_on": "2026-11-20", "note": "认定前已支付部分款项"});
    let case = determined(&app, "R-ER", "general", Some(remedy)).await;
    let rec = record_of(&app, &case).await;
    assert_eq!(rec["early_remedy"]["kind"], "performed");
    let rid = rec["id"].as_str().unwrap();
    let list = measures(&app, rid, "in_force", 9).await;
    assert!(list.iter().all(|s| s["measure"] != "cancel_awards"), "{list:?}");
    assert!(!restricted(&app, HUAIYUAN_FINANCE, "awards").await);
    assert!(restricted(&app, HUAIYUAN_FINANCE, "government_procurement").await);
    // An early remedy cannot be dated in the future.
    let dept = app.department_token(HUAIYUAN_GOV);
    let (_, c) = app.push("hotline_12345", &lead("R-ER-2")).await;
    let c = app.step(&c, "accept", &dept, json!({})).await;
    let c = app.step(&c, "conclude_substantiated", &dept, json!({"rectification_deadline": "2026-12-31"})).await;
    let determination = json!({"category": "payment_arrears", "facts": "x", "grade": "minor",
                               "early_remedy": {"kind": "loss_recovered", "remedied_on": "2027-01-01"}});
    let (status, problem) = app.act(&c, "record_refusal", &dept, json!({"determination": determination})).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "determination.early_remedy.remedied_on");
}

/// Issue 16.5 (000 §二(五), 002 三(五); 谁认定、谁修复): a correction fixes facts and raises
/// what a record brings — a higher grade brings its measures and moves every measure's end
/// later — but never shortens publicity, narrows visibility or lifts a measure: that is a
/// repair or an objection. Only the determining body corrects a determination.
#[tokio::test]
async fn a_correction_raises_the_measures_with_the_grade_but_never_lifts_them() {
    let app = spawn_app_with(&FAST).await;
    let admin = app.admin_token();
    // Awards are cancelled from `general` up in this city.
    let trigger = json!({"record_kinds": ["breach_determination"], "min_grade": "general", "subject_kinds": []});
    let body = json!({"version": 1, "reason": "一般及以上失信取消评优", "trigger": trigger});
    let (status, m) = app.put_json("/api/v1/sanction-measures/cancel_awards", &admin, &body).await;
    assert_eq!(status, 200, "{m}");
    let case = determined(&app, "R-COR", "minor", None).await;
    let rec = record_of(&app, &case).await;
    let rid = rec["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/credit-records/{rid}/corrections");
    let first_end = rec["publicity"]["expires_on"].clone();
    let in_force = measures(&app, &rid, "in_force", 12).await;
    assert_eq!(in_force.len(), 12, "a payment-arrears determination of an organ, minor: no awards");
    assert!(!restricted(&app, HUAIYUAN_FINANCE, "awards").await);

    // The credit office does not correct another body's determination.
    let correct = |version: &Value, change: Value| {
        let mut body = json!({"version": version, "reason": "等级认定有误"});
        body.as_object_mut().unwrap().extend(change.as_object().unwrap().clone());
        body
    };
    let (status, _) =
        app.post_json(&path, &app.credit_office_token(), &correct(&rec["version"], json!({"grade": "general"}))).await;
    assert_eq!(status, 403, "谁认定、谁修复");

    // The determining body corrects the grade up: a longer window, awards apply.
    let handler = app.department_token(HUAIYUAN_GOV);
    let (status, general) =
        app.post_json(&path, &handler, &correct(&rec["version"], json!({"grade": "general"}))).await;
    assert_eq!(status, 200, "{general}");
    let general_end = general["publicity"]["expires_on"].clone();
    assert!(general_end.as_str() > first_end.as_str(), "{general_end} after {first_end}");
    let back = measures(&app, &rid, "in_force", 13).await;
    assert_eq!(back.len(), 13, "ten from the kind and grade, three from the payment_arrears category");
    assert!(back.iter().all(|s| s["planned_end_on"] == general_end), "{back:?}");
    assert!(restricted(&app, HUAIYUAN_FINANCE, "awards").await);
    let check = format!("/api/v1/sanction-checks?subject={}&benefit=government_procurement", org(HUAIYUAN_FINANCE));
    let (_, answer) = app.get_json(&check, &checker(&app)).await;
    let reason = &answer["restrictions"][0];
    assert_eq!(
        (reason["record_grade"].as_str(), &reason["planned_end_on"]),
        (Some("general"), &general_end),
        "{answer}"
    );

    // Down again, an earlier finding, a narrower visibility: each would shorten what the
    // record does, and is refused with the way to take instead.
    for (change, field) in [
        (json!({"grade": "minor"}), "grade"),
        (json!({"decided_on": "2026-01-05"}), "decided_on"),
        (json!({"visibility": "internal"}), "visibility"),
    ] {
        let (status, problem) = app.post_json(&path, &handler, &correct(&general["version"], change)).await;
        assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some(field)), "{problem}");
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("信用修复或异议"), "{problem}");
    }

    // A corrected category no longer triggers the SME-payment measures: they stay in force.
    let (status, recat) = app
        .post_json(&path, &handler, &correct(&general["version"], json!({"category": "contract_nonperformance"})))
        .await;
    assert_eq!(status, 200, "{recat}");
    assert_eq!(measures(&app, &rid, "in_force", 13).await.len(), 13);
    assert_eq!(measures(&app, &rid, "ended", 0).await, Vec::<Value>::new());
    let (_, history) = app.get_json(&format!("/api/v1/credit-records/{rid}"), &admin).await;
    let changes: Vec<&str> =
        history["history"].as_array().unwrap().iter().map(|h| h["change"].as_str().unwrap()).collect();
    assert_eq!(changes, ["created", "corrected", "corrected"]);
    let region = app.all_events(&app.credit_office_token()).await;
    assert_eq!(region.iter().filter(|e| e["type"] == "sanction.rescheduled").count(), 12, "moved later once");
    assert_eq!(region.iter().filter(|e| e["type"] == "sanction.ended").count(), 0);
}

#[tokio::test]
async fn the_applicant_withdraws_an_undecided_application_and_the_record_is_free_again() {
    let app = spawn_app_with(&FAST).await;
    let case = determined(&app, "R-WD", "minor", None).await;
    let rid = record_of(&app, &case).await["id"].as_str().unwrap().to_owned();
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let handler = app.department_token(HUAIYUAN_GOV);
    let (_, application) = apply(&app, &subject, &rid).await;
    let (_, paused) = decide(&app, &handler, &application, "request_more", Some("请补充付款凭证")).await;
    let id = paused["id"].as_str().unwrap();
    let path = format!("/api/v1/repair-applications/{id}/withdrawal");
    let body = json!({"version": paused["version"], "note": "凭证暂无法取得，撤回申请"});
    // Only the applicant's side withdraws.
    assert_eq!(app.post_json(&path, &handler, &body).await.0, 403);
    let (status, withdrawn) = app.post_json(&path, &subject, &body).await;
    assert_eq!(status, 200, "{withdrawn}");
    assert_eq!((withdrawn["status"].as_str(), withdrawn["due_on"].clone()), (Some("withdrawn"), Value::Null));
    let actions: Vec<&str> =
        withdrawn["steps"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["apply", "request_more", "withdraw"]);
    // Withdrawn once; nothing left to decide; the record is free for an objection.
    let again = json!({"version": withdrawn["version"]});
    assert_eq!(app.post_json(&path, &subject, &again).await.0, 409);
    assert_eq!(decide(&app, &handler, &withdrawn, "approve", None).await.0, 409);
    assert_eq!(record(&app, &rid).await["status"], "active");
    assert_eq!(object(&app, &subject, &rid).await.0, 201);
    let own = app.all_events(&handler).await;
    assert!(own.iter().any(|e| e["type"] == "repair.withdrawn"));
}

#[tokio::test]
async fn an_objection_decided_after_its_record_expired_still_revokes_it() {
    let app = spawn_app_with(&FAST).await;
    let case = determined(&app, "R-EXP", "minor", None).await;
    let rec = record_of(&app, &case).await;
    let rid = rec["id"].as_str().unwrap().to_owned();
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let (status, objection) = object(&app, &subject, &rid).await;
    assert_eq!(status, 201, "{objection}");
    // The review outlasts the record's maximum period: the expiry job ends it meanwhile.
    let expires_on = rec["publicity"]["expires_on"].as_str().unwrap();
    app.set_time(&format!("{expires_on}T09:00:00+08:00"));
    app.run_jobs_once().await;
    assert_eq!(record(&app, &rid).await["status"], "expired");
    let handler = app.department_token(HUAIYUAN_GOV);
    let (status, revoked) =
        decide_objection(&app, &handler, &objection, json!({"decision": "revoke", "note": "记录认定错误"})).await;
    assert_eq!(status, 200, "{revoked}");
    let after = record(&app, &rid).await;
    assert_eq!(after["status"], "revoked");
    let changes: Vec<&str> =
        after["history"].as_array().unwrap().iter().map(|v| v["change"].as_str().unwrap()).collect();
    assert_eq!(changes, ["created", "objected", "expired", "revoked"]);
}

#[tokio::test]
async fn a_record_event_that_is_not_a_correction_never_ends_measures_the_catalogue_since_deactivated() {
    let app = spawn_app_with(&FAST).await;
    let case = determined(&app, "R-DEACT", "minor", None).await;
    let rid = record_of(&app, &case).await["id"].as_str().unwrap().to_owned();
    measures(&app, &rid, "in_force", 10).await;
    // The catalogue stops triggering awards cancellation for new records.
    let body = json!({"version": 1, "reason": "暂停适用", "active": false});
    let (status, m) = app.put_json("/api/v1/sanction-measures/cancel_awards", &app.admin_token(), &body).await;
    assert_eq!(status, 200, "{m}");
    // The subject objects: the record's event is handled, and the measure in force stays.
    let (status, _) = object(&app, &app.department_token(HUAIYUAN_FINANCE), &rid).await;
    assert_eq!(status, 201);
    app.drain_consumers().await;
    let still = measures(&app, &rid, "in_force", 10).await;
    assert!(still.iter().any(|s| s["measure"] == "cancel_awards"), "{still:?}");
    assert!(restricted(&app, HUAIYUAN_FINANCE, "awards").await);
}

/// Issue 16, the whole walk: a push → a determined payment-arrears breach of a public
/// institution (保障中小企业款项支付条例 Arts. 25–26 by its category, 16.3) → official consumption
/// restricted → the subject tries to acknowledge its own measure and is refused (16.4) → the
/// `general` record is repaired at once on application and approval (000 §二(五), 16.1) →
/// unrestricted.
#[tokio::test]
async fn the_whole_walk_from_a_push_to_a_repaired_record() {
    let app = spawn_app_with(&FAST).await;
    let centre = "怀远县招商服务中心";
    let mut push = lead("WALK-1");
    push["respondent"] = json!({"uscc": org(centre), "name": centre, "region_code": "340321"});
    let (status, case) = app.push("hotline_12345", &push).await;
    assert_eq!((status, case["status"].as_str()), (201, Some("assigned")), "{case}");
    let gov = app.department_token(HUAIYUAN_GOV);
    let case = app.step(&case, "accept", &gov, json!({})).await;
    let case = app.step(&case, "conclude_substantiated", &gov, json!({"rectification_deadline": "2026-12-31"})).await;
    let determination = json!({"category": "payment_arrears", "facts": "拖欠中小企业服务费逾期未付", "amount_fen": 3000000, "grade": "general"});
    let case = app.step(&case, "record_refusal", &gov, json!({"determination": determination})).await;
    assert_eq!(case["status"], "determined");
    let rec = record_of(&app, &case).await;
    let rid = rec["id"].as_str().unwrap().to_owned();
    assert_eq!(rec["subject"]["name"], centre);

    assert!(restricted(&app, centre, "official_consumption").await, "a public institution's arrears");
    let in_force = measures(&app, &rid, "in_force", 1).await;
    let consumption = in_force.iter().find(|s| s["measure"] == "restrict_official_consumption").expect("in force");
    let body = json!({"version": consumption["version"], "implemented_on": "2026-11-22", "document_number": "自拟"});
    let path = format!("/api/v1/sanctions/{}/acknowledgement", consumption["id"].as_str().unwrap());
    let (status, problem) = app.post_json(&path, &app.department_token(centre), &body).await;
    assert_eq!(status, 403, "the subject acknowledges nothing of its own: {problem}");

    let (status, application) = apply(&app, &app.department_token(centre), &rid).await;
    assert_eq!(status, 201, "at once, though general: {application}");
    let (status, approved) = decide(&app, &gov, &application, "approve", Some("已足额支付并承诺守信")).await;
    assert_eq!((status, approved["status"].as_str()), (200, Some("approved")), "{approved}");
    assert_eq!(record(&app, &rid).await["status"], "repaired");
    app.drain_consumers().await;
    assert!(!restricted(&app, centre, "official_consumption").await);
}
