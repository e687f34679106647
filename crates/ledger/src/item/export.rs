//! The consolidated ledger (汇总台账, 001 三(一)1): one row per problem with the seed's columns in
//! Chinese — 失信主体名称、责任人、问题成因、欠款情况、处理意见 — a sheet per unit, and the totals
//! of arrears owed, repaid and remaining per unit and for the region; or the same rows as CSV.

use super::read::{rows, ItemFilter};
use super::store::{ItemRow, ResponsiblePerson};
use super::{LedgerItemCategory, LedgerItemSource, LedgerItemStatus};
use lvyue_core::{Actor, AppError, AppResult};
use lvyue_db::DbConn;
use lvyue_web::sheet::{Cell, Table};
use rust_xlsxwriter::Workbook;
use std::collections::{BTreeMap, HashMap};

/// One line of the ledger, as the office reads it.
pub struct LedgerLine {
    org_id: String,
    unit: String,
    subject: String,
    uscc: String,
    responsible: String,
    category: &'static str,
    source: &'static str,
    cause: String,
    arrears: i64,
    repaid: i64,
    opinion: String,
    status: &'static str,
    deadline: String,
    case_id: String,
}

/// The ledger's lines for `actor` and `f`, by unit then newest first.
pub fn lines(conn: &mut DbConn, actor: &Actor, f: &ItemFilter) -> AppResult<Vec<LedgerLine>> {
    let found: Vec<ItemRow> = rows(conn, actor, f, None, None)?;
    let ids: Vec<String> =
        found.iter().map(|r| r.org_id.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let names: HashMap<String, String> =
        lvyue_registry::organisation::find_many(conn, &ids)?.into_iter().map(|o| (o.id, o.name)).collect();
    let clear = crate::access::sees_names(actor);
    let mut out = Vec::with_capacity(found.len());
    for r in found {
        let people: Vec<ResponsiblePerson> =
            serde_json::from_str(&r.responsible).map_err(|e| AppError::internal(e.to_string()))?;
        let responsible = people
            .iter()
            .map(|p| {
                let name = if clear { p.name.clone() } else { p.masked().name };
                format!("{name}（{}）", p.post)
            })
            .collect::<Vec<_>>()
            .join("、");
        let deadline = r.plan()?.and_then(|p| p.steps.iter().map(|s| s.due_on).max()).map(|d| d.to_string());
        out.push(LedgerLine {
            org_id: r.org_id.clone(),
            unit: names.get(&r.org_id).cloned().unwrap_or_else(|| r.org_id.clone()),
            subject: r.subject_name.clone(),
            uscc: r.subject_uscc.clone().unwrap_or_default(),
            responsible,
            category: LedgerItemCategory::from_stored(&r.category)?.label_zh(),
            source: LedgerItemSource::from_stored(&r.source)?.label_zh(),
            cause: r.cause.clone(),
            arrears: r.arrears_fen,
            repaid: r.repaid_fen,
            opinion: r.handling_opinion.clone().unwrap_or_default(),
            status: LedgerItemStatus::from_stored(&r.status)?.label_zh(),
            deadline: deadline.unwrap_or_default(),
            case_id: r.escalated_case_id.clone().unwrap_or_default(),
        });
    }
    out.sort_by(|a, b| a.unit.cmp(&b.unit).then(a.org_id.cmp(&b.org_id)));
    Ok(out)
}

const HEADERS: [&str; 15] = [
    "序号",
    "单位",
    "失信主体名称",
    "统一社会信用代码",
    "责任人（职务）",
    "问题类别",
    "问题来源",
    "问题成因",
    "欠款金额（元）",
    "已偿还（元）",
    "尚欠（元）",
    "处理意见",
    "整改状态",
    "整改时限",
    "转投诉案件",
];

fn push(t: &mut Table<'_>, n: usize, l: &LedgerLine) -> AppResult<()> {
    t.push(&[
        Cell::Number(n as f64),
        Cell::Text(&l.unit),
        Cell::Text(&l.subject),
        Cell::Text(&l.uscc),
        Cell::Text(&l.responsible),
        Cell::Text(l.category),
        Cell::Text(l.source),
        Cell::Text(&l.cause),
        Cell::Yuan(l.arrears),
        Cell::Yuan(l.repaid),
        Cell::Yuan((l.arrears - l.repaid).max(0)),
        Cell::Text(&l.opinion),
        Cell::Text(l.status),
        Cell::Text(&l.deadline),
        Cell::Text(&l.case_id),
    ])
}

/// A sheet name from a unit's name: Excel's forbidden characters dropped, at most 25 long,
/// unique in the book.
fn sheet_name(unit: &str, taken: &mut Vec<String>) -> String {
    let base: String = unit.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(22).collect();
    let base = if base.is_empty() { "单位".to_owned() } else { base };
    let mut name = base.clone();
    let mut i = 2;
    while taken.contains(&name) || name == "台账" || name == "汇总" {
        name = format!("{base}{i}");
        i += 1;
    }
    taken.push(name.clone());
    name
}

/// The consolidated ledger as a workbook: 台账 (every item), 汇总 (per unit and the region),
/// and a sheet per unit.
pub fn xlsx(lines: &[LedgerLine], title: &str) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    {
        let mut all = Table::new(&mut book, "台账", Some(title.to_owned()), &HEADERS)?;
        all.width(1, 24.0)?.width(2, 24.0)?.width(7, 40.0)?.width(11, 30.0)?;
        for (i, l) in lines.iter().enumerate() {
            push(&mut all, i + 1, l)?;
        }
    }
    // Per unit (by id: two units may share a name), in the lines' order (by name).
    let mut per_unit: BTreeMap<(&str, &str), (usize, i64, i64)> = BTreeMap::new();
    for l in lines {
        let e = per_unit.entry((&l.unit, &l.org_id)).or_default();
        e.0 += 1;
        e.1 += l.arrears;
        e.2 += l.repaid;
    }
    {
        let mut sum = Table::new(
            &mut book,
            "汇总",
            Some(format!("{title}（汇总）")),
            &["单位", "问题数", "欠款金额（元）", "已偿还（元）", "尚欠（元）"],
        )?;
        sum.width(0, 28.0)?;
        let (mut n, mut owed, mut paid) = (0, 0, 0);
        for ((unit, _), (count, a, r)) in &per_unit {
            sum.push(&[
                Cell::Text(unit),
                Cell::Number(*count as f64),
                Cell::Yuan(*a),
                Cell::Yuan(*r),
                Cell::Yuan((a - r).max(0)),
            ])?;
            n += count;
            owed += a;
            paid += r;
        }
        sum.push(&[
            Cell::Text("合计"),
            Cell::Number(n as f64),
            Cell::Yuan(owed),
            Cell::Yuan(paid),
            Cell::Yuan((owed - paid).max(0)),
        ])?;
    }
    let mut taken = Vec::new();
    for (unit, org_id) in per_unit.keys() {
        let name = sheet_name(unit, &mut taken);
        let mut t = Table::new(&mut book, &name, Some(format!("{unit} 问题台账")), &HEADERS)?;
        for (i, l) in lines.iter().filter(|l| l.org_id == *org_id).enumerate() {
            push(&mut t, i + 1, l)?;
        }
    }
    lvyue_web::sheet::finish(&mut book)
}

/// The ledger as CSV (UTF-8 with a BOM, so Excel opens it right): one line per item.
pub fn csv(lines: &[LedgerLine]) -> AppResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let failed = |e: csv::Error| AppError::internal(format!("writing CSV: {e}"));
    w.write_record(HEADERS).map_err(failed)?;
    let yuan = |f: i64| format!("{}.{:02}", f / 100, f % 100);
    for (i, l) in lines.iter().enumerate() {
        w.write_record([
            (i + 1).to_string(),
            l.unit.clone(),
            l.subject.clone(),
            l.uscc.clone(),
            l.responsible.clone(),
            l.category.to_owned(),
            l.source.to_owned(),
            l.cause.clone(),
            yuan(l.arrears),
            yuan(l.repaid),
            yuan((l.arrears - l.repaid).max(0)),
            l.opinion.clone(),
            l.status.to_owned(),
            l.deadline.clone(),
            l.case_id.clone(),
        ])
        .map_err(failed)?;
    }
    w.into_inner().map_err(|e| AppError::internal(format!("writing CSV: {e}")))
}
