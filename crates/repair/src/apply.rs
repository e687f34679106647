//! A repair application (信用修复申请): made by the subject, or by the handling department
//! that determined the record on its behalf, once the breach is corrected and the contract
//! performed. Refused at once before the grade's minimum publicity period has passed, with
//! the day from which it may be made.

use crate::application::{ApplicationRow, RepairApplication};
use crate::item::{announce, stepped};
use crate::scope::RepairScope;
use crate::{events, steps, Today};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::ids::RepairApplicationId;
use lvyue_core::repair::RepairStatus;
use lvyue_core::validation::field_errors;
use lvyue_core::{Actor, AppError, AppResult, Message, RecordStatus, Role};
use lvyue_credit_record::record::CreditRecordRow;
use lvyue_credit_record::scope::RecordScope;
use lvyue_db::schema::repair_applications;
use lvyue_db::{write_tx, DbConn};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

/// `POST /repair-applications`.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    /// The record to repair.
    #[validate(length(min = 1, max = 100))]
    pub record_id: String,
    /// How the breach was corrected and the contract performed (up to 10,000 characters).
    #[validate(length(min = 1, max = 10000))]
    pub statement: String,
    /// Proof of performance or correction: 1–50 attachments.
    #[validate(length(min = 1, max = 50), nested)]
    pub evidence: Vec<AttachmentInput>,
    /// The credit-repair pledge (信用修复承诺书), its text (up to 10,000 characters).
    #[validate(length(min = 1, max = 10000))]
    pub pledge: String,
}

impl ApplicationInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "record_id": "0193a5c2-7e5b-7c3d-9f1e-2b4c6d8e0a1f",
            "statement": "已于2026年11月足额支付合同价款及逾期利息",
            "evidence": [{"name": "付款凭证.pdf", "url": "https://files.example.cn/huaiyuan/payment-voucher.pdf"}],
            "pledge": "本单位承诺今后依法依约履行合同义务，按期支付企业账款"
        })
    }
}

/// Refuses a blank text.
pub(crate) fn not_blank(field: &str, text: &str) -> AppResult<()> {
    if text.trim().is_empty() {
        return Err(AppError::field(lvyue_core::FieldError::required(field)));
    }
    Ok(())
}

/// The 409 for a record that no longer takes a repair or an objection.
pub(crate) fn not_in_force(record: &CreditRecordRow) -> AppError {
    AppError::conflict(
        "record_not_in_force",
        Message::new(
            format!("信用记录状态为“{}”，已不在公示期内", record.status().map(|s| s.label_zh()).unwrap_or("?")),
            format!("the record is {}, no longer in force", record.status),
        ),
    )
}

/// The caller's organisation (registry id) for a department; 403 for any other role.
pub(crate) fn department_org(actor: &Actor, scope: &RepairScope, zh: &str, en: &str) -> AppResult<String> {
    match (actor.role, scope) {
        (Role::Department, RepairScope::Org(id)) => Ok(id.clone()),
        _ => Err(AppError::Forbidden(Message::new(zh.to_owned(), en.to_owned()))),
    }
}

