//! The audit trail: every change, who made it, from which request, before and after; never rewritten.

use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn every_change_is_in_the_audit_trail_with_its_request() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .bearer_auth(app.channel_token("hotline_12345"))
        .header("x-request-id", "req-push-0001")
        .json(&unresolved_lead("A-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "req-push-0001");
    let case: serde_json::Value = r.json().await.unwrap();
    let id = case["id"].as_str().unwrap();
    app.post_json(
        &format!("/api/v1/complaints/{id}/actions/assign"),
        &app.credit_office_token(),
        &json!({"version": 1, "handling_org": org(CITY_FINANCE)}),
    )
    .await;
    let (status, page) =
        app.get_json(&format!("/api/v1/audit-log?entity_type=complaint&entity_id={id}"), &app.auditor_token()).await;
    assert_eq!(status, 200);
    let entries = page["entries"].as_array().unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    // The assign answer showed the credit office the contact data in clear: that read is audited too.
    assert_eq!(actions, ["complaint.create", "complaint.assign", "personal_data.read"]);
    assert_eq!(entries[0]["request_id"], "req-push-0001");
    assert_eq!(entries[0]["actor_role"], "channel");
    assert!(entries[0]["before"].is_null());
    assert_eq!(entries[1]["before"]["status"], "received");
    assert_eq!(entries[1]["after"]["status"], "assigned");
    assert_eq!(entries[1]["actor_org"], org(CITY_CREDIT_OFFICE));

    let (by_request, page) = app.get_json("/api/v1/audit-log?request_id=req-push-0001", &app.auditor_token()).await;
    assert_eq!(by_request, 200);
    assert_eq!(page["entries"].as_array().unwrap().len(), 1);
    // Channels and departments do not read the trail.
    assert_eq!(app.get("/api/v1/audit-log", &app.channel_token("hotline_12345")).await.status(), 403);
}

#[tokio::test]
async fn the_trail_refuses_updates_and_deletes() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    app.push("hotline_12345", &lead("A-2")).await;
    let mut conn = app.app_state.pool.get().unwrap();
    assert!(diesel::sql_query("UPDATE audit_log SET action = 'x'").execute(&mut conn).is_err());
    assert!(diesel::sql_query("DELETE FROM audit_log").execute(&mut conn).is_err());
}
