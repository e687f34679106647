//! Issue 19: departments keep their contracts and commitments in spreadsheets — imported from
//! `.xlsx`, CSV or NDJSON, idempotent on the unit's reference, row by row or all or nothing; the
//! template is a workbook with the code lists as drop-downs.

use crate::helpers::*;
use serde_json::{json, Value};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A workbook whose first sheet holds `rows` under `headers`.
pub fn workbook(headers: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if let Ok(n) = v.parse::<f64>() {
                sheet.write_number(r as u32 + 1, c as u16, n).unwrap();
            } else if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn outcomes(report: &Value) -> Vec<String> {
    report["rows"].as_array().unwrap().iter().map(|r| r["outcome"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_csv_of_commitments_imports_once_and_corrects_by_reference() {
    let app = spawn_app().await;
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let csv = "本单位编号*,承诺类型,承诺来源,来源文件名称,承诺内容,承诺日期,兑现期限\n\
               CN-1,惠企利民政策兑现承诺,policy_document,关于支持中小企业发展的若干政策措施,新增规上企业奖励20万元,2026-03-01,2026-12-31\n\
               CN-2,key_target,年度工作报告,2026年政府工作报告,建成10个标准化厂房,2026/3/1,2026年9月30日\n\
               CN-3,不存在的类型,年度工作报告,2026年政府工作报告,x,2026-03-01,2026-02-01\n";
    let (status, report) = app.post_raw("/api/v1/commitments/imports", &unit, "text/csv", csv.to_owned()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(outcomes(&report), ["created", "created", "refused"], "{report}");
    let fields: Vec<&str> =
        report["rows"][2]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["kind"], "{report}");
    assert_eq!(report["summary"], json!({"rows": 3, "created": 2, "updated": 0, "unchanged": 0, "refused": 1}));

    // The same rows again change nothing; a corrected content updates the commitment.
    let again = csv
        .replace("CN-3,不存在的类型", "CN-3,惠企利民政策兑现承诺")
        .replace("2026-03-01,2026-02-01", "2026-03-01,2026-12-01");
    let again = again.replace("建成10个标准化厂房", "建成12个标准化厂房");
    let (_, report) = app.post_raw("/api/v1/commitments/imports", &unit, "text/csv", again).await;
    assert_eq!(outcomes(&report), ["unchanged", "updated", "created"], "{report}");
    let (_, list) = app.get_json("/api/v1/commitments", &unit).await;
    let list = list["commitments"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    let cn2 = list.iter().find(|c| c["reference"] == "CN-2").unwrap();
    assert_eq!((cn2["content"].as_str(), cn2["version"].as_i64()), (Some("建成12个标准化厂房"), Some(2)));

    // An unknown column stops the file: nothing of it is guessed at.
    let (status, problem) =
        app.post_raw("/api/v1/commitments/imports", &unit, "text/csv", "本单位编号,备注\nCN-9,x\n".to_owned()).await;
    assert_eq!(status, 400, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("备注"), "{problem}");
}

#[tokio::test]
async fn all_or_nothing_stores_nothing_when_a_row_is_refused() {
    let app = spawn_app().await;
    let unit = app.department_token(HUAIYUAN_FINANCE);
    let mut good = lvyue_obligation::contract::register::GovernmentContractInput::example();
    good["reference"] = json!("HT-A");
    let mut bad = good.clone();
    bad["reference"] = json!("HT-B");
    bad["signed_on"] = json!("2099-01-01");
    let ndjson = format!("{good}\n{bad}\n");
    let (status, problem) = app
        .post_raw("/api/v1/contracts/imports?all_or_nothing=true", &unit, "application/x-ndjson", ndjson.clone())
        .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "rows[2].signed_on", "{problem}");
    let (_, list) = app.get_json("/api/v1/contracts", &unit).await;
    assert_eq!(list["contracts"].as_array().unwrap().len(), 0, "nothing stored");

    let (status, report) = app.post_raw("/api/v1/contracts/imports", &unit, "application/x-ndjson", ndjson).await;
    assert_eq!((status, outcomes(&report)), (200, vec!["created".to_owned(), "refused".to_owned()]), "{report}");

    // A credit office reads but imports nothing; a PDF is not a list.
    let (status, _) = app
        .post_raw("/api/v1/contracts/imports", &app.credit_office_token(), "application/x-ndjson", String::new())
        .await;
    assert_eq!(status, 403);
    let (status, _) = app.post_raw("/api/v1/contracts/imports", &unit, "application/pdf", String::new()).await;
    assert_eq!(status, 415);
    let (status, _) = app.post_bytes("/api/v1/contracts/imports", &unit, XLSX, b"not a workbook".to_vec()).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_template_has_chinese_headers_and_the_kinds_as_a_drop_down() {
    use calamine::{Reader, Xlsx};
    let app = spawn_app().await;
    let r = app.get("/api/v1/contracts/imports/template.xlsx", &app.department_token(HUAIYUAN_FINANCE)).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], XLSX);
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["政府合同", "代码表", "填写说明"]);
    let fill = book.worksheet_range("政府合同").unwrap();
    let headers: Vec<String> = fill.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(&headers[..4], ["本单位编号*", "合同编号", "合同名称*", "合同类型*"]);
    let lists = book.worksheet_range("代码表").unwrap();
    let kinds: Vec<String> = lists.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert!(kinds.contains(&"政府采购、招标投标及其他涉及财政资金使用".to_owned()) || kinds.len() == 11, "{kinds:?}");
    // The template, filled in, imports as it is.
    let book = workbook(
        &headers.iter().map(String::as_str).collect::<Vec<_>>()[..10],
        &[vec!["HT-X", "", "办公设备采购合同", "procurement", "某科技有限公司", "", "是", "是", "", "2026-05-01"]],
    );
    let (status, report) =
        app.post_bytes("/api/v1/contracts/imports", &app.department_token(HUAIYUAN_FINANCE), XLSX, book).await;
    assert_eq!((status, outcomes(&report)), (200, vec!["created".to_owned()]), "{report}");
}
