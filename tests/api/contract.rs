//! The API contract as a generated client sees it: the served spec against the code lists,
//! the documents' request bodies against the spec, the answers the shared layers give, and the
//! headers browsers need.

use crate::helpers::{lead, spawn_app, spawn_app_with};
use lvyue_core::CaseAction;
use regex::Regex;
use serde_json::{json, Value};
use std::collections::BTreeSet;

async fn served_spec(app: &crate::helpers::TestApp) -> Value {
    app.client.get(app.url("/api-docs/openapi.json")).send().await.unwrap().json().await.unwrap()
}

/// Which code list of `/api/v1/meta/enums` each code schema of the spec is.
const LISTS: &[(&str, &str)] = &[
    ("Field", "fields"),
    ("CaseStatus", "case_statuses"),
    ("Resolution", "resolutions"),
    ("OrgLevel", "org_levels"),
    ("OrgKind", "org_kinds"),
    ("Role", "roles"),
    ("CaseAction", "case_actions"),
    ("NextStep", "next_steps"),
    ("Grade", "grades"),
    ("BreachCategory", "breach_categories"),
    ("DisputeRoute", "dispute_routes"),
    ("ContactMethod", "contact_methods"),
    ("RulingOutcome", "ruling_outcomes"),
    ("Performance", "performances"),
    ("ExtensionDecision", "extension_decisions"),
    ("RecordKind", "record_kinds"),
    ("RecordStatus", "record_statuses"),
    ("RecordVisibility", "record_visibilities"),
    ("Benefit", "benefits"),
    ("Binds", "sanction_binds"),
    ("ImplementerKind", "implementer_kinds"),
    ("RepairStatus", "repair_statuses"),
    ("RepairDecision", "repair_decisions"),
    ("ObjectionStatus", "objection_statuses"),
    ("ObjectionDecision", "objection_decisions"),
    ("EarlyRemedyKind", "early_remedy_kinds"),
    ("SanctionStatus", "sanction_statuses"),
    ("GroupBy", "statistics_groupings"),
    ("FigureFormat", "figure_formats"),
    ("AssessedUnit", "assessed_units"),
    ("AssessmentMetric", "assessment_metrics"),
    ("Direction", "metric_directions"),
    ("AssessmentStatus", "assessment_statuses"),
    ("CircularKind", "circular_kinds"),
    ("CircularStatus", "circular_statuses"),
    ("TypicalCaseStatus", "typical_case_statuses"),
    ("ContractKind", "contract_kinds"),
    ("ContractStatus", "contract_statuses"),
    ("ContractEntryKind", "contract_entry_kinds"),
    ("RiskKind", "risk_kinds"),
    ("ContractAction", "contract_actions"),
    ("CommitmentKind", "commitment_kinds"),
    ("CommitmentSource", "commitment_sources"),
    ("CommitmentStatus", "commitment_statuses"),
    ("CommitmentAction", "commitment_actions"),
    ("WarningKind", "warning_kinds"),
    ("ListRowOutcome", "list_row_outcomes"),
    ("LedgerItemSource", "ledger_item_sources"),
    ("LedgerItemCategory", "ledger_item_categories"),
    ("LedgerItemStatus", "ledger_item_statuses"),
    ("LedgerItemAction", "ledger_item_actions"),
    ("LedgerEntryKind", "ledger_entry_kinds"),
    ("SubmissionKind", "campaign_submission_kinds"),
    ("LedgerExportFormat", "ledger_export_formats"),
    ("ContractExportFormat", "contract_export_formats"),
    ("WarningStatus", "warning_statuses"),
    ("TypicalCaseAction", "typical_case_actions"),
    ("WithdrawalReason", "withdrawal_reasons"),
    ("OpinionPosition", "opinion_positions"),
    ("DeliveryStatus", "delivery_statuses"),
    ("DeadLetterStatus", "dead_letter_statuses"),
    ("ExportFormat", "export_formats"),
    ("RowOutcome", "import_row_outcomes"),
];

fn codes(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_owned()).collect()
}

fn enum_values(schema: &Value) -> Vec<String> {
    schema["enum"].as_array().unwrap().iter().map(|v| v.as_str().expect("code enums are strings").to_owned()).collect()
}

