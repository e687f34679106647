//! The case (投诉案件) as stored and as shown.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lvyue_db::schema::complaints;
use lvyue_registry::organisation::OrgRef;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A stored case.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = complaints)]
pub struct ComplaintRow {
    pub id: String,
    pub case_number: String,
    pub channel: String,
    pub external_id: String,
    pub payload_sha256: String,
    pub status: String,
    pub resolution: Option<String>,
    pub field: String,
    pub region_code: String,
    pub received_at: NaiveDateTime,
    pub complainant_name: String,
    pub complainant_uscc: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub respondent_name: String,
    pub respondent_uscc: Option<String>,
    pub respondent_org_id: Option<String>,
    pub handling_org_id: Option<String>,
    pub contract_title: Option<String>,
    pub contract_signed_on: Option<NaiveDate>,
    pub contract_amount_fen: Option<i64>,
    pub arrears_fen: Option<i64>,
    pub summary: String,
    pub description: Option<String>,
    pub attachments: String,
    pub duplicate_key: String,
    pub possible_duplicate: bool,
    pub next_step: Option<String>,
    pub next_due_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The insert form (every column explicit, so it also serves PostgreSQL's COPY).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = complaints, treat_none_as_default_value = false)]
pub struct ComplaintInsert {
    pub id: String,
    pub case_number: String,
    pub channel: String,
    pub external_id: String,
    pub payload_sha256: String,
    pub status: String,
    pub field: String,
    pub region_code: String,
    pub received_at: NaiveDateTime,
    pub complainant_name: String,
    pub complainant_uscc: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub respondent_name: String,
    pub respondent_uscc: Option<String>,
    pub respondent_org_id: Option<String>,
    pub handling_org_id: Option<String>,
    pub contract_title: Option<String>,
    pub contract_signed_on: Option<NaiveDate>,
    pub contract_amount_fen: Option<i64>,
    pub arrears_fen: Option<i64>,
    pub summary: String,
    pub description: Option<String>,
    pub attachments: String,
    pub duplicate_key: String,
    pub possible_duplicate: bool,
    pub next_step: Option<String>,
    pub next_due_on: Option<NaiveDate>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ComplaintInsert {
    /// The row as it stands once inserted (every column is explicit; a new case has no
    /// resolution), so a batch insert need not read its rows back.
    pub fn into_row(self) -> ComplaintRow {
        ComplaintRow {
            id: self.id,
            case_number: self.case_number,
            channel: self.channel,
            external_id: self.external_id,
            payload_sha256: self.payload_sha256,
            status: self.status,
            resolution: None,
            field: self.field,
            region_code: self.region_code,
            received_at: self.received_at,
            complainant_name: self.complainant_name,
            complainant_uscc: self.complainant_uscc,
            contact_name: self.contact_name,
            contact_phone: self.contact_phone,
            respondent_name: self.respondent_name,
            respondent_uscc: self.respondent_uscc,
            respondent_org_id: self.respondent_org_id,
            handling_org_id: self.handling_org_id,
            contract_title: self.contract_title,
            contract_signed_on: self.contract_signed_on,
            contract_amount_fen: self.contract_amount_fen,
            arrears_fen: self.arrears_fen,
            summary: self.summary,
            description: self.description,
            attachments: self.attachments,
            duplicate_key: self.duplicate_key,
            possible_duplicate: self.possible_duplicate,
            next_step: self.next_step,
            next_due_on: self.next_due_on,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// The complainant as shown; contact data masked unless the caller's role needs it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ComplainantView {
    /// The firm's name.
    pub name: String,
    /// Its credit code.
    pub uscc: Option<String>,
    /// Contact person (masked as `张**` for roles that do not need it).
    pub contact_name: Option<String>,
    /// Contact phone (masked as `138****5678` for roles that do not need it).
    pub contact_phone: Option<String>,
    /// True: a small or medium enterprise (中小企业), false: not one, null: not said.
    pub sme: Option<bool>,
    /// True when the contact data above is masked.
    pub masked: bool,
}

/// The respondent as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RespondentView {
    /// Name as pushed.
    pub name: String,
    /// Code as pushed.
    pub uscc: Option<String>,
    /// Division code.
    pub region_code: String,
    /// The registry entry it resolved to, if any.
    pub organisation: Option<OrgRef>,
}

/// The contract as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContractView {
    /// Title.
    pub title: String,
    /// Date signed.
    pub signed_on: Option<NaiveDate>,
    /// Amount in fen.
    pub amount_fen: Option<i64>,
    /// The contract in the government's registry of contracts (政府合同登记), when the lead named
    /// one or the case grew from its escalation.
    pub registry_id: Option<String>,
}

/// The time limit of the step the case waits for.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Deadline {
    /// The step: `assign`, `accept`, `conclude`, `rectify` or `resolve_dispute`.
    pub step: String,
    /// The last day (Asia/Shanghai) on which the step is on time.
    pub due_on: NaiveDate,
    /// True once that day has passed.
    pub overdue: bool,
}

/// A case linked to this one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkedCase {
    /// Its id.
    pub id: String,
    /// Its case number.
    pub case_number: String,
    /// Its channel.
    pub channel: String,
    /// `possible_duplicate`.
    pub kind: String,
}

/// A case as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Complaint {
    /// Opaque id.
    pub id: String,
    /// Human-readable number, read out over the phone (`LY-2026-000123`).
    pub case_number: String,
    /// The channel that sent it.
    pub channel: String,
    /// The channel's own id of the lead.
    pub external_id: String,
    /// `received`, `assigned`, `verifying`, … (see `GET /api/v1/meta/enums`).
    pub status: String,
    /// How it ended, once closed.
    pub resolution: Option<String>,
    /// 领域.
    pub field: String,
    /// The respondent's division.
    pub region_code: String,
    /// When the channel received it.
    pub received_at: DateTime<FixedOffset>,
    /// The firm that complains.
    pub complainant: ComplainantView,
    /// The department complained about.
    pub respondent: RespondentView,
    /// The handling organisation (the respondent's supervising body), once assigned.
    pub handling_org: Option<OrgRef>,
    /// The contract.
    pub contract: Option<ContractView>,
    /// Arrears in fen.
    pub arrears_fen: Option<i64>,
    /// Summary.
    pub summary: String,
    /// Full account.
    pub description: Option<String>,
    /// Supporting documents.
    #[schema(value_type = Vec<lvyue_core::attachment::AttachmentInput>)]
    pub attachments: serde_json::Value,
    /// Flagged for the credit office: the same complainant, respondent and contract
    /// arrived through another channel. Null for channels.
    pub possible_duplicate: Option<bool>,
    /// The problem in the ledger (台账) this case grew from, when it escalated from one.
    pub ledger_item_id: Option<String>,
    /// The cases it may duplicate. Null for channels.
    pub possible_duplicates: Option<Vec<LinkedCase>>,
    /// The time limit of the next step; null when nothing is due.
    pub next_deadline: Option<Deadline>,
    /// Its progress through verification; null until a department or credit office acted on it.
    pub progress: Option<crate::progress::ProgressView>,
    /// The actions the caller may take now (`POST /complaints/{id}/actions/{action}`), so a
    /// front end never re-implements the rules.
    pub allowed_actions: Vec<String>,
    /// Pass back with any change; a stale version answers 409.
    pub version: i32,
    /// Created.
    pub created_at: DateTime<FixedOffset>,
    /// Last changed.
    pub updated_at: DateTime<FixedOffset>,
}

