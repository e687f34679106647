//! Measures imposed case by case (逐案实施): 公开通报批评, 追究责任人, 扣转国库存款或减少转移支付
//! and any other catalogue measure a credit office decides on for one record in its region
//! (001; 发改财金〔2023〕1103号). Once imposed, a measure behaves like those that follow a record:
//! its restrictions, the check, the acknowledgement, its events, and its end when the record is
//! repaired, expires or is revoked. It keeps its own planned end, and a credit office may end it
//! early with a reason.

use crate::access::{scope_of, IMPOSERS};
use crate::catalogue::{self, Measure};
use crate::sanction::{self, invalid, Move, NewSanction, SanctionRow, IN_FORCE, SUSPENDED};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::sanction::Binds;
use lvyue_core::{Actor, AppError, AppResult, Message, RecordStatus};
use lvyue_db::{versioned, write_tx, DbConn};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The decision that imposed a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Imposition {
    /// Who decided (the token's subject).
    pub decided_by: String,
    /// The decision's document number (文号).
    pub document_number: String,
    /// When.
    pub decided_at: DateTime<FixedOffset>,
}

/// `POST /api/v1/sanctions`: impose `measure` on record `record_id`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImposeInput {
    /// A catalogue code (`GET /api/v1/sanction-measures`), e.g. `public_criticism`.
    pub measure: String,
    /// The record in force that it answers (in the caller's region).
    #[schema(format = Uuid)]
    pub record_id: String,
    /// Why, and on what legal basis (1–2000 characters).
    pub basis: String,
    /// The decision's document number (文号, 1–100 characters).
    pub document_number: String,
    /// In force from.
    pub starts_on: NaiveDate,
    /// Planned end: at the latest the record's own expiry.
    pub planned_end_on: NaiveDate,
}

impl ImposeInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "measure": "public_criticism",
            "record_id": "01a23a0d-67ea-73c4-baee-4f0f38daf481",
            "basis": "拒不履行生效判决，经市信用办研究决定予以公开通报批评（发改财金〔2023〕1103号）",
            "document_number": "蚌信用办〔2026〕12号",
            "starts_on": "2026-11-23",
            "planned_end_on": "2027-01-22"
        })
    }
}

/// `POST /api/v1/sanctions/{id}/end`: end a measure early.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndInput {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// Why (1–1000 characters); kept as the measure's `end_reason`.
    pub reason: String,
}

impl EndInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "reason": "整改到位，经研究提前终止"})
    }
}

/// What an imposition needs besides its input.
#[derive(Debug, Clone, Copy)]
pub struct ImposeContext<'a> {
    /// For the acknowledgement deadline.
    pub calendar: &'a WorkingCalendar,
    /// Working days the implementing department has to acknowledge.
    pub ack_working_days: u32,
    /// Today in Asia/Shanghai.
    pub today: NaiveDate,
    /// Now, as stored.
    pub now: NaiveDateTime,
}

fn text(field: &str, value: &str, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(invalid(
            field,
            "invalid_length",
            &format!("须为 1–{max} 个字符"),
            &format!("must be 1–{max} characters"),
        ));
    }
    Ok(v.to_owned())
}