/// Every `enum` anywhere in `v`, with where it is.
fn all_enums<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) => {
            if map.get("enum").is_some_and(Value::is_array) {
                out.push((at.clone(), v));
            }
            for (k, item) in map {
                all_enums(item, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                all_enums(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_code_enum_in_the_spec_is_exactly_its_code_list() {
    let app = spawn_app().await;
    let spec = served_spec(&app).await;
    let (status, meta) = app.get_json("/api/v1/meta/enums", "").await;
    assert_eq!(status, 200);
    let lists: Vec<Vec<String>> = meta.as_object().unwrap().values().map(codes).collect();

    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        if schema.get("enum").is_none() {
            continue;
        }
        let key = LISTS.iter().find(|(n, _)| n == name).map(|(_, k)| *k);
        let key = key.unwrap_or_else(|| panic!("the spec's enum {name} is no code list of /api/v1/meta/enums"));
        assert_eq!(enum_values(schema), codes(&meta[key]), "{name} against meta's {key}");
    }
    let mut found = Vec::new();
    all_enums(&spec["paths"], "#/paths".into(), &mut found);
    assert!(found.len() >= 10, "the code parameters are enums");
    for (at, schema) in found {
        let values = enum_values(schema);
        assert!(lists.contains(&values), "{at}: {values:?} is no code list of /api/v1/meta/enums");
    }
    // Spot checks a generated client depends on.
    assert_eq!(enum_values(&spec["components"]["schemas"]["Grade"]), ["minor", "general", "serious"]);
    let list_status = &spec["paths"]["/api/v1/complaints"]["get"]["parameters"][0];
    assert_eq!(list_status["name"], "status");
    assert_eq!(enum_values(&list_status["schema"]), codes(&meta["case_statuses"]));
}

#[tokio::test]
async fn every_action_is_its_own_operation_with_a_named_body() {
    let app = spawn_app().await;
    let spec = served_spec(&app).await;
    for action in CaseAction::ALL {
        let path = format!("/api/v1/complaints/{{id}}/actions/{}", action.code());
        let op = &spec["paths"][&path]["post"];
        let body = &op["requestBody"]["content"]["application/json"];
        let name = body["schema"]["$ref"].as_str().unwrap_or_else(|| panic!("{path} has a named body"));
        let name = name.rsplit('/').next().unwrap();
        assert!(name.ends_with("Action"), "{name}");
        assert!(spec["components"]["schemas"][name].is_object(), "{name} is in the components");
        assert!(body["example"].is_object(), "{path} has an example");
        for status in ["200", "400", "401", "403", "404", "409", "413", "415", "422", "503"] {
            assert!(op["responses"][status].is_object(), "{path} documents {status}");
        }
    }
    assert!(spec["paths"]["/api/v1/complaints/{id}/actions/{action}"].is_null());
}

#[tokio::test]
async fn each_actions_documented_example_is_accepted_as_sent() {
    // A case walked through the actions whose examples fit one after the other: each example
    // is sent as the document shows it, with only the version taken from the case.
    let app = spawn_app().await;
    let (status, case) = app.push("hotline_12345", &lead("EX-1")).await;
    assert_eq!(status, 201);
    let department = app.department_token(crate::helpers::HUAIYUAN_GOV);
    let office = app.credit_office_token();
    let mut case = case;
    for (action, token) in [
        (CaseAction::Accept, &department),
        (CaseAction::Urge, &office),
        (CaseAction::RequestExtension, &department),
        (CaseAction::DecideExtension, &office),
        (CaseAction::ConcludeSubstantiated, &department),
        (CaseAction::RecordRefusal, &department),
    ] {
        let mut body = lvyue_verification::input::action_example(action);
        body["version"] = case["version"].clone();
        let (status, after) = app.act(&case, action.code(), token, body).await;
        assert_eq!(status, 200, "{}: {after}", action.code());
        case = after;
    }
    assert_eq!(case["status"], "determined");
}

/// A curl command's or an `.http` request's method, path and body, from a document.
#[derive(Debug)]
struct DocRequest {
    source: String,
    method: String,
    path: String,
    body: String,
}

fn doc_requests() -> Vec<DocRequest> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = vec![format!("{root}/README.md")];
    for entry in std::fs::read_dir(format!("{root}/docs")).unwrap() {
        let path = entry.unwrap().path();
        if matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "http")) {
            files.push(path.display().to_string());
        }
    }
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.rsplit('/').next().unwrap().to_owned();
        if file.ends_with(".http") {
            http_requests(&name, &text, &mut out);
        } else {
            curl_requests(&name, &text, &mut out);
        }
    }
    out
}

