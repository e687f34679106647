//! Typed event contracts: every event type names its payload in the served document (the
//! feed's `data` discriminated by `type`), each type's payload schema is pinned by a
//! snapshot, and an event a consumer cannot read stops that consumer in a dead letter an
//! admin reads and retries — it is never passed over.

use crate::helpers::*;
use crate::repair::determined;
use serde_json::{json, Value};
use std::collections::BTreeMap;

async fn served_spec(app: &TestApp) -> Value {
    app.client.get(app.url("/api-docs/openapi.json")).send().await.unwrap().json().await.unwrap()
}

/// Every component `schema` refers to, directly or through others, added to `out`.
fn referenced(schemas: &Value, schema: &Value, out: &mut BTreeMap<String, Value>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
                if !out.contains_key(name) {
                    out.insert(name.to_owned(), schemas[name].clone());
                    referenced(schemas, &schemas[name], out);
                }
            }
            for v in map.values() {
                referenced(schemas, v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| referenced(schemas, v, out)),
        _ => {}
    }
}

fn schema_name(reference: &Value) -> String {
    reference["$ref"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn every_event_type_has_one_documented_payload_pinned_by_a_snapshot() {
    let app = spawn_app().await;
    let spec = served_spec(&app).await;
    let schemas = &spec["components"]["schemas"];
    let feed = &schemas["FeedEvent"];
    assert_eq!(feed["discriminator"]["propertyName"], "type");
    assert_eq!(schema_name(&schemas["EventPage"]["properties"]["events"]["items"]), "FeedEvent");
    let mapping = feed["discriminator"]["mapping"].as_object().unwrap();
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut payloads: BTreeMap<String, Value> = BTreeMap::new();
    for (event_type, envelope) in mapping {
        let envelope = envelope.as_str().unwrap().rsplit('/').next().unwrap();
        let typed = &schemas[envelope]["allOf"][1];
        let listed: Vec<&str> =
            typed["properties"]["type"]["enum"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        assert!(listed.contains(&event_type.as_str()), "{envelope} lists {event_type}");
        let payload = schema_name(&typed["properties"]["data"]);
        referenced(schemas, &typed["properties"]["data"], &mut payloads);
        types.insert(event_type.clone(), payload);
    }
    assert!(types.len() >= 40, "every event type: {}", types.len());
    assert_eq!(types["complaint.determined"], "ComplaintDetermined");
    assert_eq!(types["credit_record.created"], "RecordEvent");
    // Each payload with everything it refers to: a change anywhere in what a consumer reads
    // shows in the snapshot.
    insta::assert_json_snapshot!("event_payloads", json!({ "types": types, "schemas": payloads }));
}

#[tokio::test]
async fn the_events_of_a_case_its_record_and_its_measures_match_their_contracts() {
    let app = spawn_app().await;
    determined(&app, "EC-1", "general", None).await;
    let (_, second) = app.push("petition", &lead("EC-2")).await; // a possible duplicate from another channel
    let office = app.credit_office_token();
    app.step(&second, "urge", &office, json!({"note": "请尽快处理"})).await;
    app.drain_consumers().await;
    // `all_events` checks each event against the contract of its type.
    let events = app.all_events(&app.admin_token()).await;
    let seen: std::collections::BTreeSet<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    for t in [
        "complaint.received",
        "complaint.assigned",
        "complaint.accepted",
        "complaint.concluded_substantiated",
        "complaint.determined",
        "complaint.possible_duplicate",
        "complaint.urged",
        "credit_record.created",
        "sanction.in_force",
    ] {
        assert!(seen.contains(t), "{t} in {seen:?}");
    }
    // And a payload that breaks it is refused by the same check.
    let mut broken = events.iter().find(|e| e["type"] == "complaint.determined").unwrap().clone();
    broken["data"]["determination"]["grade"] = json!("catastrophic");
    let outcome = std::panic::catch_unwind(|| assert_matches_its_contract(&broken));
    assert!(outcome.is_err(), "a grade outside the code list breaks the contract");
}

/// Replaces the stored body of event `event_id` (a producer that drifted, or a fix of one).
async fn set_event_body(app: &TestApp, event_id: &str, body: String) {
    use diesel::prelude::*;
    use lvyue_db::schema::events;
    let pool = app.app_state.write_pool.clone();
    let event_id = event_id.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        diesel::update(events::table.filter(events::event_id.eq(event_id)))
            .set(events::data.eq(body))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
}

/// The first stored event of `event_type`: its id and body.
async fn stored(app: &TestApp, event_type: &'static str) -> (String, String) {
    use diesel::prelude::*;
    use lvyue_db::schema::events;
    let pool = app.app_state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        events::table
            .filter(events::event_type.eq(event_type))
            .order_by(events::id)
            .select((events::event_id, events::data))
            .first(&mut *conn)
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn an_unreadable_event_stops_its_consumer_in_a_dead_letter_until_an_admin_retries() {
    let app = spawn_app().await;
    let first = determined(&app, "DL-1", "general", None).await;
    let (event_id, good) = stored(&app, "complaint.determined").await;
    set_event_body(&app, &event_id, r#"{"determination":{"id":42}}"#.to_owned()).await;
    app.drain_consumers().await;

    let admin = app.admin_token();
    let (status, letters) = app.get_json("/api/v1/admin/dead-letters", &admin).await;
    assert_eq!(status, 200, "{letters}");
    let letters = letters.as_array().unwrap().clone();
    // Every consumer that reads the event stops on it: the credit record's, and oversight's.
    let mut consumers: Vec<&str> = letters.iter().map(|l| l["consumer"].as_str().unwrap()).collect();
    consumers.sort_unstable();
    assert_eq!(consumers, ["credit_record.from_case", "oversight.case_facts"], "{letters:?}");
    let letter = letters.iter().find(|l| l["consumer"] == "credit_record.from_case").unwrap();
    assert_eq!(
        (letter["consumer"].as_str(), letter["event_type"].as_str(), letter["status"].as_str()),
        (Some("credit_record.from_case"), Some("complaint.determined"), Some("open"))
    );
    assert_eq!(letter["event_id"], event_id.as_str());
    assert!(!letter["error"].as_str().unwrap().is_empty());
    let (status, _) = app.get_json("/api/v1/admin/dead-letters", &app.auditor_token()).await;
    assert_eq!(status, 403, "admins only");

    // Nothing behind it is handled: a later determination waits too.
    let second = determined(&app, "DL-2", "general", None).await;
    app.drain_consumers().await;
    for case in [&first, &second] {
        let id = case["id"].as_str().unwrap();
        let (_, page) = app.get_json(&format!("/api/v1/credit-records?complaint_id={id}"), &admin).await;
        assert_eq!(page["records"].as_array().unwrap().len(), 0, "no record while stopped");
    }

    // Fixed and retried, the consumer reads it and goes on.
    set_event_body(&app, &event_id, good).await;
    let id = letter["id"].as_str().unwrap();
    let (status, _) =
        app.post_json(&format!("/api/v1/admin/dead-letters/{id}/retry"), &app.auditor_token(), &json!({})).await;
    assert_eq!(status, 403);
    for l in &letters {
        let path = format!("/api/v1/admin/dead-letters/{}/retry", l["id"].as_str().unwrap());
        let (status, retrying) = app.post_json(&path, &admin, &json!({})).await;
        assert_eq!((status, retrying["status"].as_str()), (200, Some("retrying")), "{retrying}");
    }
    app.drain_consumers().await;
    let (_, letters) = app.get_json("/api/v1/admin/dead-letters", &admin).await;
    for l in letters.as_array().unwrap() {
        assert_eq!((l["status"].as_str(), l["attempts"].as_i64()), (Some("resolved"), Some(2)), "{l}");
    }
    for case in [&first, &second] {
        crate::repair::record_of(&app, case).await;
    }
    let (status, problem) = app.post_json(&format!("/api/v1/admin/dead-letters/{id}/retry"), &admin, &json!({})).await;
    assert_eq!((status, problem["code"].as_str()), (409, Some("already_resolved")));
    let (status, _) = app
        .post_json("/api/v1/admin/dead-letters/0190a0a0-0000-7000-8000-000000000000/retry", &admin, &json!({}))
        .await;
    assert_eq!(status, 404);
    let (_, trail) = app.get_json(&format!("/api/v1/audit-log?entity_type=dead_letter&entity_id={id}"), &admin).await;
    assert_eq!(trail["entries"][0]["action"], "dead_letter.retry");
}
