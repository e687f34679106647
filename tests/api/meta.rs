//! Metadata, health, docs and languages.

use crate::helpers::*;

#[tokio::test]
async fn code_lists_carry_both_labels() {
    let app = spawn_app().await;
    let enums: serde_json::Value =
        app.client.get(app.url("/api/v1/meta/enums")).send().await.unwrap().json().await.unwrap();
    let channels = enums["channels"].as_array().unwrap();
    assert_eq!(channels.len(), 7, "six channels and the credit office's own cases");
    let hotline = channels.iter().find(|c| c["code"] == "hotline_12345").unwrap();
    assert_eq!(hotline["label_zh"], "12345政务服务便民热线");
    let fields: Vec<&str> = enums["fields"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        [
            "government_procurement",
            "bidding",
            "investment_attraction",
            "ppp",
            "industrial_support",
            "government_investment",
            "government_debt"
        ]
    );
    assert!(enums["case_statuses"].as_array().unwrap().iter().any(|s| s["code"] == "determined"));
}

#[tokio::test]
async fn errors_follow_accept_language_and_unknown_paths_are_problems() {
    let app = spawn_app().await;
    let zh: serde_json::Value =
        app.client.get(app.url("/api/v1/complaints")).send().await.unwrap().json().await.unwrap();
    assert_eq!(zh["title"], "未认证");
    let en: serde_json::Value = app
        .client
        .get(app.url("/api/v1/complaints"))
        .header("accept-language", "en-GB,en;q=0.9,zh;q=0.1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(en["title"], "Unauthenticated");
    let r = app.get("/api/v1/nowhere", &app.admin_token()).await;
    assert_eq!(r.status(), 404);
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/not-found");
    assert_eq!(problem["instance"], "/api/v1/nowhere");
}

#[tokio::test]
async fn the_docs_work_offline_and_describe_the_api() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("swagger"));
    let spec: serde_json::Value =
        app.client.get(app.url("/api-docs/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(spec["paths"]["/api/v1/complaints"]["post"].is_object());
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
}