fn api_path(s: &str) -> Option<String> {
    let start = s.find("/api/v1/")?;
    Some(s[start..].split([' ', '\'', '"', '?', '\n']).next().unwrap().to_owned())
}

fn curl_requests(name: &str, text: &str, out: &mut Vec<DocRequest>) {
    let explicit_method = Regex::new(r"-X\s+([A-Z]+)").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].contains("curl ") || lines[i].trim_start().starts_with('#') {
            i += 1;
            continue;
        }
        let first = i;
        let mut command = String::new();
        loop {
            command.push_str(lines[i]);
            command.push('\n');
            let open_quote =
                command.matches("-d '").count() > 0 && command.split("-d '").nth(1).is_some_and(|b| !b.contains('\''));
            if !(lines[i].trim_end().ends_with('\\') || open_quote) || i + 1 >= lines.len() {
                break;
            }
            i += 1;
        }
        let body = if let Some(b) = command.split("-d '").nth(1) {
            Some(b.split('\'').next().unwrap().to_owned())
        } else if command.contains("<<EOF") || command.contains("<<'EOF'") {
            let mut body = String::new();
            i += 1;
            while i < lines.len() && lines[i].trim() != "EOF" {
                body.push_str(lines[i]);
                body.push('\n');
                i += 1;
            }
            Some(body)
        } else {
            None
        };
        i += 1;
        let (Some(body), Some(path)) = (body, api_path(&command)) else { continue };
        let method = explicit_method.captures(&command).map(|c| c[1].to_owned());
        out.push(DocRequest {
            source: format!("{name}:{}", first + 1),
            method: method.unwrap_or("POST".into()),
            path,
            body,
        });
    }
}

fn http_requests(name: &str, text: &str, out: &mut Vec<DocRequest>) {
    let start = Regex::new(r"^(GET|POST|PUT|PATCH|DELETE) (\S+)").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let Some(c) = start.captures(lines[i]) else {
            i += 1;
            continue;
        };
        let (first, method, url) = (i, c[1].to_owned(), c[2].to_owned());
        i += 1;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1; // headers
        }
        let mut body = String::new();
        while i < lines.len()
            && !lines[i].starts_with("###")
            && !lines[i].starts_with("??")
            && !start.is_match(lines[i])
        {
            body.push_str(lines[i]);
            body.push('\n');
            i += 1;
        }
        if let (false, Some(path)) = (body.trim().is_empty(), api_path(&url)) {
            out.push(DocRequest { source: format!("{name}:{}", first + 1), method, path, body });
        }
    }
}

/// Shell and httpyac substitutions replaced by plausible values, so the body is JSON.
fn substituted(body: &str) -> String {
    let when = Regex::new(r#""(\w+)":\s*"(\$\([^()]*(?:\([^()]*\)[^()]*)*\)|\{\{[^}]*\}\})""#).unwrap();
    let body = when.replace_all(body, |c: &regex::Captures| {
        let value = if c[1].ends_with("_at") { "2026-12-01T10:00:00+08:00" } else { "2026-12-10" };
        let value =
            if c[1].ends_with("_on") || c[1].ends_with("deadline") || c[1] == *"until" { "2026-12-10" } else { value };
        let value =
            if c[1].ends_with("_id") || c[1] == *"into" { "0193a5c2-7e5b-7c3d-9f1e-2b4c6d8e0a1f" } else { value };
        format!("\"{}\": \"{value}\"", &c[1])
    });
    let quoted = Regex::new(r#""(\$\{?\w+\}?|\{\{[^}]*\}\})""#).unwrap();
    let body = quoted.replace_all(&body, "\"0193a5c2-7e5b-7c3d-9f1e-2b4c6d8e0a1f\"");
    let bare = Regex::new(r"(\$\{?\w+\}?|\{\{[^}]*\}\})").unwrap();
    bare.replace_all(&body, "1").into_owned()
}

/// The spec's operation for a concrete path (`/api/v1/complaints/123/actions/accept`).
fn operation<'a>(spec: &'a Value, method: &str, path: &str) -> Option<&'a Value> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    spec["paths"].as_object()?.iter().find_map(|(template, item)| {
        let t: Vec<&str> = template.split('/').collect();
        let fits = t.len() == segments.len()
            && t.iter()
                .zip(&segments)
                .all(|(a, b)| a.starts_with('{') || a == b || b.starts_with('$') || b.starts_with("{{"));
        fits.then(|| &item[method.to_ascii_lowercase()]).filter(|op| op.is_object())
    })
}

