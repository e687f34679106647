//! The checked-in OpenAPI document matches the code.

#[test]
fn the_checked_in_openapi_document_is_current() {
    let generated = serde_json::to_string_pretty(&lvyue::api::openapi()).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");
    if std::env::var("LVYUE_UPDATE_OPENAPI").is_ok() {
        std::fs::write(path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(checked_in == generated, "openapi/openapi.json is out of date: run `make openapi` and commit it");
}
