//! A warning as stored and shown.

use super::{WarningKind, WarningStatus};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_core::AppResult;
use lvyue_db::schema::warnings;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = warnings, treat_none_as_null = true, treat_none_as_default_value = false)]
pub(crate) struct WarningRow {
    pub id: String,
    pub dedupe_key: String,
    pub kind: String,
    pub org_id: String,
    pub region_code: String,
    pub contract_id: Option<String>,
    pub commitment_id: Option<String>,
    pub milestone_id: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub detail: String,
    pub status: String,
    pub raised_on: NaiveDate,
    pub action_taken: Option<String>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub escalated_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
}

/// A warning as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Warning {
    /// Opaque id.
    pub id: String,
    /// What it is about.
    pub kind: WarningKind,
    /// The unit warned.
    pub org_id: String,
    /// Its division.
    pub region_code: String,
    /// The contract, if it is about one.
    pub contract_id: Option<String>,
    /// The commitment, if it is about one.
    pub commitment_id: Option<String>,
    /// The milestone, if it is about one.
    pub milestone_id: Option<String>,
    /// The day due, where there is one.
    pub due_on: Option<NaiveDate>,
    /// What was seen, in words.
    pub detail: String,
    /// Where it stands.
    pub status: WarningStatus,
    /// The day it was raised.
    pub raised_on: NaiveDate,
    /// The unit's answer: what it did.
    pub action_taken: Option<String>,
    /// When it was acknowledged.
    pub acknowledged_at: Option<DateTime<FixedOffset>>,
    /// When it escalated to the credit office.
    pub escalated_at: Option<DateTime<FixedOffset>>,
    /// Pass back to acknowledge it.
    pub version: i32,
}

impl WarningRow {
    pub fn view(&self) -> AppResult<Warning> {
        Ok(Warning {
            id: self.id.clone(),
            kind: WarningKind::from_stored(&self.kind)?,
            org_id: self.org_id.clone(),
            region_code: self.region_code.clone(),
            contract_id: self.contract_id.clone(),
            commitment_id: self.commitment_id.clone(),
            milestone_id: self.milestone_id.clone(),
            due_on: self.due_on,
            detail: self.detail.clone(),
            status: WarningStatus::from_stored(&self.status)?,
            raised_on: self.raised_on,
            action_taken: self.action_taken.clone(),
            acknowledged_at: self.acknowledged_at.map(lvyue_core::time::stored_to_shanghai),
            escalated_at: self.escalated_at.map(lvyue_core::time::stored_to_shanghai),
            version: self.version,
        })
    }
}