fn validator_for(spec: &Value, op_pointer: &str) -> jsonschema::Validator {
    let mut root = spec.clone();
    root.as_object_mut().unwrap().insert("$ref".into(), json!(op_pointer));
    jsonschema::draft202012::new(&root).expect("the spec's schema compiles")
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1").replace('{', "%7B").replace('}', "%7D")
}

#[tokio::test]
async fn the_readme_and_every_request_example_in_docs_validate_against_the_spec() {
    let app = spawn_app().await;
    let spec = served_spec(&app).await;
    let requests = doc_requests();
    assert!(requests.len() >= 15, "found the documents' requests: {requests:#?}");
    assert!(requests.iter().any(|r| r.source.starts_with("README.md") && r.path == "/api/v1/complaints"));
    let mut checked = BTreeSet::new();
    for r in &requests {
        let op = operation(&spec, &r.method, &r.path)
            .unwrap_or_else(|| panic!("{}: {} {} is no operation of the spec", r.source, r.method, r.path));
        let Some(content) = op["requestBody"]["content"]["application/json"].as_object() else { continue };
        assert!(content.contains_key("schema"));
        let body: Value = serde_json::from_str(&substituted(&r.body))
            .unwrap_or_else(|e| panic!("{}: the body is not JSON ({e}):\n{}", r.source, r.body));
        let template = spec["paths"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(_, item)| std::ptr::eq(&item[r.method.to_ascii_lowercase()], op))
            .unwrap()
            .0;
        let pointer = format!(
            "#/paths/{}/{}/requestBody/content/application~1json/schema",
            pointer_escape(template),
            r.method.to_ascii_lowercase()
        );
        let validator = validator_for(&spec, &pointer);
        let errors: Vec<String> =
            validator.iter_errors(&body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(
            errors.is_empty(),
            "{}: {} {} does not validate against the spec:\n{}\n{body:#}",
            r.source,
            r.method,
            r.path,
            errors.join("\n")
        );
        checked.insert(r.source.clone());
    }
    assert!(checked.len() >= 15, "validated {checked:?}");
}

#[tokio::test]
async fn every_documented_body_example_validates_against_its_schema() {
    let app = spawn_app().await;
    let spec = served_spec(&app).await;
    let mut count = 0;
    for (template, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(example) = op["requestBody"]["content"]["application/json"].get("example") else { continue };
            let pointer =
                format!("#/paths/{}/{method}/requestBody/content/application~1json/schema", pointer_escape(template));
            let errors: Vec<String> =
                validator_for(&spec, &pointer).iter_errors(example).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{method} {template}: its example does not validate: {errors:?}");
            count += 1;
        }
    }
    assert!(count >= CaseAction::ALL.len());
}

