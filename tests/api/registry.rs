//! The organisation registry and channels.

use crate::helpers::*;
use serde_json::json;

fn new_org(uscc: &str) -> serde_json::Value {
    json!({"name": "蚌埠市数据资源管理局", "uscc": uscc, "region_code": "340300", "level": "city", "kind": "organ",
           "parent_uscc": org(CITY_GOV), "supervisor_uscc": org(CITY_GOV)})
}

fn valid_code(first17: &str) -> String {
    lvyue_core::Uscc::with_check_character(first17).unwrap().as_str().to_owned()
}

#[tokio::test]
async fn an_admin_registers_reads_and_updates_an_organisation() {
    let app = spawn_app().await;
    let admin = app.admin_token();
    let code = valid_code("11340300MB0000099");
    let (status, created) = app.post_json("/api/v1/organisations", &admin, &new_org(&code)).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["supervisor"]["uscc"], org(CITY_GOV));
    let id = created["id"].as_str().unwrap();
    let (_, by_code) = app.get_json(&format!("/api/v1/organisations/{code}"), &admin).await;
    assert_eq!(by_code["id"], id);
    let (dup, problem) = app.post_json("/api/v1/organisations", &admin, &new_org(&code)).await;
    assert_eq!(dup, 422);
    assert_eq!(problem["errors"][0]["code"], "already_registered");

    let mut update = new_org(&code);
    update["name"] = json!("蚌埠市数据资源管理局（市政务服务管理局）");
    update["version"] = json!(1);
    let (ok, updated) = app.put_json(&format!("/api/v1/organisations/{id}"), &admin, &update).await;
    assert_eq!(ok, 200, "{updated}");
    assert_eq!(updated["version"], 2);
    let (stale, problem) = app.put_json(&format!("/api/v1/organisations/{id}"), &admin, &update).await;
    assert_eq!(stale, 409);
    assert_eq!(problem["code"], "stale_version");

    let (_, search) = app.get_json("/api/v1/organisations?q=数据资源", &admin).await;
    assert_eq!(search["organisations"].as_array().unwrap().len(), 1);
    let (_, county) = app.get_json("/api/v1/organisations?region_code=340321&kind=organ", &admin).await;
    assert_eq!(county["organisations"].as_array().unwrap().len(), 3);
    let (_, supervised) =
        app.get_json(&format!("/api/v1/organisations?supervisor_uscc={}", org(HUAIYUAN_GOV)), &admin).await;
    assert_eq!(supervised["organisations"].as_array().unwrap().len(), 3);

    // Only admins change the registry.
    let (forbidden, _) = app
        .post_json("/api/v1/organisations", &app.credit_office_token(), &new_org(&valid_code("11340300MB0000098")))
        .await;
    assert_eq!(forbidden, 403);
}

#[tokio::test]
async fn codes_are_validated_and_references_must_exist() {
    let app = spawn_app().await;
    let mut bad = new_org("11340300MB0000099X");
    bad["region_code"] = json!("3403");
    bad["supervisor_uscc"] = json!(valid_code("11340300MB0000097"));
    let (status, problem) = app.post_json("/api/v1/organisations", &app.admin_token(), &bad).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"region_code"), "{problem}");
    assert!(fields.contains(&"supervisor_uscc"), "{problem}");
}

#[tokio::test]
async fn an_import_loads_all_rows_or_none() {
    let app = spawn_app().await;
    let admin = app.admin_token();
    let gov = valid_code("11340323MB0000100");
    let bureau = valid_code("11340323MB0000101");
    // The bureau comes first and names a government later in the file.
    let rows = json!({"organisations": [
        {"name": "固镇县财政局", "uscc": bureau, "region_code": "340323", "level": "county", "kind": "organ",
         "parent_uscc": gov, "supervisor_uscc": gov},
        {"name": "固镇县人民政府", "uscc": gov, "region_code": "340323", "level": "county", "kind": "organ",
         "parent_uscc": org(CITY_GOV), "supervisor_uscc": org(CITY_GOV)}
    ]});
    let mut broken = rows.clone();
    broken["organisations"][1]["uscc"] = json!("11340323MB0000100Q");
    broken["organisations"][0]["level"] = json!("galaxy");
    let (status, problem) = app.post_json("/api/v1/organisations/import", &admin, &broken).await;
    assert_eq!(status, 422, "{problem}");
    let (_, none) = app.get_json("/api/v1/organisations?region_code=340323", &admin).await;
    assert!(none["organisations"].as_array().unwrap().is_empty(), "nothing loaded");
    assert!(problem["errors"].as_array().unwrap().iter().all(|e| e["field"].as_str().unwrap().starts_with("rows[")));

    let (status, report) = app.post_json("/api/v1/organisations/import", &admin, &rows).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report, json!({"rows": 2, "created": 2, "updated": 0, "unchanged": 0}));
    let (_, again) = app.post_json("/api/v1/organisations/import", &admin, &rows).await;
    assert_eq!(again, json!({"rows": 2, "created": 0, "updated": 0, "unchanged": 2}));
    let (_, bureau_view) = app.get_json(&format!("/api/v1/organisations/{bureau}"), &admin).await;
    assert_eq!(bureau_view["supervisor"]["uscc"], gov.as_str());
}

