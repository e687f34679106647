//! Complainants' personal data: masked for roles that do not need it, every clear read audited.

use crate::helpers::*;

#[tokio::test]
async fn contact_data_is_masked_except_for_those_who_must_call_the_complainant() {
    let app = spawn_app().await;
    let (_, created) = app.push("hotline_12345", &lead("P-1")).await;
    assert_eq!(created["complainant"]["contact_phone"], "138****5678");
    assert_eq!(created["complainant"]["contact_name"], "张**");
    assert_eq!(created["complainant"]["masked"], true);
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/complaints/{id}");

    for token in [app.channel_token("hotline_12345"), app.auditor_token(), app.admin_token()] {
        let (_, seen) = app.get_json(&path, &token).await;
        assert_eq!(seen["complainant"]["contact_phone"], "138****5678");
        assert_eq!(seen["complainant"]["masked"], true);
    }
    assert!(reads(&app, &id).await.is_empty(), "masked reads are not personal-data reads");

    for token in [app.credit_office_token(), app.department_token(HUAIYUAN_GOV)] {
        let (_, seen) = app.get_json(&path, &token).await;
        assert_eq!(seen["complainant"]["contact_phone"], "13812345678");
        assert_eq!(seen["complainant"]["contact_name"], "张三丰");
        assert_eq!(seen["complainant"]["masked"], false);
    }
    let logged = reads(&app, &id).await;
    assert_eq!(logged.len(), 2);
    assert_eq!(logged[0]["actor_role"], "credit_office");
    assert_eq!(logged[1]["actor_role"], "department");
    assert_eq!(logged[1]["actor_org"], org(HUAIYUAN_GOV));

    // The audit trail itself keeps contact data masked.
    let (_, page) =
        app.get_json(&format!("/api/v1/audit-log?entity_type=complaint&entity_id={id}"), &app.auditor_token()).await;
    let created_entry = page["entries"].as_array().unwrap().iter().find(|e| e["action"] == "complaint.create").unwrap();
    assert_eq!(created_entry["after"]["contact_phone"], "138****5678");
}

async fn reads(app: &TestApp, id: &str) -> Vec<serde_json::Value> {
    let path = format!("/api/v1/audit-log?entity_type=complaint&entity_id={id}");
    let (_, page) = app.get_json(&path, &app.auditor_token()).await;
    page["entries"].as_array().unwrap().iter().filter(|e| e["action"] == "personal_data.read").cloned().collect()
}