#[tokio::test]
async fn missing_required_fields_are_reported_at_once_and_unknown_codes_list_the_codes() {
    let app = spawn_app().await;
    let token = app.channel_token("hotline_12345");
    let (status, problem) = app.post_json("/api/v1/complaints", &token, &json!({"complainant": {}})).await;
    assert_eq!(status, 422, "{problem}");
    let fields: BTreeSet<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for f in ["external_id", "received_at", "complainant.name", "respondent", "field", "summary"] {
        assert!(fields.contains(f), "{f} missing from {fields:?}");
    }
    // An action's body: the common fields and the action's own, all at once.
    let (_, case) = app.push("hotline_12345", &lead("MISSING-1")).await;
    let department = app.department_token(crate::helpers::HUAIYUAN_GOV);
    let path = format!("/api/v1/complaints/{}/actions/record_refusal", case["id"].as_str().unwrap());
    let (status, problem) = app.post_json(&path, &department, &json!({"note": 5})).await;
    assert_eq!(status, 422, "{problem}");
    let fields: BTreeSet<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains("version") && fields.contains("determination") && fields.contains("note"), "{fields:?}");

    let mut body = lead("CODES-1");
    body["field"] = json!("GovernmentProcurement");
    let (status, problem) = app.post_json("/api/v1/complaints", &token, &body).await;
    assert_eq!(status, 422);
    let error = &problem["errors"][0];
    assert_eq!((error["field"].as_str(), error["code"].as_str()), (Some("field"), Some("unknown_code")));
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("government_procurement（政府采购）"), "{message}");
    let text = problem.to_string();
    for rust in ["unknown variant", "Query deserialize", "InvalidSignature", "i32", "i64", "struct "] {
        assert!(!text.contains(rust), "{rust} in {text}");
    }

    let office = app.credit_office_token();
    let (status, problem) = app.get_json("/api/v1/complaints?limit=abc&status=Open", &office).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "limit");
    let (status, problem) = app.get_json("/api/v1/complaints?status=Open", &office).await;
    assert_eq!(status, 422);
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("received"), "{problem}");

    let resp = app
        .client
        .get(app.url("/api/v1/complaints"))
        .header("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let problem: Value = resp.json().await.unwrap();
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.starts_with("invalid token: the signature does not match"), "{detail}");
}

