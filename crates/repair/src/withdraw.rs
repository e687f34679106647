//! The applicant's side withdraws a repair application before it is decided (撤回申请): the
//! clock stops, the record stays as it is, and the record is free for another application
//! or an objection.

use crate::application::{self, ApplicationRow, RepairApplication};
use crate::decide::decision_note;
use crate::item::{announce, stepped};
use crate::scope::RepairScope;
use crate::{events, steps, Today};
use lvyue_core::{Actor, AppResult, Message};
use lvyue_db::{write_tx, DbConn};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /repair-applications/{id}/withdrawal`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalInput {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// Why (optional, up to 4000 characters).
    #[serde(default)]
    pub note: Option<String>,
}

impl WithdrawalInput {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "note": "材料需重新整理后再申请"})
    }
}

/// Withdraws application `id`.
pub fn withdraw(
    conn: &mut DbConn,
    actor: &Actor,
    scope: &RepairScope,
    id: &str,
    input: WithdrawalInput,
    (today, now): Today,
) -> AppResult<RepairApplication> {
    let note = decision_note(input.note.as_deref(), false)?;
    write_tx(conn, |conn| {
        let refused = Message::new(
            "只有申请人或信用主体可以撤回申请",
            "only the applicant or the subject withdraws an application",
        );
        let before = application::load_for_filer(conn, scope, id, input.version, refused)?;
        let to = before.status()?.withdraw()?;
        let after =
            ApplicationRow { status: to.code().to_owned(), due_on: None, paused_working_days: None, ..before.clone() };
        let after = application::save(conn, &before, after, now)?;
        steps::record(conn, id, ("withdraw", &after.status), actor, note.as_deref(), &serde_json::json!([]), now)?;
        announce(conn, &after, events::WITHDRAWN, None, (today, now))?;
        stepped(conn, actor, "repair.withdraw", (Some(&before), &after), (today, now))
    })
}