/// The columns a list shows (lists never load descriptions, attachments or contact data).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = complaints)]
pub struct SummaryRow {
    pub id: String,
    pub case_number: String,
    pub channel: String,
    pub external_id: String,
    pub status: String,
    pub resolution: Option<String>,
    pub field: String,
    pub region_code: String,
    pub received_at: NaiveDateTime,
    pub complainant_name: String,
    pub respondent_name: String,
    pub handling_org_id: Option<String>,
    pub summary: String,
    pub next_step: Option<String>,
    pub next_due_on: Option<NaiveDate>,
    pub version: i32,
}

/// A case in a list (no personal data).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ComplaintSummary {
    /// Opaque id.
    pub id: String,
    /// Case number.
    pub case_number: String,
    /// Channel.
    pub channel: String,
    /// The channel's id.
    pub external_id: String,
    /// Status.
    pub status: String,
    /// Resolution.
    pub resolution: Option<String>,
    /// 领域.
    pub field: String,
    /// Division.
    pub region_code: String,
    /// When received.
    pub received_at: DateTime<FixedOffset>,
    /// The firm's name.
    pub complainant_name: String,
    /// The respondent's name.
    pub respondent_name: String,
    /// The handling organisation's id.
    pub handling_org_id: Option<String>,
    /// Summary.
    pub summary: String,
    /// Next time limit.
    pub next_deadline: Option<Deadline>,
    /// The actions the caller may take now.
    pub allowed_actions: Vec<String>,
    /// Version.
    pub version: i32,
}

impl ComplaintRow {
    /// The row for the audit trail, contact data masked: the trail is read by
    /// auditors, who do not need it, and the payload fingerprint keeps the original provable.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        let mut masked = self.clone();
        masked.contact_name = masked.contact_name.as_deref().map(crate::mask::mask_name);
        masked.contact_phone = masked.contact_phone.as_deref().map(crate::mask::mask_phone);
        // A plain hash of the full payload would let a reader of the trail test guesses
        // of the masked contact data offline.
        masked.payload_sha256 = String::new();
        serde_json::to_value(masked).unwrap_or(serde_json::Value::Null)
    }
}
