//! The event feed: every change announced once, in order, scoped to the caller.

use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn every_change_appears_in_the_feed_in_commit_order() {
    let app = spawn_app().await;
    let (_, routed) = app.push("hotline_12345", &lead("E-1")).await;
    let (_, waiting) = app.push("petition", &unresolved_lead("E-2")).await;
    let wid = waiting["id"].as_str().unwrap();
    app.post_json(
        &format!("/api/v1/complaints/{wid}/actions/assign"),
        &app.credit_office_token(),
        &json!({"version": 1, "handling_org": org(CITY_FINANCE)}),
    )
    .await;
    // A replay announces nothing new.
    app.push("hotline_12345", &lead("E-1")).await;

    let all = app.all_events(&app.admin_token()).await;
    let seen: Vec<(String, String)> = all
        .iter()
        .map(|e| (e["type"].as_str().unwrap().to_owned(), e["complaint_id"].as_str().unwrap().to_owned()))
        .collect();
    let rid = routed["id"].as_str().unwrap().to_owned();
    assert_eq!(
        seen,
        [
            ("complaint.received".to_owned(), rid.clone()),
            ("complaint.assigned".to_owned(), rid.clone()),
            ("complaint.received".to_owned(), wid.to_owned()),
            ("complaint.assigned".to_owned(), wid.to_owned()),
        ]
    );
    assert_eq!(all[1]["data"]["handling_org"]["uscc"], org(HUAIYUAN_GOV));
    assert_eq!(all[3]["data"]["automatic"], false);
    let ids: std::collections::HashSet<&str> = all.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 4, "event ids are unique");
    assert!(all.iter().all(|e| !e["data"].to_string().contains("13812345678")), "no personal data in events");

    // Polling from the last cursor returns nothing and keeps the cursor.
    app.wait_for_feed_horizon().await;
    let (_, page) = app.get_json("/api/v1/events?limit=200", &app.admin_token()).await;
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let (_, again) = app.get_json(&format!("/api/v1/events?after={cursor}"), &app.admin_token()).await;
    assert!(again["events"].as_array().unwrap().is_empty());
    assert_eq!(again["next_cursor"], cursor.as_str());
}

#[tokio::test]
async fn the_feed_is_scoped_to_what_the_caller_may_see() {
    let app = spawn_app().await;
    app.push("hotline_12345", &lead("E-3")).await;
    app.push("petition", &unresolved_lead("E-4")).await;
    let hotline = app.all_events(&app.channel_token("hotline_12345")).await;
    assert_eq!(hotline.len(), 2);
    assert!(hotline.iter().all(|e| e["data"]["channel"] == "hotline_12345"));
    let dept = app.all_events(&app.department_token(HUAIYUAN_GOV)).await;
    let types: Vec<&str> = dept.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["complaint.received", "complaint.assigned"],
        "an automatically routed case is the department's from its receipt"
    );
    let region = app.all_events(&app.credit_office_token()).await;
    assert_eq!(region.len(), 3);
    let elsewhere = app.all_events(&app.department_token(WUHE_GOV)).await;
    assert!(elsewhere.is_empty());
}

#[tokio::test]
async fn possible_duplicates_are_announced_to_the_credit_office_only() {
    let app = spawn_app().await;
    app.push("hotline_12345", &lead("E-5")).await;
    app.push("petition", &lead("E-6")).await;
    let region = app.all_events(&app.credit_office_token()).await;
    assert!(region.iter().any(|e| e["type"] == "complaint.possible_duplicate"));
    let petition = app.all_events(&app.channel_token("petition")).await;
    assert!(petition.iter().all(|e| e["type"] != "complaint.possible_duplicate"));
}
