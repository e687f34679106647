//! Tokens, roles and scope: what a caller may not see is 404.

use crate::helpers::*;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::json;

#[tokio::test]
async fn calls_without_a_valid_token_are_401() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/api/v1/complaints")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"lvyue\"");
    assert_eq!(app.get("/api/v1/complaints", "not-a-jwt").await.status(), 401);
    // Signed with another secret.
    let forged = lvyue_web::TokenIssuer::new(b"another-secret-another-secret-0000")
        .issue("x", lvyue_core::Role::Admin, None, None, 3600)
        .unwrap();
    assert_eq!(app.get("/api/v1/complaints", &forged).await.status(), 401);
    // Expired.
    let expired =
        lvyue_web::TokenIssuer::new(SECRET.as_bytes()).issue("x", lvyue_core::Role::Admin, None, None, -120).unwrap();
    assert_eq!(app.get("/api/v1/complaints", &expired).await.status(), 401);
    // A channel token without its channel.
    let claims =
        json!({"sub": "x", "role": "channel", "exp": 4_000_000_000i64, "iat": 0, "iss": "lvyue", "aud": "lvyue-api"});
    let no_channel =
        encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(SECRET.as_bytes())).unwrap();
    assert_eq!(app.get("/api/v1/complaints", &no_channel).await.status(), 401);
    // Health, docs and metadata need none.
    for open in ["/healthz", "/readyz", "/api/v1/meta/enums", "/api-docs/openapi.json", "/docs/"] {
        let r = app.client.get(app.url(open)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{open}");
    }
}

#[tokio::test]
async fn one_channel_cannot_see_anothers_case() {
    let app = spawn_app().await;
    let (_, case) = app.push("hotline_12345", &lead("X-1")).await;
    let id = case["id"].as_str().unwrap();
    let petition = app.channel_token("petition");
    assert_eq!(app.get(&format!("/api/v1/complaints/{id}"), &petition).await.status(), 404);
    assert_eq!(app.get(&format!("/api/v1/complaints/{id}/timeline"), &petition).await.status(), 404);
    assert_eq!(app.get("/api/v1/channels/hotline_12345/complaints/X-1", &petition).await.status(), 404);
    let (_, list) = app.get_json("/api/v1/complaints", &petition).await;
    assert!(list["complaints"].as_array().unwrap().is_empty());
    // An unknown id answers the same as an invisible one.
    assert_eq!(app.get("/api/v1/complaints/nope", &petition).await.status(), 404);
}

#[tokio::test]
async fn departments_see_only_what_they_handle_and_checkers_see_no_cases() {
    let app = spawn_app().await;
    let (_, case) = app.push("hotline_12345", &lead("X-2")).await;
    let id = case["id"].as_str().unwrap();
    assert_eq!(app.get(&format!("/api/v1/complaints/{id}"), &app.department_token(HUAIYUAN_GOV)).await.status(), 200);
    assert_eq!(app.get(&format!("/api/v1/complaints/{id}"), &app.department_token(WUHE_GOV)).await.status(), 404);
    let checker = app.token(lvyue_core::Role::SanctionChecker, None, None);
    assert_eq!(app.get("/api/v1/complaints", &checker).await.status(), 403);
    // Only channels push.
    let (status, _) = app.post_json("/api/v1/complaints", &app.admin_token(), &lead("X-3")).await;
    assert_eq!(status, 403);
    // A department token whose organisation is not registered.
    let stranger = app.token(lvyue_core::Role::Department, Some("91110000802100433B"), None);
    assert_eq!(app.get("/api/v1/complaints", &stranger).await.status(), 403);
    // An inactive or unknown channel cannot push.
    let (status, _) = app.push("no_such_channel", &lead("X-4")).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn tokens_of_an_external_identity_provider_are_accepted_when_configured() {
    let key_path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/idp-test.pem");
    let app = spawn_app_with(&[
        ("LVYUE_JWT_PUBLIC_KEYS", key_path),
        ("LVYUE_JWT_ISSUER", "https://idp.example.gov.cn"),
        ("LVYUE_JWT_AUDIENCE", "lvyue"),
    ])
    .await;
    let private = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/idp-test-private.pem")).unwrap();
    let key = EncodingKey::from_rsa_pem(&private).unwrap();
    let sign = |iss: &str, aud: &str| {
        let claims = json!({"sub": "u1", "role": "auditor", "exp": 4_000_000_000i64, "iat": 0, "iss": iss, "aud": aud});
        encode(&Header::new(Algorithm::RS256), &claims, &key).unwrap()
    };
    assert_eq!(app.get("/api/v1/complaints", &sign("https://idp.example.gov.cn", "lvyue")).await.status(), 200);
    assert_eq!(app.get("/api/v1/complaints", &sign("https://evil.example", "lvyue")).await.status(), 401);
    assert_eq!(app.get("/api/v1/complaints", &sign("https://idp.example.gov.cn", "other")).await.status(), 401);
}
