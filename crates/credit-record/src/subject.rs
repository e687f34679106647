//! Findings whose subject the registry does not hold (信用主体待确认). A determination against a
//! body with no registry entry binds nothing: no measure can name whom it binds, nor the
//! government of its division. Such records wait in a queue the credit office sees
//! (`unresolved_subject=true` on the list), and the credit office — or an admin — links each to
//! the registry entry of its subject once the body is registered; the measures then follow as
//! for any record (issue 16.9).

use crate::events;
use crate::record::CreditRecordRow;
use crate::scope::RecordScope;
use crate::write::{self, Change};
use chrono::NaiveDateTime;
use lvyue_core::{Actor, AppError, AppResult, Message, Role, Uscc};
use lvyue_db::{write_tx, DbConn};
use lvyue_registry::organisation::find_by_uscc;
use serde::Deserialize;
use utoipa::ToSchema;

/// Who links a record to its subject.
pub const RESOLVERS: &[Role] = &[Role::Admin, Role::CreditOffice];

/// `POST /api/v1/credit-records/{id}/subject`: the registry entry of the record's subject.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectResolution {
    /// The version read; a stale one answers 409.
    pub version: i32,
    /// The subject's 统一社会信用代码; it must be in the registry (and, for a credit office, in its
    /// region).
    pub uscc: String,
    /// Why this is the body the finding names (1–1000 characters), kept in the record's history.
    pub reason: String,
}

impl SubjectResolution {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({"version": 1, "uscc": "11340300MB0000017U", "reason": "该办公室已登记为市政府直属机构，即认定所指单位"})
    }
}

/// Links record `id` (in the caller's slice, its subject not yet in the registry) to the
/// registry entry `input.uscc`: a new version whose subject, code and division are the
/// registry's, with the reason in its history.
pub fn resolve(
    conn: &mut DbConn,
    actor: &Actor,
    scope: &RecordScope,
    id: &str,
    input: SubjectResolution,
    now: NaiveDateTime,
) -> AppResult<CreditRecordRow> {
    actor.require(RESOLVERS)?;
    let reason = input.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(AppError::invalid("reason", "invalid_length", "须说明理由（最多 1000 字）", "1–1000 characters"));
    }
    let uscc = Uscc::parse(&input.uscc).map_err(|e| AppError::field(e.at("uscc")))?;
    write_tx(conn, |conn| {
        let before = crate::scope::load_visible(conn, scope, id, true)?;
        lvyue_db::versioned::check(input.version, before.version)?;
        if before.subject_org_id.is_some() {
            return Err(AppError::conflict(
                "subject_resolved",
                Message::new("该记录的信用主体已在机构名录中", "this record's subject is already in the registry"),
            ));
        }
        let org = find_by_uscc(conn, uscc.as_str())?.ok_or_else(|| {
            AppError::invalid(
                "uscc",
                "unknown_organisation",
                "名录中没有该机构",
                "no organisation with this USCC is in the registry",
            )
        })?;
        if let RecordScope::Region(own) = scope {
            if !own.contains(&org.region()?) {
                return Err(AppError::invalid(
                    "uscc",
                    "outside_region",
                    "该机构不在本信用办辖区内",
                    "the organisation lies outside your region",
                ));
            }
        }
        let after = CreditRecordRow {
            subject_org_id: Some(org.id.clone()),
            subject_uscc: Some(org.uscc.clone()),
            subject_name: org.name.clone(),
            region_code: org.region_code.clone(),
            ..before.clone()
        };
        let change =
            Change { code: "subject_resolved", event_type: events::CORRECTED, reason: Some(&reason), by: actor };
        write::revise(conn, &before, after, &change, now)
    })
}
