//! The applicant supplies the material the deciding body asked for (补正材料): the evidence
//! grows, the application is pending again and the clock runs on from where it paused.

use crate::application::{self, ApplicationRow, RepairApplication};
use crate::decide::decision_note;
use crate::item::{announce, stepped};
use crate::scope::RepairScope;
use crate::{events, steps, Today};
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::calendar::WorkingCalendar;
use lvyue_core::validation::field_errors;
use lvyue_core::{Actor, AppError, AppResult, Message};
use lvyue_db::{write_tx, DbConn};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

/// `POST /repair-applications/{id}/supplement`.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplementInput {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// What is supplied, in words (up to 4000 characters).
    #[serde(default)]
    pub note: Option<String>,
    /// The material: 1–50 attachments, added to the application's evidence.
    #[validate(length(min = 1, max = 50), nested)]
    pub evidence: Vec<AttachmentInput>,
}

impl SupplementInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 2, "note": "补充银行回单", "evidence": [{"name": "银行回单.pdf", "url": "https://files.example.cn/huaiyuan/bank-receipt.pdf"}]})
    }
}

/// Supplements application `id`.
pub fn supplement(
    conn: &mut DbConn,
    actor: &Actor,
    scope: &RepairScope,
    id: &str,
    input: SupplementInput,
    calendar: &WorkingCalendar,
    (today, now): Today,
) -> AppResult<RepairApplication> {
    input.validate().map_err(|e| AppError::Validation(field_errors(&e)))?;
    let note = decision_note(input.note.as_deref(), false)?;
    write_tx(conn, |conn| {
        let refused =
            Message::new("只有申请人或信用主体可以补正材料", "only the applicant or the subject supplies material");
        let before = application::load_for_filer(conn, scope, id, input.version, refused)?;
        let to = before.status()?.supplement()?;
        let mut evidence: Vec<serde_json::Value> = serde_json::from_str(&before.evidence).unwrap_or_default();
        let added = serde_json::to_value(&input.evidence).unwrap_or_default();
        evidence.extend(added.as_array().cloned().unwrap_or_default());
        let left = u32::try_from(before.paused_working_days.unwrap_or(1).max(1)).unwrap_or(1);
        let after = ApplicationRow {
            status: to.code().to_owned(),
            evidence: serde_json::Value::Array(evidence).to_string(),
            due_on: Some(calendar.add_working_days(today, left)),
            paused_working_days: None,
            ..before.clone()
        };
        let after = application::save(conn, &before, after, now)?;
        steps::record(conn, id, ("supplement", &after.status), actor, note.as_deref(), &added, now)?;
        announce(conn, &after, events::SUPPLEMENTED, None, (today, now))?;
        stepped(conn, actor, "repair.supplement", (Some(&before), &after), (today, now))
    })
}