/// Imposes a catalogue measure on a record in force in the caller's region.
pub fn impose(conn: &mut DbConn, actor: &Actor, input: ImposeInput, ctx: ImposeContext<'_>) -> AppResult<SanctionRow> {
    actor.require(IMPOSERS)?;
    let basis = text("basis", &input.basis, 2000)?;
    let document_number = text("document_number", &input.document_number, 100)?;
    if input.planned_end_on < input.starts_on {
        return Err(invalid("planned_end_on", "before_start", "计划终止日期早于起始日期", "ends before it starts"));
    }
    if input.planned_end_on < ctx.today {
        return Err(invalid("planned_end_on", "in_past", "计划终止日期已过", "is already past"));
    }
    let records = lvyue_credit_record::scope::scope_of(conn, actor)?;
    let measures = catalogue::list(conn)?;
    let measure = measures.iter().find(|m| m.code == input.measure.trim()).ok_or_else(|| {
        invalid("measure", "unknown_measure", "惩戒措施目录中没有该措施", "no such measure in the catalogue")
    })?;
    if !measure.active {
        return Err(AppError::conflict(
            "measure_inactive",
            Message::new("该惩戒措施已停用", "this measure is deactivated in the catalogue"),
        ));
    }
    write_tx(conn, |conn| {
        let record = lvyue_credit_record::scope::load_visible(conn, &records, input.record_id.trim(), true)?;
        if record.status()? != RecordStatus::Active {
            return Err(AppError::conflict(
                "record_not_in_force",
                Message::new(
                    "该记录不在有效状态，不能实施惩戒",
                    "the record is not in force; no measure can be imposed",
                ),
            ));
        }
        if input.planned_end_on >= record.expires_on {
            return Err(invalid(
                "planned_end_on",
                "after_record",
                &format!("须早于记录公示截止日期 {}", record.expires_on),
                &format!("must be before the record's expiry, {}", record.expires_on),
            ));
        }
        let (target_uscc, target_name) = target(conn, measure, &record)?;
        let region = lvyue_core::RegionCode::parse(&record.region_code)
            .map_err(|e| AppError::internal(format!("stored region of record {}: {}", record.id, e.message.en)))?;
        let governing = crate::access::governing_region(measure.binds, &region);
        let implementer_org_id =
            crate::access::implementing_body(conn, measure.implementer_kind, &governing, &target_uscc)?;
        let ack_due_on = ctx.calendar.add_working_days(ctx.today, ctx.ack_working_days);
        let imposition = Imposition {
            decided_by: actor.subject.clone(),
            document_number: document_number.clone(),
            decided_at: lvyue_core::time::stored_to_shanghai(ctx.now),
        };
        let row = SanctionRow {
            imposition: serde_json::to_string(&imposition).ok(),
            ..NewSanction {
                measure_code: measure.code.clone(),
                record_id: record.id.clone(),
                binds: measure.binds.code().to_owned(),
                target_uscc,
                target_name,
                region_code: record.region_code.clone(),
                implementer_kind: measure.implementer_kind.code().to_owned(),
                benefits: serde_json::to_string(&measure.benefits).unwrap_or_else(|_| "[]".to_owned()),
                basis: basis.clone(),
                starts_on: input.starts_on,
                implementer_region: governing.as_str().to_owned(),
                implementer_org_id,
            }
            .into_row(IN_FORCE, (input.planned_end_on, ack_due_on), ctx.now)
        };
        if !sanction::put_in_force(conn, row.clone(), ctx.now)? {
            return Err(AppError::conflict(
                "already_in_force",
                Message::new("该记录已有此项惩戒措施", "this measure already binds this record's target"),
            ));
        }
        sanction::changed_from_nothing(conn, actor, "sanction.impose", &row, ctx.now)?;
        Ok(row)
    })
}

/// Whom `measure` binds for `record`: its subject, or the government of its division.
fn target(
    conn: &mut DbConn,
    measure: &Measure,
    record: &lvyue_credit_record::record::CreditRecordRow,
) -> AppResult<(String, String)> {
    let unresolved = || {
        AppError::conflict(
            "target_unresolved",
            Message::new(
                "无法确定该措施的实施对象（统一社会信用代码缺失）",
                "whom the measure binds has no credit code",
            ),
        )
    };
    match measure.binds {
        Binds::Subject => {
            let uscc = record.subject_uscc.clone().ok_or_else(unresolved)?;
            Ok((uscc, record.subject_name.clone()))
        }
        Binds::Region => crate::follow::region_government(conn, &record.region_code)?.ok_or_else(unresolved),
    }
}

/// Ends measure `id` early, with `reason` (a credit office of its region, or an admin).
pub fn end_early(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    input: EndInput,
    now: NaiveDateTime,
) -> AppResult<SanctionRow> {
    actor.require(IMPOSERS)?;
    let reason = text("reason", &input.reason, 1000)?;
    let scope = scope_of(conn, actor)?;
    write_tx(conn, |conn| {
        let before = crate::read::find_visible_locked(conn, &scope, id)?;
        versioned::check(input.version, before.version)?;
        if before.status != IN_FORCE && before.status != SUSPENDED {
            return Err(AppError::conflict("already_ended", Message::new("该措施已终止", "this measure has ended")));
        }
        sanction::move_one(conn, &before, Move::End, &reason, actor, now)
    })
}
