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
    let now = chrono::Utc::now().timestamp();
    let sign_claims = |claims: serde_json::Value| encode(&Header::new(Algorithm::RS256), &claims, &key).unwrap();
    let sign = |iss: &str, aud: serde_json::Value| {
        sign_claims(json!({"sub": "u1", "role": "auditor", "exp": now + 3600, "iat": now, "iss": iss, "aud": aud}))
    };
    let idp = "https://idp.example.gov.cn";
    assert_eq!(app.get("/api/v1/complaints", &sign(idp, json!("lvyue"))).await.status(), 200);
    assert_eq!(app.get("/api/v1/complaints", &sign("https://evil.example", json!("lvyue"))).await.status(), 401);
    assert_eq!(app.get("/api/v1/complaints", &sign(idp, json!("other"))).await.status(), 401);
    // Issue 17.5: an audience list, as many identity providers send it.
    assert_eq!(app.get("/api/v1/complaints", &sign(idp, json!(["portal", "lvyue"]))).await.status(), 200);
    assert_eq!(app.get("/api/v1/complaints", &sign(idp, json!(["portal", "other"]))).await.status(), 401);
    // Not before: refused until then (30 s of leeway).
    let later = sign_claims(
        json!({"sub": "u1", "role": "auditor", "exp": now + 7200, "iat": now, "nbf": now + 600, "iss": idp, "aud": "lvyue"}),
    );
    assert_eq!(app.get("/api/v1/complaints", &later).await.status(), 401);
    // No token lives longer than LVYUE_MAX_TOKEN_TTL (a day by default).
    let forever = sign_claims(
        json!({"sub": "u1", "role": "auditor", "exp": now + 400 * 86_400, "iat": now, "iss": idp, "aud": "lvyue"}),
    );
    let r = app.get("/api/v1/complaints", &forever).await;
    assert_eq!(r.status(), 401);
    let problem: serde_json::Value = r.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("86400"), "{problem}");
}

/// Issue 17.5: lvyue's own tokens honour `nbf` and the maximum lifetime too, and the CLI
/// will not sign a token the server would refuse.
#[tokio::test]
async fn lvyue_tokens_have_a_maximum_lifetime_and_a_start() {
    let app = spawn_app().await;
    let now = chrono::Utc::now().timestamp();
    let key = EncodingKey::from_secret(SECRET.as_bytes());
    let sign = |claims: serde_json::Value| encode(&Header::new(Algorithm::HS256), &claims, &key).unwrap();
    let base = json!({"sub": "a", "role": "admin", "iss": "lvyue", "aud": "lvyue-api", "iat": now});
    let with = |extra: serde_json::Value| {
        let mut c = base.clone();
        c.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        sign(c)
    };
    assert_eq!(app.get("/api/v1/audit-log", &with(json!({"exp": now + 3600}))).await.status(), 200);
    assert_eq!(app.get("/api/v1/audit-log", &with(json!({"exp": now + 3600, "nbf": now + 600}))).await.status(), 401);
    assert_eq!(app.get("/api/v1/audit-log", &with(json!({"exp": now + 100_000 * 86_400}))).await.status(), 401);
    let err = lvyue::cli::token::run(&app.config, "admin", None, None, "100000d", None).unwrap_err().to_string();
    assert!(err.contains("maximum lifetime"), "{err}");
    assert!(lvyue::cli::token::run(&app.config, "admin", None, None, "8h", None).is_ok());
}