#[tokio::test]
async fn channels_are_data_an_admin_extends() {
    let app = spawn_app().await;
    let admin = app.admin_token();
    let (status, _) = app
        .post_json(
            "/api/v1/channels",
            &admin,
            &json!({"code": "county_hotline", "label_zh": "县长热线", "label_en": "county hotline"}),
        )
        .await;
    assert_eq!(status, 201);
    let (_, enums) = app.get_json("/api/v1/meta/enums", &admin).await;
    assert!(enums["channels"].as_array().unwrap().iter().any(|c| c["code"] == "county_hotline"));
    let (pushed, _) = app.push("county_hotline", &lead("C-1")).await;
    assert_eq!(pushed, 201);
    let (status, _) = app
        .put_json(
            "/api/v1/channels/county_hotline",
            &admin,
            &json!({"code": "county_hotline", "label_zh": "县长热线", "label_en": "county hotline", "active": false}),
        )
        .await;
    assert_eq!(status, 200);
    let (refused, _) = app.push("county_hotline", &lead("C-2")).await;
    assert_eq!(refused, 403);
    let (bad, _) =
        app.post_json("/api/v1/channels", &admin, &json!({"code": "Bad Code", "label_zh": "x", "label_en": "x"})).await;
    assert_eq!(bad, 422);
}

#[tokio::test]
async fn the_cli_imports_csv_all_rows_or_none_naming_lines() {
    let app = spawn_app().await;
    let gov = valid_code("11340311MB0000200");
    let bureau = valid_code("11340311MB0000201");
    let dir = std::env::temp_dir().join(format!("lvyue-csv-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("orgs.csv");
    let header = "name,uscc,region_code,level,kind,parent_uscc,supervisor_uscc";
    let good_gov = format!("淮上区人民政府,{gov},340311,county,organ,{city},{city}", city = org(CITY_GOV));
    let bad_bureau = format!("淮上区财政局,{},340311,county,organ,{gov},{gov}", &bureau[..17]);
    std::fs::write(&file, format!("{header}\n{good_gov}\n{bad_bureau}\n")).unwrap();
    let config = app.config.clone();
    let path = file.clone();
    let err = tokio::task::spawn_blocking(move || lvyue::cli::orgs::run(&config, &path))
        .await
        .unwrap()
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3 (rows[1].uscc)"), "{err}");
    assert!(err.contains("invalid_length"), "{err}");
    let (_, none) = app.get_json("/api/v1/organisations?region_code=340311", &app.admin_token()).await;
    assert!(none["organisations"].as_array().unwrap().is_empty(), "nothing loaded");

    let good_bureau = format!("淮上区财政局,{bureau},340311,county,organ,{gov},{gov}");
    std::fs::write(&file, format!("{header}\n{good_bureau}\n{good_gov}\n")).unwrap();
    let config = app.config.clone();
    let path = file.clone();
    let report = tokio::task::spawn_blocking(move || lvyue::cli::orgs::run(&config, &path)).await.unwrap().unwrap();
    assert_eq!((report.rows, report.created), (2, 2));
    let (_, bureau_view) = app.get_json(&format!("/api/v1/organisations/{bureau}"), &app.admin_token()).await;
    assert_eq!(bureau_view["supervisor"]["uscc"], gov.as_str());
    std::fs::remove_dir_all(dir).unwrap();
}