#[tokio::test]
async fn a_front_end_on_a_configured_origin_may_call_and_others_may_not() {
    let app = spawn_app_with(&[("LVYUE_CORS_ORIGINS", "https://portal.example.gov.cn, http://localhost:5173")]).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/complaints"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization, content-type")
            .send()
    };
    let ok = preflight("https://portal.example.gov.cn").await.unwrap();
    assert!(ok.status().is_success(), "{}", ok.status());
    let h = ok.headers();
    assert_eq!(h["access-control-allow-origin"], "https://portal.example.gov.cn");
    let allowed = h["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"), "{allowed}");
    assert!(h["access-control-allow-methods"].to_str().unwrap().contains("POST"));
    assert_eq!(h["x-content-type-options"], "nosniff");

    let refused = preflight("https://evil.example.com").await.unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
    assert!(!refused.status().is_success());

    let token = app.channel_token("hotline_12345");
    let resp = app
        .client
        .post(app.url("/api/v1/complaints"))
        .header("origin", "http://localhost:5173")
        .bearer_auth(&token)
        .json(&lead("CORS-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.headers()["access-control-allow-origin"], "http://localhost:5173");
    let exposed = resp.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(exposed.contains("location") && exposed.contains("x-request-id"), "{exposed}");

    // Without LVYUE_CORS_ORIGINS nothing is allowed: existing deployments are unchanged.
    let plain = spawn_app().await;
    let resp = plain
        .client
        .request(reqwest::Method::OPTIONS, plain.url("/api/v1/complaints"))
        .header("origin", "https://portal.example.gov.cn")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(resp.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn every_answer_says_nosniff_and_the_api_is_not_cached() {
    let app = spawn_app().await;
    let token = app.credit_office_token();
    for (path, no_store) in [
        ("/", false),
        ("/healthz", false),
        ("/api/v1/meta/enums", false),
        ("/api/v1/complaints", true),
        ("/api/v1/no-such-thing", true),
        ("/docs/", false),
    ] {
        let resp = app.client.get(app.url(path)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(resp.headers()["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(resp.headers().get("cache-control").is_some_and(|v| v == "no-store"), no_store, "{path}");
        if path == "/docs/" {
            let csp = resp.headers()["content-security-policy"].to_str().unwrap().to_owned();
            assert!(csp.contains("default-src 'self'"), "{csp}");
            let init =
                app.client.get(app.url("/docs/swagger-initializer.js")).send().await.unwrap().text().await.unwrap();
            assert!(init.contains(r#""validatorUrl": "none""#), "{init}");
        }
    }
    let (status, root) = app.get_json("/", "").await;
    assert_eq!(status, 200);
    assert_eq!((root["docs"].as_str(), root["openapi"].as_str()), (Some("/docs/"), Some("/api-docs/openapi.json")));
}

/// The request body the served spec documents for `method template`, with `version` and the
/// ids it names replaced by the resource's own (`patch`).
fn documented(spec: &Value, method: &str, template: &str, patch: Value) -> Value {
    let mut body = spec["paths"][template][method]["requestBody"]["content"]["application/json"]["example"].clone();
    assert!(body.is_object() || body.is_array(), "{method} {template} documents an example body");
    if let (Some(b), Some(p)) = (body.as_object_mut(), patch.as_object()) {
        b.extend(p.clone());
    }
    body
}

#[tokio::test]
async fn the_documented_registry_and_configuration_bodies_are_accepted_as_sent() {
    // No scheduled jobs: the documented webhook URL is not ours to call.
    let app = spawn_app_with(&[("LVYUE_JOBS", "off")]).await;
    let spec = served_spec(&app).await;
    let admin = app.admin_token();
    let none = json!({});

    let (status, created) = app
        .post_json("/api/v1/organisations", &admin, &documented(&spec, "post", "/api/v1/organisations", json!({})))
        .await;
    assert_eq!(status, 201, "{created}");
    let body = documented(&spec, "put", "/api/v1/organisations/{id}", json!({"version": created["version"]}));
    let (status, replaced) =
        app.put_json(&format!("/api/v1/organisations/{}", created["id"].as_str().unwrap()), &admin, &body).await;
    assert_eq!(status, 200, "{replaced}");
    let body = documented(&spec, "post", "/api/v1/organisations/import", none.clone());
    let (status, report) = app.post_json("/api/v1/organisations/import", &admin, &body).await;
    assert_eq!((status, report["created"].as_i64()), (200, Some(1)), "{report}");

    let (status, channel) =
        app.post_json("/api/v1/channels", &admin, &documented(&spec, "post", "/api/v1/channels", none.clone())).await;
    assert_eq!(status, 201, "{channel}");
    let path = format!("/api/v1/channels/{}", channel["code"].as_str().unwrap());
    let (status, _) =
        app.put_json(&path, &admin, &documented(&spec, "put", "/api/v1/channels/{code}", none.clone())).await;
    assert_eq!(status, 200);

    let (status, year) = app
        .put_json("/api/v1/calendar/2027", &admin, &documented(&spec, "put", "/api/v1/calendar/{year}", none.clone()))
        .await;
    assert_eq!(status, 200, "{year}");

    let body = documented(&spec, "post", "/api/v1/webhook-subscriptions", none.clone());
    let (status, sub) = app.post_json("/api/v1/webhook-subscriptions", &admin, &body).await;
    assert_eq!(status, 201, "{sub}");
    let body = documented(&spec, "patch", "/api/v1/webhook-subscriptions/{id}", json!({"version": sub["version"]}));
    let resp = app
        .client
        .patch(app.url(&format!("/api/v1/webhook-subscriptions/{}", sub["id"].as_str().unwrap())))
        .bearer_auth(&admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    let (_, catalogue) = app.get_json("/api/v1/sanction-measures", &admin).await;
    let awards = catalogue.as_array().unwrap().iter().find(|m| m["code"] == "cancel_awards").unwrap().clone();
    let body = documented(&spec, "put", "/api/v1/sanction-measures/{code}", json!({"version": awards["version"]}));
    let (status, measure) = app.put_json("/api/v1/sanction-measures/cancel_awards", &admin, &body).await;
    assert_eq!(status, 200, "{measure}");

    let checker = app.token(lvyue_core::Role::SanctionChecker, None, None);
    let body = documented(&spec, "post", "/api/v1/sanction-checks", none.clone());
    let (status, answers) = app.post_json("/api/v1/sanction-checks", &checker, &body).await;
    assert_eq!(status, 200, "{answers}");

    let provider = app.provider_token("蚌埠市经济和信息化局");
    let rows = documented(&spec, "post", "/api/v1/credit-records/imports", none);
    let (status, report) =
        app.post_raw("/api/v1/credit-records/imports", &provider, "application/json", rows.to_string()).await;
    assert_eq!((status, report["rows"][0]["outcome"].as_str()), (200, Some("created")), "{report}");
}

#[tokio::test]
async fn the_documented_case_record_and_repair_bodies_are_accepted_as_sent() {
    use crate::repair::{determined, measures, record_of, FAST};
    let app = spawn_app_with(&FAST).await;
    let spec = served_spec(&app).await;
    let channel = app.channel_token("hotline_12345");
    let (status, pushed) = app
        .post_json("/api/v1/complaints", &channel, &documented(&spec, "post", "/api/v1/complaints", json!({})))
        .await;
    assert_eq!(status, 201, "{pushed}");

    let case = determined(&app, "EX-RECORD", "minor", None).await;
    let record = record_of(&app, &case).await;
    let rid = record["id"].as_str().unwrap().to_owned();
    let department = app.department_token(crate::helpers::HUAIYUAN_GOV);
    let subject = app.department_token(crate::helpers::HUAIYUAN_FINANCE);

    // 书面警示 is carried out by the credit office.
    let measure = measures(&app, &rid, "in_force", 1)
        .await
        .into_iter()
        .find(|m| m["measure"] == "written_warning")
        .expect("a written warning");
    let body =
        documented(&spec, "post", "/api/v1/sanctions/{id}/acknowledgement", json!({"version": measure["version"]}));
    let path = format!("/api/v1/sanctions/{}/acknowledgement", measure["id"].as_str().unwrap());
    let (status, acked) = app.post_json(&path, &app.credit_office_token(), &body).await;
    assert_eq!(status, 200, "{acked}");

    let body =
        documented(&spec, "post", "/api/v1/credit-records/{id}/corrections", json!({"version": record["version"]}));
    let (status, corrected) =
        app.post_json(&format!("/api/v1/credit-records/{rid}/corrections"), &department, &body).await;
    assert_eq!(status, 200, "{corrected}");

    let body = documented(&spec, "post", "/api/v1/credit-objections", json!({"record_id": rid}));
    let (status, objection) = app.post_json("/api/v1/credit-objections", &subject, &body).await;
    assert_eq!(status, 201, "{objection}");
    let body =
        documented(&spec, "post", "/api/v1/credit-objections/{id}/decision", json!({"version": objection["version"]}));
    let path = format!("/api/v1/credit-objections/{}/decision", objection["id"].as_str().unwrap());
    let (status, upheld) = app.post_json(&path, &department, &body).await;
    assert_eq!(status, 200, "{upheld}");

    let apply = documented(&spec, "post", "/api/v1/repair-applications", json!({"record_id": rid}));
    let (status, first) = app.post_json("/api/v1/repair-applications", &subject, &apply).await;
    assert_eq!(status, 201, "{first}");
    let first_id = first["id"].as_str().unwrap();
    let body =
        documented(&spec, "post", "/api/v1/repair-applications/{id}/withdrawal", json!({"version": first["version"]}));
    let (status, withdrawn) =
        app.post_json(&format!("/api/v1/repair-applications/{first_id}/withdrawal"), &subject, &body).await;
    assert_eq!((status, withdrawn["status"].as_str()), (200, Some("withdrawn")), "{withdrawn}");

    let (status, second) = app.post_json("/api/v1/repair-applications", &subject, &apply).await;
    assert_eq!(status, 201, "{second}");
    let id = second["id"].as_str().unwrap();
    let decision = format!("/api/v1/repair-applications/{id}/decision");
    let more = json!({"version": second["version"], "decision": "request_more", "note": "请补充银行回单"});
    let (status, waiting) = app.post_json(&decision, &department, &more).await;
    assert_eq!(status, 200, "{waiting}");
    let body = documented(
        &spec,
        "post",
        "/api/v1/repair-applications/{id}/supplement",
        json!({"version": waiting["version"]}),
    );
    let (status, supplemented) =
        app.post_json(&format!("/api/v1/repair-applications/{id}/supplement"), &subject, &body).await;
    assert_eq!(status, 200, "{supplemented}");
    let body = documented(
        &spec,
        "post",
        "/api/v1/repair-applications/{id}/decision",
        json!({"version": supplemented["version"]}),
    );
    let (status, approved) = app.post_json(&decision, &department, &body).await;
    assert_eq!((status, approved["status"].as_str()), (200, Some("approved")), "{approved}");
}

#[tokio::test]
async fn every_operation_with_a_body_documents_an_example() {
    let app = spawn_app().await;
    let spec = served_spec(&app).await;
    for (template, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(content) = op["requestBody"]["content"].as_object() {
                assert!(
                    content.values().any(|c| c.get("example").is_some()),
                    "{method} {template} has no example body"
                );
            }
        }
    }
}
