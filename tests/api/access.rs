//! Who may do what: every route of the served document × every kind of caller, with the
//! outcome pinned in one table. A route without a row fails the test, and so does a row
//! without a route; a changed answer shows the whole observed table, to review and paste.
//!
//! Each request is made as a real client would: the documented example body, the ids of one
//! world (a determined case, its record and measures, a repair application, an objection, a
//! webhook subscription and its delivery). A route that changes something gets a fresh world,
//! so what one caller did does not decide what the next one sees.
//!
//! Outcomes: `2` a 2xx, `F` 403, `N` 404, `C` 409, `V` 400/422, `X` anything else.
//! Callers, in column order:
//! `ch` the hotline channel that sent the case, `de` the handling department (怀远县人民政府),
//! `su` the record's subject (怀远县财政局), `od` an unrelated department (五河县人民政府),
//! `co` the city credit office, `sc` a sanction checker, `dp` a data provider (经信局),
//! `cp` the public credit platform, `au` an auditor, `ad` an admin.

use crate::helpers::*;
use crate::repair::{determined, record_of};
use lvyue_core::Role;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The pinned outcomes: `METHOD /path` → one letter per caller (ch de su od co sc dp cp au ad).
#[rustfmt::skip]
const MATRIX: &[(&str, &str)] = &[
    //                                                         ch de su od co sc dp cp au ad
    ("GET /api/v1/admin/dead-letters", "FFFFFFFFF2"),
    ("GET /api/v1/assessment-schemes/{code}", "FFFF2FFF22"),
    ("GET /api/v1/assessments/{id}", "FFFF2FFF22"),
    ("GET /api/v1/assessments/{id}/pdf", "FFFF2FFF22"),
    ("GET /api/v1/audit-log", "FFFFFFFF22"),
    ("GET /api/v1/audit-log/head", "FFFFFFFF22"),
    ("GET /api/v1/audit-log/verification", "FFFFFFFF22"),
    ("GET /api/v1/campaigns", "F2222F2F22"),
    ("GET /api/v1/campaigns/{id}", "FN2N2FNF22"),
    ("GET /api/v1/campaigns/{id}/progress", "FN2N2FNF22"),
    ("GET /api/v1/ledger-items", "F2222F2F22"),
    ("GET /api/v1/ledger-items/export", "F2222F2F22"),
    ("GET /api/v1/ledger-items/imports/template.xlsx", "2222222222"),
    ("GET /api/v1/ledger-items/{id}", "FN2N2FNF22"),
    ("GET /api/v1/statistics/ledger", "FFFF2FFF22"),
    ("PATCH /api/v1/ledger-items/{id}", "FN2NCFNFFC"),
    ("POST /api/v1/campaigns", "FFFFVFFFFV"),
    ("POST /api/v1/campaigns/{id}/submissions", "FN2NFFNFFV"),
    ("POST /api/v1/ledger-items", "F222VF2FFV"),
    ("POST /api/v1/ledger-items/imports", "F222VF2FFV"),
    ("POST /api/v1/ledger-items/{id}/close", "FNCNCFNFFC"),
    ("POST /api/v1/ledger-items/{id}/escalate", "FFFFCFFFFF"),
    ("POST /api/v1/ledger-items/{id}/plan", "FN2NCFNFFC"),
    ("POST /api/v1/ledger-items/{id}/repayments", "FNCNCFNFFC"),
    ("POST /api/v1/ledger-items/{id}/steps/{n}/progress", "FNCNCFNFFC"),
    ("GET /api/v1/calendar/{year}", "2222222222"),
    ("GET /api/v1/channels", "2222222222"),
    ("GET /api/v1/channels/{channel}/complaints/{external_id}", "22NN2FFN22"),
    ("GET /api/v1/circulars/{id}", "FFFF2FFF22"),
    ("GET /api/v1/circulars/{id}/pdf", "FFFF2FFF22"),
    ("GET /api/v1/complaints", "22222FF222"),
    ("GET /api/v1/complaints/{id}", "22NN2FFN22"),
    ("GET /api/v1/complaints/{id}/determination", "22NN2FFN22"),
    ("GET /api/v1/complaints/{id}/timeline", "22NN2FFN22"),
    ("GET /api/v1/commitments", "F2222F2F22"),
    ("GET /api/v1/commitments/{id}", "FN2N2FNF22"),
    ("GET /api/v1/contracts", "F2222F2F22"),
    ("GET /api/v1/contracts/export", "F2222F2222"),
    ("GET /api/v1/contracts/imports/template.xlsx", "2222222222"),
    ("GET /api/v1/commitments/imports/template.xlsx", "2222222222"),
    ("GET /api/v1/contracts/{id}", "FN2N2FNF22"),
    ("GET /api/v1/credit-objections", "F2222F2F22"),
    ("GET /api/v1/credit-objections/{id}", "F22N2FNF22"),
    ("GET /api/v1/credit-records", "22222F2222"),
    ("GET /api/v1/credit-records/export", "FFFF2FF222"),
    ("GET /api/v1/credit-records/{id}", "N22N2FN222"),
    ("GET /api/v1/events", "22222FF222"),
    ("GET /api/v1/monthly-reports", "F2222F2F22"),
    ("GET /api/v1/organisations", "2222222222"),
    ("GET /api/v1/organisations/{id}", "2222222222"),
    ("GET /api/v1/regions/{code}/credit-record", "22222F2222"),
    ("GET /api/v1/repair-applications", "F2222F2F22"),
    ("GET /api/v1/repair-applications/{id}", "F22N2FNF22"),
    ("GET /api/v1/sanction-check-log", "FFFFFFFF22"),
    ("GET /api/v1/sanction-checks", "FFFFF2FFF2"),
    ("GET /api/v1/sanction-figures", "FNNN2FFF22"),
    ("GET /api/v1/sanction-measures", "2222222222"),
    ("GET /api/v1/sanctions", "F2222FFF22"),
    ("GET /api/v1/sanctions/{id}", "F22N2FFF22"),
    ("GET /api/v1/statistics/cases", "FFFF2FFF22"),
    ("GET /api/v1/statistics/data-quality", "FFFF2FFF22"),
    ("GET /api/v1/statistics/obligations", "FFFF2FFF22"),
    ("GET /api/v1/statistics/sanctions", "FFFF2FFF22"),
    ("GET /api/v1/subjects/{uscc}/credit-record", "22222F2222"),
    ("GET /api/v1/typical-case-candidates", "FFFF2FFF22"),
    ("GET /api/v1/typical-cases", "FFFF2FFF22"),
    ("GET /api/v1/typical-cases/{id}", "F22N2FFF22"),
    ("GET /api/v1/warnings", "F2222F2F22"),
    ("GET /api/v1/webhook-deliveries/{id}", "FFFFFFFF22"),
    ("GET /api/v1/webhook-subscriptions", "FFFFFFFF22"),
    ("GET /api/v1/webhook-subscriptions/{id}", "FFFFFFFF22"),
    ("GET /api/v1/webhook-subscriptions/{id}/deliveries", "FFFFFFFF22"),
    ("PATCH /api/v1/commitments/{id}", "FN2NFFNFFC"),
    ("PATCH /api/v1/contracts/{id}", "FN2NFFNFFC"),
    ("PATCH /api/v1/webhook-subscriptions/{id}", "FFFFFFFFF2"),
    ("POST /api/v1/admin/dead-letters/{id}/retry", "FFFFFFFFFN"),
    ("POST /api/v1/assessments", "FFFFVFFFFV"),
    ("POST /api/v1/assessments/{id}/freeze", "FFFF2FFFFC"),
    ("POST /api/v1/assessments/{id}/publish", "FFFFCFFFFC"),
    ("POST /api/v1/channels", "FFFFFFFFF2"),
    ("POST /api/v1/circulars", "FFFF2FFFF2"),
    ("POST /api/v1/circulars/{id}/publish", "FFFF2FFFFC"),
    ("POST /api/v1/complaints", "2FFF2FFFFF"),
    ("POST /api/v1/complaints/{id}/actions/accept", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/assign", "FFNNCFFNFC"),
    ("POST /api/v1/complaints/{id}/actions/conclude_disputed", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/conclude_substantiated", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/conclude_unfounded", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/decide_extension", "FFNNCFFNFC"),
    ("POST /api/v1/complaints/{id}/actions/feedback", "CFNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/mark_rectified", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/merge", "FFNNCFFNFC"),
    ("POST /api/v1/complaints/{id}/actions/record_refusal", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/record_ruling", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/record_settlement", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/reassign", "FFNNCFFNFC"),
    ("POST /api/v1/complaints/{id}/actions/reject", "FFNNCFFNFC"),
    ("POST /api/v1/complaints/{id}/actions/request_extension", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/return", "FCNNFFFNFF"),
    ("POST /api/v1/complaints/{id}/actions/urge", "FFNNCFFNFC"),
    ("POST /api/v1/commitments", "F222FF2FFV"),
    ("POST /api/v1/commitments/imports", "F222FF2FFV"),
    ("POST /api/v1/commitments/{id}/change", "FN2NFFNFFC"),
    ("POST /api/v1/commitments/{id}/fulfilments", "FN2NFFNFFC"),
    ("POST /api/v1/contracts", "F222FF2FFV"),
    ("POST /api/v1/contracts/imports", "F222FF2FFV"),
    ("POST /api/v1/contracts/{id}/change", "FN2NFFNFFC"),
    ("POST /api/v1/contracts/{id}/close-out", "FNCNFFNFFC"),
    ("POST /api/v1/contracts/{id}/escalate", "FFFFCFFFFF"),
    ("POST /api/v1/contracts/{id}/milestones", "FN2NFFNFFC"),
    ("POST /api/v1/contracts/{id}/performance", "FNCNFFNFFC"),
    ("POST /api/v1/contracts/{id}/risks", "FN2NFFNFFC"),
    ("POST /api/v1/credit-objections", "FF2NFFFFFF"),
    ("POST /api/v1/credit-objections/{id}/decision", "F2FNFFNFFF"),
    ("POST /api/v1/credit-records/imports", "FFFFFF2FFV"),
    ("POST /api/v1/credit-records/{id}/corrections", "N2FNFFNFFF"),
    ("POST /api/v1/credit-records/{id}/subject", "FFFFCFFFFC"),
    ("POST /api/v1/monthly-reports", "F222FF2FFV"),
    ("POST /api/v1/organisations", "FFFFFFFFF2"),
    ("POST /api/v1/organisations/import", "FFFFFFFFF2"),
    ("POST /api/v1/organisations/{id}/abolition", "FFFFFFFFFV"),
    ("POST /api/v1/repair-applications", "F2CNFFFFFF"),
    ("POST /api/v1/repair-applications/{id}/decision", "F2FNFFNFFF"),
    ("POST /api/v1/repair-applications/{id}/supplement", "FFCNFFNFFF"),
    ("POST /api/v1/repair-applications/{id}/withdrawal", "FF2NFFNFFF"),
    ("POST /api/v1/sanction-checks", "FFFFF2FFF2"),
    ("POST /api/v1/sanctions", "FFFF2FFFFC"),
    ("POST /api/v1/sanctions/{id}/acknowledgement", "FFFN2FFFFF"),
    ("POST /api/v1/sanctions/{id}/end", "FFFF2FFFFC"),
    ("POST /api/v1/typical-cases", "FFFF2FFFFC"),
    ("POST /api/v1/typical-cases/{id}/opinions", "F22NFFFFFF"),
    ("POST /api/v1/typical-cases/{id}/publish", "FFFF2FFFFC"),
    ("POST /api/v1/typical-cases/{id}/withdraw", "FFFF2FFFFC"),
    ("POST /api/v1/warnings/{id}/acknowledgement", "FN2NFFNFFC"),
    ("POST /api/v1/webhook-deliveries/{id}/replay", "FFFFFFFFF2"),
    ("POST /api/v1/webhook-subscriptions", "FFFFFFFFF2"),
    ("PUT /api/v1/assessment-schemes/{code}", "FFFFCFFFFC"),
    ("PUT /api/v1/calendar/{year}", "FFFFFFFFF2"),
    ("PUT /api/v1/channels/{code}", "FFFFFFFFFV"),
    ("PUT /api/v1/organisations/{id}", "FFFFFFFFFV"),
    ("PUT /api/v1/sanction-measures/{code}", "FFFFFFFFF2"),
];

/// The ids a request may name.
struct World {
    /// Made for one route that changes something (the shared one is read only).
    fresh: bool,
    case: String,
    external_id: String,
    record: String,
    sanction: String,
    application: String,
    objection: String,
    subscription: String,
    delivery: String,
    organisation: String,
    assessment: String,
    circular: String,
    typical_case: String,
    contract: String,
    commitment: String,
    warning: String,
    campaign: String,
    ledger_item: String,
}

/// A determined case of `external_id` and its record's id.
async fn determined_record(app: &TestApp, external_id: &str) -> (Value, String) {
    let case = determined(app, external_id, "minor", None).await;
    let record = record_of(app, &case).await;
    (case, record["id"].as_str().unwrap().to_owned())
}

async fn world(app: &TestApp, n: usize) -> World {
    // Three determined cases: one whose record is the one every body names, one under a
    // repair application, one under an objection (a record takes one at a time).
    let (case, rid) = determined_record(app, &format!("AX-{n}-1")).await;
    let (_, repairing) = determined_record(app, &format!("AX-{n}-3")).await;
    let (_, objected) = determined_record(app, &format!("AX-{n}-4")).await;
    let (_, sanctions) = app.get_json(&format!("/api/v1/sanctions?record_id={rid}"), &app.admin_token()).await;
    // 书面警示 binds the subject and is carried out by the credit office (its implementer).
    let sanction = sanctions["sanctions"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["measure"] == "written_warning"))
        .and_then(|s| s["id"].as_str())
        .expect("a measure in force")
        .to_owned();
    let subject = app.department_token(HUAIYUAN_FINANCE);
    let evidence = json!([{ "name": "receipt.pdf", "url": "https://files.example.cn/r/receipt.pdf" }]);
    let (status, application) = app
        .post_json(
            "/api/v1/repair-applications",
            &subject,
            &json!({"record_id": repairing, "statement": "已足额支付", "evidence": evidence, "pledge": "依法依约履行"}),
        )
        .await;
    assert_eq!(status, 201, "{application}");
    let (status, objection) = app
        .post_json(
            "/api/v1/credit-objections",
            &subject,
            &json!({"record_id": objected, "reasons": "记录有误", "evidence": evidence}),
        )
        .await;
    assert_eq!(status, 201, "{objection}");
    let (status, subscription) = app
        .post_json(
            "/api/v1/webhook-subscriptions",
            &app.admin_token(),
            &json!({"name": "12345", "url": "http://127.0.0.1:9/hook", "channel": "hotline_12345"}),
        )
        .await;
    assert_eq!(status, 201, "{subscription}");
    app.push("hotline_12345", &lead(&format!("AX-{n}-2"))).await;
    app.wait_for_feed_horizon().await;
    let state = app.app_state.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = state.write_pool.get().unwrap();
        lvyue_webhooks::fanout::run(&mut conn, state.now(), chrono::Duration::hours(72)).unwrap();
    })
    .await
    .unwrap();
    let sid = subscription["id"].as_str().unwrap().to_owned();
    // An assessment scheme of the city, and a draft assessment with it.
    let office = app.credit_office_token();
    let scheme = lvyue_oversight::scheme::SchemeInput::example();
    let (status, made) = app.put_json(&format!("/api/v1/assessment-schemes/scheme-{n}"), &office, &scheme).await;
    assert_eq!(status, 201, "{made}");
    let body = json!({"scheme": format!("scheme-{n}"), "region_code": "340300", "period": "2026-11"});
    let (status, draft) = app.post_json("/api/v1/assessments", &office, &body).await;
    assert_eq!(status, 201, "{draft}");
    let (status, circular) =
        app.post_json("/api/v1/circulars", &office, &lvyue_oversight::circular::CircularInput::example()).await;
    assert_eq!(status, 201, "{circular}");
    // A draft typical case of the record under repair (the world's own record stays free to
    // be proposed).
    let body = json!({"record_id": repairing, "title": "典型案例", "summary": "某单位拖欠企业账款拒不整改。"});
    let (status, typical) = app.post_json("/api/v1/typical-cases", &office, &body).await;
    assert_eq!(status, 201, "{typical}");
    // A contract of the record's subject (怀远县财政局), under a reference of its own.
    let mut body = lvyue_obligation::contract::register::GovernmentContractInput::example();
    body["reference"] = json!(format!("HT-WORLD-{n}"));
    let (status, contract) = app.post_json("/api/v1/contracts", &subject, &body).await;
    assert_eq!(status, 201, "{contract}");
    let mut body = lvyue_obligation::commitment::register::CommitmentInput::example();
    body["reference"] = json!(format!("CN-WORLD-{n}"));
    let (status, commitment) = app.post_json("/api/v1/commitments", &subject, &body).await;
    assert_eq!(status, 201, "{commitment}");
    // The daily scan warns of the contract's incomplete decision-making.
    let state = app.app_state.clone();
    tokio::task::spawn_blocking(move || lvyue::jobs::obligation_warnings(&state).unwrap()).await.unwrap();
    let cid = contract["id"].as_str().unwrap();
    let (_, warnings) = app.get_json("/api/v1/warnings?status=open&limit=200", &app.admin_token()).await;
    let warning = warnings["warnings"]
        .as_array()
        .and_then(|all| all.iter().find(|w| w["contract_id"] == cid))
        .and_then(|w| w["id"].as_str())
        .expect("a warning about the contract")
        .to_owned();
    // A campaign the record's subject takes part in, and a problem in its ledger.
    let (_, orgs) = app.get_json("/api/v1/organisations?limit=200", &app.admin_token()).await;
    let subject_id =
        orgs["organisations"].as_array().unwrap().iter().find(|o| o["name"] == HUAIYUAN_FINANCE).unwrap()["id"].clone();
    let mut body = lvyue_ledger::campaign::start::CampaignInput::example();
    body["unit_ids"] = json!([subject_id]);
    let (status, campaign) = app.post_json("/api/v1/campaigns", &office, &body).await;
    assert_eq!(status, 201, "{campaign}");
    let mut body = lvyue_ledger::item::register::LedgerItemInput::example();
    body["reference"] = json!(format!("ZC-WORLD-{n}"));
    body["campaign_id"] = campaign["id"].clone();
    let (status, item) = app.post_json("/api/v1/ledger-items", &subject, &body).await;
    assert_eq!(status, 201, "{item}");
    let (_, deliveries) =
        app.get_json(&format!("/api/v1/webhook-subscriptions/{sid}/deliveries"), &app.admin_token()).await;
    World {
        campaign: campaign["id"].as_str().unwrap().to_owned(),
        ledger_item: item["id"].as_str().unwrap().to_owned(),
        fresh: n > 0,
        case: case["id"].as_str().unwrap().to_owned(),
        external_id: format!("AX-{n}-1"),
        record: rid,
        sanction,
        application: application["id"].as_str().unwrap().to_owned(),
        objection: objection["id"].as_str().unwrap().to_owned(),
        subscription: sid,
        delivery: deliveries["deliveries"][0]["id"].as_str().expect("a delivery").to_owned(),
        organisation: org(HUAIYUAN_FINANCE),
        assessment: draft["id"].as_str().unwrap().to_owned(),
        circular: circular["id"].as_str().unwrap().to_owned(),
        typical_case: typical["id"].as_str().unwrap().to_owned(),
        contract: contract["id"].as_str().unwrap().to_owned(),
        commitment: commitment["id"].as_str().unwrap().to_owned(),
        warning,
    }
}

/// The concrete path of `template` in `world`.
fn concrete(template: &str, w: &World, organisation_id: &str) -> String {
    let id = if template.starts_with("/api/v1/complaints/") {
        w.case.as_str()
    } else if template.starts_with("/api/v1/credit-records/") {
        w.record.as_str()
    } else if template.starts_with("/api/v1/sanctions/") {
        w.sanction.as_str()
    } else if template.starts_with("/api/v1/repair-applications/") {
        w.application.as_str()
    } else if template.starts_with("/api/v1/credit-objections/") {
        w.objection.as_str()
    } else if template.starts_with("/api/v1/webhook-subscriptions/") {
        w.subscription.as_str()
    } else if template.starts_with("/api/v1/webhook-deliveries/") {
        w.delivery.as_str()
    } else if template.starts_with("/api/v1/organisations/") {
        organisation_id
    } else if template.starts_with("/api/v1/assessments/") {
        w.assessment.as_str()
    } else if template.starts_with("/api/v1/circulars/") {
        w.circular.as_str()
    } else if template.starts_with("/api/v1/warnings/") {
        w.warning.as_str()
    } else if template.starts_with("/api/v1/commitments/") {
        w.commitment.as_str()
    } else if template.starts_with("/api/v1/contracts/") {
        w.contract.as_str()
    } else if template.starts_with("/api/v1/campaigns/") {
        w.campaign.as_str()
    } else if template.starts_with("/api/v1/ledger-items/") {
        w.ledger_item.as_str()
    } else if template.starts_with("/api/v1/typical-cases/") {
        w.typical_case.as_str()
    } else {
        "0190a0a0-0000-7000-8000-000000000000" // dead letters: none exists
    };
    let query = match template {
        "/api/v1/sanction-checks" => format!("?subject={}&benefit=awards", w.organisation),
        "/api/v1/statistics/sanctions" => "?region_code=340300".to_owned(),
        "/api/v1/typical-cases" => "?region_code=340300".to_owned(),
        "/api/v1/monthly-reports" => "?region_code=340300&month=2026-11".to_owned(),
        "/api/v1/sanction-figures"
        | "/api/v1/statistics/cases"
        | "/api/v1/statistics/data-quality"
        | "/api/v1/statistics/obligations"
        | "/api/v1/statistics/ledger"
        | "/api/v1/typical-case-candidates" => "?region_code=340300&from=2026-01-01&to=2026-12-31".to_owned(),
        _ => String::new(),
    };
    let year = if template.starts_with("/api/v1/calendar/") && w.fresh { "2027" } else { "2026" };
    let path = template
        .replace("{id}", id)
        .replace(
            "{code}",
            if template.contains("sanction-measures") {
                "cancel_awards"
            } else if template.contains("assessment-schemes") {
                "scheme-0"
            } else if template.contains("regions") {
                "340300"
            } else {
                "hotline_12345"
            },
        )
        .replace("{year}", year)
        .replace("{n}", "1")
        .replace("{uscc}", &w.organisation)
        .replace("{channel}", "hotline_12345")
        .replace("{external_id}", &w.external_id);
    format!("{path}{query}")
}

/// The callers, in column order.
fn callers(app: &TestApp) -> Vec<(&'static str, String)> {
    vec![
        ("ch", app.channel_token("hotline_12345")),
        ("de", app.department_token(HUAIYUAN_GOV)),
        ("su", app.department_token(HUAIYUAN_FINANCE)),
        ("od", app.department_token(WUHE_GOV)),
        ("co", app.credit_office_token()),
        ("sc", app.token(Role::SanctionChecker, None, None)),
        ("dp", app.provider_token("蚌埠市经济和信息化局")),
        ("cp", app.platform_token()),
        ("au", app.auditor_token()),
        ("ad", app.admin_token()),
    ]
}

fn letter(status: u16) -> char {
    match status {
        200..=299 => '2',
        403 => 'F',
        404 => 'N',
        409 => 'C',
        400 | 422 => 'V',
        _ => 'X',
    }
}

/// The documented example body of an operation, naming the world's record.
fn body(op: &Value, w: &World) -> Option<Value> {
    let content = op["requestBody"]["content"].as_object()?;
    let mut example = content.values().find_map(|c| c.get("example")).cloned()?;
    if let Some(b) = example.as_object_mut() {
        if b.contains_key("record_id") {
            b.insert("record_id".into(), json!(w.record));
        }
    }
    Some(example)
}

async fn call(app: &TestApp, method: &str, path: &str, token: &str, body: Option<&Value>) -> u16 {
    let mut request = app.client.request(method.parse().unwrap(), app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        request = request.json(b);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_access_table_says() {
    let app = spawn_app().await;
    let spec: Value = app.client.get(app.url("/api-docs/openapi.json")).send().await.unwrap().json().await.unwrap();
    let callers = callers(&app);
    let (_, orgs) = app.get_json("/api/v1/organisations?limit=200", &app.admin_token()).await;
    let organisation_id = orgs["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == HUAIYUAN_FINANCE)
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .unwrap();
    let shared = world(&app, 0).await;
    let mut worlds = 0;
    let mut observed: BTreeMap<String, String> = BTreeMap::new();
    for (template, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("security").is_none() {
                continue; // health, docs, metadata: open to all
            }
            let method = method.to_ascii_uppercase();
            let fresh;
            let w = if method == "GET" {
                &shared
            } else {
                app.set_time("2026-11-22T10:00:00+08:00");
                worlds += 1;
                fresh = world(&app, worlds).await;
                &fresh
            };
            let path = concrete(template, w, &organisation_id);
            let body = body(op, w);
            assert_eq!(call(&app, &method, &path, "", body.as_ref()).await, 401, "{method} {path} without a token");
            let mut row = String::new();
            for (_, token) in &callers {
                row.push(letter(call(&app, &method, &path, token, body.as_ref()).await));
            }
            observed.insert(format!("{method} {template}"), row);
        }
    }
    let pinned: BTreeMap<String, String> = MATRIX.iter().map(|(r, o)| ((*r).to_owned(), (*o).to_owned())).collect();
    if pinned != observed {
        let table: String = observed.iter().map(|(r, o)| format!("    (\"{r}\", \"{o}\"),\n")).collect();
        let missing: Vec<&String> = observed.keys().filter(|k| !pinned.contains_key(*k)).collect();
        let stale: Vec<&String> = pinned.keys().filter(|k| !observed.contains_key(*k)).collect();
        let changed: Vec<String> = observed
            .iter()
            .filter_map(|(k, o)| pinned.get(k).filter(|p| *p != o).map(|p| format!("{k}: pinned {p}, answered {o}")))
            .collect();
        panic!(
            "the access table differs.\nroutes without a row: {missing:?}\nrows without a route: {stale:?}\nchanged: {changed:#?}\n\nobserved (ch de su od co sc dp cp au ad):\n{table}"
        );
    }
}
