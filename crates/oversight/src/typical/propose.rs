//! `POST /typical-cases`: a credit office proposes a record of its region as a typical case,
//! with an anonymised title and summary. The record must be a breach in force, and not
//! already a typical case; the criteria are computed and kept as they stand now.

use super::candidates::{self, Thresholds};
use super::store::{Criteria, TypicalCase, TypicalCaseRow};
use super::TypicalCaseStatus;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::{Actor, AppError, AppResult, Message, RecordStatus};
use lvyue_db::schema::typical_cases;
use lvyue_db::{write_tx, DbConn};
use lvyue_outbox::audit::{self, AuditEntry};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /api/v1/typical-cases`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TypicalCaseInput {
    /// The credit record (a breach in force, of the office's region).
    pub record_id: String,
    /// 标题 (1–200 characters).
    pub title: String,
    /// 案情摘要 (1–5,000 characters), anonymised: no complainant's name, contact or phone, no
    /// phone, identity-card or e-mail at all.
    pub summary: String,
}

impl TypicalCaseInput {
    /// An example body (the record id is a placeholder).
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "record_id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            "title": "某区住建局拖欠民营企业工程款拒不整改案",
            "summary": "某区住建局与一家民营建筑企业签订施工合同，工程竣工验收后拖欠工程款 320 万元，经督促仍拒不支付，被认定为政务失信。"
        })
    }
}

fn record_of(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<lvyue_credit_record::record::CreditRecordRow> {
    let scope = lvyue_credit_record::scope::scope_of(conn, actor)?;
    let record = lvyue_credit_record::scope::load_visible(conn, &scope, id.trim(), true).map_err(|e| match e {
        AppError::NotFound => AppError::invalid(
            "record_id",
            "unknown_record",
            "没有该信用记录或无权查看",
            "no such record in your region",
        ),
        e => e,
    })?;
    if !record.is_breach() {
        return Err(AppError::invalid("record_id", "not_a_breach", "该记录不是失信信息", "the record is not a breach"));
    }
    if record.status()? != RecordStatus::Active {
        return Err(AppError::conflict(
            "record_not_in_force",
            Message::new("该信用记录不在有效期内", "the record is not in force"),
        ));
    }
    Ok(record)
}

/// Proposes a typical case (a draft).
pub fn propose(
    conn: &mut DbConn,
    actor: &Actor,
    input: TypicalCaseInput,
    today: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<TypicalCase> {
    actor.require(crate::scheme::OWNERS)?;
    let (title, summary) =
        (crate::circular::text("title", &input.title, 200)?, crate::circular::text("summary", &input.summary, 5_000)?);
    write_tx(conn, |conn| {
        let record = record_of(conn, actor, &input.record_id)?;
        let known = match &record.complaint_id {
            Some(c) => lvyue_case::read::personal_data(conn, c)?,
            None => Vec::new(),
        };
        super::anonymity::check("title", &title, &known)?;
        super::anonymity::check("summary", &summary, &known)?;
        let c = candidates::evaluate(conn, vec![record.clone()], today, &Thresholds::default())?
            .pop()
            .ok_or_else(|| AppError::internal("no evaluation of the record"))?;
        if let Some(existing) = c.typical_case_id {
            return Err(AppError::conflict(
                "already_proposed",
                Message::new(
                    format!("该记录已有典型案例 {existing}"),
                    format!("the record is already typical case {existing}"),
                ),
            ));
        }
        let criteria =
            Criteria { criteria_met: c.criteria_met, serious: c.serious, repeated: c.repeated, outcry: c.outcry };
        let row = TypicalCaseRow {
            id: lvyue_core::ids::TypicalCaseId::generate().into_string(),
            region_code: record.region_code.clone(),
            record_id: record.id.clone(),
            complaint_id: record.complaint_id.clone(),
            subject_name: record.subject_name.clone(),
            subject_uscc: record.subject_uscc.clone(),
            subject_org_id: record.subject_org_id.clone(),
            determining_org_id: record.determining_org_id.clone(),
            grade: record.grade.clone(),
            amount_fen: record.amount_fen,
            decided_on: record.decided_on,
            title,
            summary,
            criteria: serde_json::to_string(&criteria).map_err(|e| AppError::internal(e.to_string()))?,
            status: TypicalCaseStatus::Draft.code().to_owned(),
            withdrawal_reason: None,
            withdrawal_note: None,
            version: 1,
            created_by: actor.subject.clone(),
            created_at: now,
            published_at: None,
            withdrawn_at: None,
        };
        diesel::insert_into(typical_cases::table).values(&row).execute(conn)?;
        let view = row.view(&[], actor.role, false)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor,
                action: "typical_case.propose",
                entity_type: "typical_case",
                entity_id: &row.id,
                before: None,
                after: serde_json::to_value(&view).ok(),
            },
        )?;
        Ok(view)
    })
}