/// Makes an application for `actor`.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    conn: &mut DbConn,
    actor: &Actor,
    scope: &RepairScope,
    records: &RecordScope,
    input: ApplicationInput,
    calendar: &WorkingCalendar,
    decision_working_days: u32,
    (today, now): Today,
) -> AppResult<RepairApplication> {
    input.validate().map_err(|e| AppError::Validation(field_errors(&e)))?;
    not_blank("statement", &input.statement)?;
    not_blank("pledge", &input.pledge)?;
    let org = department_org(
        actor,
        scope,
        "只有信用主体或作出认定的处理部门可以申请信用修复",
        "only the subject, or the handling department on its behalf, applies for a repair",
    )?;
    write_tx(conn, |conn| {
        let record = lvyue_credit_record::scope::load_visible(conn, records, input.record_id.trim(), true)?;
        let on_behalf = if record.subject_org_id.as_deref() == Some(org.as_str()) {
            false
        } else if record.determining_org_id.as_deref() == Some(org.as_str()) {
            true
        } else {
            return Err(AppError::Forbidden(Message::new(
                "只有信用主体或作出认定的处理部门可以申请修复该记录",
                "only the record's subject, or the body that determined it, applies for its repair",
            )));
        };
        // Fulfilment information (履约践诺信息) is no 失信 finding: there is nothing to repair.
        if !record.is_breach() {
            return Err(AppError::conflict(
                "not_a_breach",
                Message::new(
                    "履约践诺信息不是失信信息，无需信用修复",
                    "fulfilment information is no breach finding; there is nothing to repair",
                ),
            ));
        }
        // A court's listing lasts until the court removes it (issue 16.8): lvyue does not repair it.
        if record.kind == lvyue_core::RecordKind::JudgmentDefaulter.code() {
            return Err(AppError::conflict(
                "follows_the_court",
                Message::new(
                    "失信被执行人信息以人民法院移出名单为准，不适用信用修复",
                    "a judgment defaulter's listing ends when the court removes it; it is not repaired here",
                ),
            ));
        }
        match record.status()? {
            RecordStatus::Active => {}
            RecordStatus::UnderObjection => {
                return Err(AppError::conflict(
                    "objection_pending",
                    Message::new(
                        "该记录的信用异议尚在审查中，请待异议决定后再申请修复",
                        "an objection to this record is being reviewed; apply once it is decided",
                    ),
                ))
            }
            _ => return Err(not_in_force(&record)),
        }
        if today < record.repairable_from {
            return Err(AppError::TooEarly {
                code: "before_minimum_period",
                message: Message::new(
                    format!("最短公示期未满，可自 {} 起申请信用修复", record.repairable_from),
                    format!(
                        "the minimum publicity period has not passed; a repair may be applied for from {}",
                        record.repairable_from
                    ),
                ),
                available_from: record.repairable_from,
            });
        }
        let open: Option<String> = repair_applications::table
            .filter(repair_applications::record_id.eq(&record.id))
            .filter(
                repair_applications::status.eq_any([RepairStatus::Pending.code(), RepairStatus::MoreRequested.code()]),
            )
            .select(repair_applications::id)
            .first(conn)
            .optional()?;
        if let Some(open) = open {
            return Err(AppError::conflict(
                "application_open",
                Message::new(
                    format!("该记录已有待决定的修复申请（{open}）"),
                    format!("this record already has an open repair application ({open})"),
                ),
            ));
        }
        let evidence = serde_json::to_value(&input.evidence).unwrap_or_default();
        let row = ApplicationRow {
            id: RepairApplicationId::generate().into_string(),
            record_id: record.id.clone(),
            subject_org_id: record.subject_org_id.clone(),
            subject_uscc: record.subject_uscc.clone(),
            subject_name: record.subject_name.clone(),
            region_code: record.region_code.clone(),
            deciding_org_id: record.determining_org_id.clone(),
            deciding_body: record.determining_body.clone(),
            applicant: actor.subject.clone(),
            applicant_org_id: Some(org.clone()),
            on_behalf,
            statement: input.statement.trim().to_owned(),
            evidence: evidence.to_string(),
            pledge: input.pledge.trim().to_owned(),
            status: RepairStatus::Pending.code().to_owned(),
            due_on: Some(calendar.add_working_days(today, decision_working_days)),
            paused_working_days: None,
            decision_note: None,
            decided_by: None,
            decided_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(repair_applications::table).values(&row).execute(conn)?;
        steps::record(conn, &row.id, ("apply", &row.status), actor, None, &evidence, now)?;
        announce(conn, &row, events::APPLIED, record.complaint_id.as_deref(), (today, now))?;
        stepped(conn, actor, "repair.apply", (None, &row), (today, now))
    })
}
