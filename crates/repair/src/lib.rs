//! lvyue-repair (信用修复与信用异议): a corrected breach leaves the record, and a wrong record
//! can be challenged. Both are decided by the body that determined the record
//! ("谁认定、谁修复"); where that body is not in the registry, by the region's credit office.
//!
//! - `scope`: who sees which applications and objections, and who decides them.
//! - `steps`: the history of each (one row per step).
//! - `application`: a repair application as stored and shown, with its deadline.
//! - `apply`: the subject (or the handling department for it) applies; refused before the
//!   grade's minimum publicity period with the day from which it may be made.
//! - `decide`: approve, reject or ask for more material (which pauses the clock);
//!   `supplement`: the applicant adds material and the clock runs again; `withdraw`: the
//!   applicant's side gives up before a decision.
//! - `restore`: an approved repair in one transaction — the record `repaired`, its measures
//!   ended, its case closed `repaired`, and the events that tell everyone.
//! - `objection`, `object`, `review`: objections filed, the record `under_objection`
//!   meanwhile, and decided: upheld, corrected (a new version) or revoked.
//! - `events`: what the deciding bodies and credit offices hear.
//! - `figures`: oversight's read — objections decided per deciding body.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod application;
pub mod apply;
pub mod decide;
pub mod events;
pub mod figures;
pub mod http;
pub mod item;
pub mod object;
pub mod objection;
pub mod restore;
pub mod review;
pub mod scope;
pub mod steps;
pub mod store;
pub mod supplement;
pub mod withdraw;

use lvyue_core::AppError;

/// A 422 on one field.
pub(crate) fn invalid(field: &str, code: &'static str, zh: &str, en: &str) -> AppError {
    AppError::invalid(field, code, zh.to_owned(), en.to_owned())
}

/// Today in Asia/Shanghai and now as stored, the pair every write takes.
pub type Today = (chrono::NaiveDate, chrono::NaiveDateTime);

/// Writes the audit entry of a change to an application or an objection (`entity_type`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn audit_change<T: serde::Serialize>(
    conn: &mut lvyue_db::DbConn,
    now: chrono::NaiveDateTime,
    actor: &lvyue_core::Actor,
    action: &str,
    entity_type: &str,
    id: &str,
    before: Option<&T>,
    after: &T,
) -> lvyue_core::AppResult<()> {
    lvyue_outbox::audit::append(
        conn,
        now,
        lvyue_outbox::audit::AuditEntry {
            actor,
            action,
            entity_type,
            entity_id: id,
            before: before.map(|b| serde_json::to_value(b).unwrap_or_default()),
            after: Some(serde_json::to_value(after).unwrap_or_default()),
        },
    )
}
