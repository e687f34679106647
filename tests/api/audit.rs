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
    // Issue 17.6: lvyue's own request id, the client's kept beside it.
    let ours = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(ours, "req-push-0001", "a client cannot choose the stored request id");
    assert_eq!(r.headers()["x-client-request-id"], "req-push-0001");
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
    assert_eq!(entries[0]["request_id"], ours.as_str());
    assert_eq!(entries[0]["client_request_id"], "req-push-0001");
    assert_eq!(entries[0]["actor_role"], "channel");
    assert!(entries[0]["before"].is_null());
    assert_eq!(entries[1]["before"]["status"], "received");
    assert_eq!(entries[1]["after"]["status"], "assigned");
    assert_eq!(entries[1]["actor_org"], org(CITY_CREDIT_OFFICE));

    for id in ["req-push-0001", ours.as_str()] {
        let (by_request, page) =
            app.get_json(&format!("/api/v1/audit-log?request_id={id}"), &app.auditor_token()).await;
        assert_eq!(by_request, 200);
        assert_eq!(page["entries"].as_array().unwrap().len(), 1, "by {id}");
    }
    // Reading the trail is itself in the trail.
    let (_, reads) = app.get_json("/api/v1/audit-log?entity_type=audit_log", &app.auditor_token()).await;
    assert!(reads["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "audit_log.read" && e["actor_role"] == "auditor"));
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

/// Issue 17: the trail is a hash chain an auditor can verify — `lvyue audit verify` and
/// `GET /api/v1/audit-log/verification` pass on a fresh and a busy database, and name the first
/// broken entry once an entry is changed directly in the database with its trigger dropped; a
/// head kept earlier proves that nothing before it changed.
#[tokio::test]
async fn the_chain_verifies_and_names_the_entry_an_administrator_changed() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    let auditor = app.auditor_token();
    let config = app.config.clone();
    let fresh = tokio::task::spawn_blocking(move || lvyue::cli::audit::verify(&config, None)).await.unwrap().unwrap();
    assert!(fresh.verified, "{fresh:?}");

    for n in 0..5 {
        app.push("hotline_12345", &lead(&format!("CHAIN-{n}"))).await;
    }
    app.run_jobs_once().await;
    let (status, head) = app.get_json("/api/v1/audit-log/head", &auditor).await;
    assert_eq!(status, 200, "{head}");
    assert!(head["position"].as_i64().unwrap() >= 5, "{head}");
    let (status, found) = app.get_json("/api/v1/audit-log/verification", &auditor).await;
    assert_eq!((status, found["verified"].as_bool()), (200, Some(true)), "{found}");
    let kept = format!(
        "/api/v1/audit-log/verification?position={}&chain_hash={}",
        head["position"],
        head["chain_hash"].as_str().unwrap()
    );
    let (_, against) = app.get_json(&kept, &auditor).await;
    assert_eq!(against["verified"], true, "{against}");
    let (status, _) = app.get_json("/api/v1/audit-log/head", &app.department_token(HUAIYUAN_GOV)).await;
    assert_eq!(status, 403);

    // A database administrator drops the trigger and rewrites the third entry.
    let (_, page) = app.get_json("/api/v1/audit-log?limit=3", &auditor).await;
    let victim = page["entries"][2]["id"].as_i64().unwrap();
    {
        let mut conn = app.app_state.write_pool.get().unwrap();
        let drop = match &mut *conn {
            lvyue_db::DbConn::Pg(_) => "DROP TRIGGER audit_log_no_change ON audit_log",
            lvyue_db::DbConn::Sqlite(_) => "DROP TRIGGER audit_log_no_update",
        };
        diesel::sql_query(drop).execute(&mut *conn).unwrap();
        diesel::sql_query(format!("UPDATE audit_log SET actor_subject = 'nobody' WHERE id = {victim}"))
            .execute(&mut *conn)
            .unwrap();
    }
    let (_, found) = app.get_json("/api/v1/audit-log/verification", &auditor).await;
    assert_eq!(found["verified"], false, "{found}");
    assert_eq!(
        (found["first_broken"]["entry_id"].as_i64(), found["first_broken"]["reason"].as_str()),
        (Some(victim), Some("entry_changed"))
    );
    let config = app.config.clone();
    let broken = tokio::task::spawn_blocking(move || lvyue::cli::audit::verify(&config, None)).await.unwrap().unwrap();
    assert_eq!(broken.first_broken.map(|b| b.entry_id), Some(victim));
}
