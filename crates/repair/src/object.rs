//! The subject objects to a record (信用异议): with reasons and evidence, the record becomes
//! `under_objection` while the determining body reviews it, and — where the configuration
//! says so — its measures are suspended meanwhile (the check answers unrestricted).

use crate::apply::{department_org, not_blank, not_in_force};
use crate::item::{announce, stepped};
use crate::objection::{Objection, ObjectionRow};
use crate::scope::RepairScope;
use crate::{events, steps, Today};
use diesel::prelude::*;
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::ids::ObjectionId;
use lvyue_core::repair::{ObjectionStatus, RepairStatus};
use lvyue_core::settings::RepairSettings;
use lvyue_core::validation::field_errors;
use lvyue_core::{Actor, AppError, AppResult, Message, RecordStatus};
use lvyue_credit_record::scope::RecordScope;
use lvyue_credit_record::write::{self, Change};
use lvyue_db::schema::{credit_objections, repair_applications};
use lvyue_db::{write_tx, DbConn};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

/// `POST /credit-objections`.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionInput {
    /// The record objected to.
    #[validate(length(min = 1, max = 100))]
    pub record_id: String,
    /// Why it is wrong (up to 10,000 characters).
    #[validate(length(min = 1, max = 10000))]
    pub reasons: String,
    /// Supporting material: up to 50 attachments.
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    pub evidence: Vec<AttachmentInput>,
}

impl ObjectionInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "record_id": "0193a5c2-7e5b-7c3d-9f1e-2b4c6d8e0a1f",
            "reasons": "合同约定的付款条件尚未成就，认定事实有误",
            "evidence": [{"name": "合同补充协议.pdf", "url": "https://files.example.cn/huaiyuan/supplement-agreement.pdf"}]
        })
    }
}

/// Files an objection for `actor`, the record's subject.
#[allow(clippy::too_many_arguments)]
pub fn object(
    conn: &mut DbConn,
    actor: &Actor,
    scope: &RepairScope,
    records: &RecordScope,
    input: ObjectionInput,
    calendar: &WorkingCalendar,
    settings: &RepairSettings,
    (today, now): Today,
) -> AppResult<Objection> {
    input.validate().map_err(|e| AppError::Validation(field_errors(&e)))?;
    not_blank("reasons", &input.reasons)?;
    let org = department_org(actor, scope, "只有信用主体可以提出信用异议", "only the record's subject objects to it")?;
    write_tx(conn, |conn| {
        let record = lvyue_credit_record::scope::load_visible(conn, records, input.record_id.trim(), true)?;
        if record.subject_org_id.as_deref() != Some(org.as_str()) {
            return Err(AppError::Forbidden(Message::new(
                "只有信用主体可以对该记录提出异议",
                "only the record's subject objects to it",
            )));
        }
        match record.status()? {
            RecordStatus::Active => {}
            RecordStatus::UnderObjection => {
                return Err(AppError::conflict(
                    "objection_pending",
                    Message::new("该记录已有审查中的异议", "an objection to this record is already being reviewed"),
                ))
            }
            _ => return Err(not_in_force(&record)),
        }
        let open_repair: i64 = repair_applications::table
            .filter(repair_applications::record_id.eq(&record.id))
            .filter(
                repair_applications::status.eq_any([RepairStatus::Pending.code(), RepairStatus::MoreRequested.code()]),
            )
            .count()
            .get_result(conn)?;
        if open_repair > 0 {
            return Err(AppError::conflict(
                "application_open",
                Message::new(
                    "该记录有待决定的信用修复申请，请待其决定后再提出异议",
                    "this record has an open repair application; object once it is decided",
                ),
            ));
        }
        let evidence = serde_json::to_value(&input.evidence).unwrap_or_default();
        let row = ObjectionRow {
            id: ObjectionId::generate().into_string(),
            record_id: record.id.clone(),
            subject_org_id: record.subject_org_id.clone(),
            subject_uscc: record.subject_uscc.clone(),
            subject_name: record.subject_name.clone(),
            region_code: record.region_code.clone(),
            deciding_org_id: record.determining_org_id.clone(),
            deciding_body: record.determining_body.clone(),
            objector: actor.subject.clone(),
            objector_org_id: Some(org.clone()),
            reasons: input.reasons.trim().to_owned(),
            evidence: evidence.to_string(),
            measures_suspended: settings.objection_suspends_measures,
            status: ObjectionStatus::Pending.code().to_owned(),
            due_on: calendar.add_working_days(today, settings.objection_working_days),
            decision_note: None,
            decided_by: None,
            decided_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(credit_objections::table).values(&row).execute(conn)?;
        let change = Change {
            code: "objected",
            event_type: lvyue_credit_record::events::STATUS_CHANGED,
            reason: Some(&row.reasons),
            by: actor,
        };
        write::transition(conn, &record, RecordStatus::UnderObjection, &change, now)?;
        if row.measures_suspended {
            lvyue_sanction::sanction::suspend_for_record(conn, &record.id, "objected", actor, now)?;
        }
        steps::record(conn, &row.id, ("object", &row.status), actor, None, &evidence, now)?;
        announce(conn, &row, events::OBJECTION_FILED, record.complaint_id.as_deref(), (today, now))?;
        stepped(conn, actor, "objection.file", (None, &row), (today, now))
    })
}
