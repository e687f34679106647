//! Bad input is answered 4xx with a problem naming the field — never a 500.

use crate::helpers::*;
use serde_json::json;

#[tokio::test]
async fn a_wrong_check_character_is_422_naming_the_field() {
    let app = spawn_app().await;
    let mut l = lead("V-1");
    l["complainant"]["uscc"] = json!("91350100M000100Y44");
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .bearer_auth(app.channel_token("hotline_12345"))
        .header("accept-language", "en")
        .json(&l)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let request_id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["request_id"], request_id.as_str());
    insta::assert_json_snapshot!("wrong_check_character", problem, { ".request_id" => "[request-id]" });
}

#[tokio::test]
async fn every_invalid_field_is_reported_at_once_in_chinese_by_default() {
    let app = spawn_app().await;
    let mut l = lead("V-2");
    l["respondent"]["region_code"] = json!("99999");
    l["summary"] = json!("");
    l["arrears_fen"] = json!(-5);
    l["attachments"][0]["url"] = json!("not a url");
    l["complainant"]["contact_phone"] = json!("call me");
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(
        fields,
        ["arrears_fen", "attachments[0].url", "complainant.contact_phone", "respondent.region_code", "summary"]
    );
    assert_eq!(problem["title"], "请求内容校验未通过");
}

#[tokio::test]
async fn shapes_that_do_not_deserialise_name_their_path() {
    let app = spawn_app().await;
    let mut l = lead("V-3");
    l["field"] = json!("space_programme");
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "field");
    assert_eq!(problem["errors"][0]["code"], "unknown_code");

    let mut l = lead("V-4");
    l["contract"]["amount_fen"] = json!(12.5);
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "contract.amount_fen");

    let mut l = lead("V-5");
    l["respondent"].as_object_mut().unwrap().remove("name");
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "respondent.name");
    assert_eq!(problem["errors"][0]["code"], "required");

    let mut l = lead("V-6");
    l["received_at"] = json!("2026-11-20 10:00");
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "received_at");

    let mut l = lead("V-7");
    l["received_at"] = json!("2027-01-01T00:00:00+08:00");
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["code"], "in_future");
}

#[tokio::test]
async fn an_oversize_body_is_413() {
    let app = spawn_app_with(&[("LVYUE_MAX_BODY_BYTES", "4096")]).await;
    let mut l = lead("V-8");
    l["description"] = json!("长".repeat(3000));
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 413);
    assert_eq!(problem["type"], "/problems/payload-too-large");
    // Streamed without a Content-Length, the limit still holds.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(vec![b' '; 3000]), Ok(vec![b' '; 3000])];
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .bearer_auth(app.channel_token("hotline_12345"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415_or_400() {
    let app = spawn_app().await;
    let token = app.channel_token("hotline_12345");
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body(lead("V-9").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let r = app
        .client
        .post(app.url("/api/v1/complaints"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"external_id\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/malformed-request");
}

#[tokio::test]
async fn no_endpoint_answers_500_to_junk() {
    let app = spawn_app().await;
    let tokens = [app.channel_token("hotline_12345"), app.admin_token(), app.credit_office_token()];
    let bodies = [
        "",
        "null",
        "[]",
        "{}",
        "\"x\"",
        "123",
        "{\"version\": \"one\"}",
        "{\"external_id\": null}",
        "{\"a\": {\"b\": {\"c\": [[[[]]]]}}}",
        "\u{0}",
        "{\"version\": 99999999999999999999}",
        "{\"organisations\": [{}]}",
        "{\"organisations\": \"x\"}",
    ];
    let paths = [
        "/api/v1/complaints",
        "/api/v1/complaints/does-not-exist/actions/assign",
        "/api/v1/organisations",
        "/api/v1/organisations/import",
        "/api/v1/channels",
    ];
    for path in paths {
        for body in bodies {
            for token in &tokens {
                let r = app
                    .client
                    .post(app.url(path))
                    .bearer_auth(token)
                    .header("content-type", "application/json")
                    .body(body.to_owned())
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().as_u16() < 500, "{path} {body:?} → {}", r.status());
            }
        }
    }
    for path in [
        "/api/v1/complaints?received_from=yesterday",
        "/api/v1/complaints?limit=abc",
        "/api/v1/complaints/%FF%FE",
        "/api/v1/events?after=!!",
        "/api/v1/organisations?region_code=x",
        "/api/v1/organisations?level=galaxy",
        "/api/v1/channels/x/complaints/y",
        "/api/v1/nothing-here",
    ] {
        let r = app.get(path, &tokens[1]).await;
        assert!(r.status().as_u16() < 500, "{path} → {}", r.status());
        assert_eq!(r.headers()["content-type"], "application/problem+json", "{path}");
    }
}

#[tokio::test]
async fn nul_characters_and_impossible_dates_are_refused_not_stored() {
    let app = spawn_app().await;
    let mut l = lead("Z-1");
    l["summary"] = json!("a\u{0}b");
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "summary");
    assert_eq!(problem["errors"][0]["code"], "invalid_character");
    let mut l = lead("Z-2");
    l["attachments"][0]["name"] = json!("\u{0}");
    let (_, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(problem["errors"][0]["field"], "attachments[0].name");

    let admin = app.admin_token();
    for path in ["/api/v1/complaints/%00", "/api/v1/complaints?channel=%00", "/api/v1/organisations?q=a%00b"] {
        let r = app.get(path, &admin).await;
        assert_eq!(r.status(), 400, "{path}");
    }

    let mut l = lead("Z-3");
    l["received_at"] = json!("0001-01-01T00:00:00+08:00");
    l["contract"]["signed_on"] = json!("0002-02-02");
    let (status, problem) = app.push("hotline_12345", &l).await;
    assert_eq!(status, 422, "{problem}");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["contract.signed_on", "received_at"]);
}
