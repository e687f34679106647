//! The lead a channel platform pushes (`POST /api/v1/complaints`): the integration
//! contract, its validation, and the parsed domain values it becomes.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use lvyue_core::money::MAX_FEN;
use lvyue_core::validation::{field_errors, to_validation_error};
use lvyue_core::{AmountFen, AppError, AppResult, Field, FieldError, Message, RegionCode, Uscc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

pub use lvyue_core::attachment::AttachmentInput;

fn check_uscc(v: &str) -> Result<(), ValidationError> {
    Uscc::parse(v).map(|_| ()).map_err(to_validation_error)
}

fn check_region(v: &str) -> Result<(), ValidationError> {
    RegionCode::parse(v).map(|_| ()).map_err(to_validation_error)
}

fn check_phone(v: &str) -> Result<(), ValidationError> {
    let ok = (5..=20).contains(&v.len())
        && v.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'+' || b == b' ')
        && v.bytes().filter(u8::is_ascii_digit).count() >= 5;
    if ok {
        Ok(())
    } else {
        Err(to_validation_error(FieldError::new(
            "",
            "invalid_value",
            Message::new("联系电话格式不正确", "not a telephone number"),
        )))
    }
}

fn check_external_id(v: &str) -> Result<(), ValidationError> {
    if v.chars().all(|c| !c.is_control()) && v.trim() == v {
        Ok(())
    } else {
        Err(to_validation_error(FieldError::new(
            "",
            "invalid_value",
            Message::new("不得含控制字符或首尾空白", "no control characters or surrounding spaces"),
        )))
    }
}

/// The firm that complains (投诉人).
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct ComplainantInput {
    /// The firm's name (企业名称).
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "蚌埠某某科技有限公司")]
    pub name: String,
    /// The firm's unified social credit code, when it has one.
    #[serde(default)]
    #[validate(custom(function = "check_uscc"))]
    #[schema(example = "91340300MA2N0XY4KT")]
    pub uscc: Option<String>,
    /// Contact person (personal data: masked for roles that do not need it).
    #[serde(default)]
    #[validate(length(min = 1, max = 50))]
    pub contact_name: Option<String>,
    /// Contact telephone (personal data: masked for roles that do not need it).
    #[serde(default)]
    #[validate(custom(function = "check_phone"))]
    #[schema(example = "13812345678")]
    pub contact_phone: Option<String>,
    /// True when the firm is a small or medium enterprise (中小企业), false when it is not;
    /// absent when the channel does not know. The time limits of 保障中小企业款项支付条例 Art. 25
    /// follow it: a lead of an SME from any channel is forwarded within 10 working days and
    /// answered within 30 days of forwarding; absent, only the SME-payment platform's leads are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sme: Option<bool>,
}

/// The government department complained about (被投诉主体).
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct RespondentInput {
    /// Its unified social credit code; resolved against the registry first.
    #[serde(default)]
    #[validate(custom(function = "check_uscc"))]
    #[schema(example = "11340300MB1234567W")]
    pub uscc: Option<String>,
    /// Its name; used within `region_code` when the code is missing or unknown.
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "蚌埠市某某局")]
    pub name: String,
    /// The division it sits in (GB/T 2260).
    #[validate(custom(function = "check_region"))]
    #[schema(example = "340300")]
    pub region_code: String,
}

/// The agreement said to be broken.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct ContractInput {
    /// Title of the contract or agreement.
    #[validate(length(min = 1, max = 300))]
    pub title: String,
    /// Date signed.
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    /// Contract amount in fen.
    #[serde(default)]
    #[validate(range(min = 0, max = 100_000_000_000_000i64))]
    pub amount_fen: Option<i64>,
    /// The contract's id in the government's registry of contracts (政府合同登记), when the
    /// platform knows it: the case shows it, and a determination marks the contract breached.
    #[serde(default)]
    #[validate(length(min = 1, max = 64))]
    pub registry_id: Option<String>,
}

/// A complaint lead pushed by a channel platform. The channel is taken from
/// the token, never from the body. Pushing the same `external_id` again with
/// the same content returns the same case; with different content it is 409.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct ComplaintSubmission {
    /// The platform's own id of the lead, unique within the channel.
    #[validate(length(min = 1, max = 100), custom(function = "check_external_id"))]
    #[schema(example = "12345-20261120-0001")]
    pub external_id: String,
    /// When the platform received it (RFC 3339 with offset).
    #[schema(value_type = String, format = DateTime, example = "2026-11-20T10:00:00+08:00")]
    pub received_at: DateTime<FixedOffset>,
    /// The firm that complains.
    #[validate(nested)]
    pub complainant: ComplainantInput,
    /// The department complained about.
    #[validate(nested)]
    pub respondent: RespondentInput,
    /// The field of the agreement (领域).
    pub field: Field,
    /// The contract, when there is one.
    #[serde(default)]
    #[validate(nested)]
    pub contract: Option<ContractInput>,
    /// Amount owed to the firm, in fen.
    #[serde(default)]
    #[validate(range(min = 0, max = 100_000_000_000_000i64))]
    pub arrears_fen: Option<i64>,
    /// One-line summary.
    #[validate(length(min = 1, max = 500))]
    pub summary: String,
    /// Full account.
    #[serde(default)]
    #[validate(length(max = 20000))]
    pub description: Option<String>,
    /// Supporting documents (at most 50).
    #[serde(default)]
    #[validate(nested, length(max = 50))]
    pub attachments: Vec<AttachmentInput>,
}

impl ComplaintSubmission {
    /// An example body, as the document shows it; the tests send it.
    pub fn example() -> serde_json::Value {
        serde_json::json!({
            "external_id": "12345-20261120-0001",
            "received_at": "2026-11-20T10:00:00+08:00",
            "complainant": {"name": "蚌埠某某科技有限公司", "uscc": "91350100M000100Y43",
                            "contact_name": "张三", "contact_phone": "13812345678", "sme": true},
            "respondent": {"uscc": "11340321MB0000010K", "name": "怀远县财政局", "region_code": "340321"},
            "field": "government_procurement",
            "contract": {"title": "办公设备采购合同", "signed_on": "2023-05-01", "amount_fen": 120000000},
            "arrears_fen": 50000000,
            "summary": "采购货款逾期未支付"
        })
    }
}

/// A submission whose values have all been parsed.
#[derive(Debug, Clone)]
pub struct ValidSubmission {
    /// The original input.
    pub input: ComplaintSubmission,
    /// When the platform received it, in UTC.
    pub received_at: DateTime<Utc>,
    /// The complainant's code.
    pub complainant_uscc: Option<Uscc>,
    /// The respondent's code.
    pub respondent_uscc: Option<Uscc>,
    /// The respondent's region.
    pub respondent_region: RegionCode,
    /// Contract amount.
    pub contract_amount: Option<AmountFen>,
    /// Arrears.
    pub arrears: Option<AmountFen>,
}

/// The earliest year a contract may carry (before it, a date is a typo).
const EARLIEST_YEAR: i32 = 1949;
/// The earliest year a lead may have been received: no complaint platform took leads before
/// it, and `1970-01-01T00:00:00Z` is a platform's unset clock, not a lead.
const EARLIEST_RECEIVED_YEAR: i32 = 2000;

/// How far in the future `received_at` may lie (clock skew between platforms).
const FUTURE_TOLERANCE_MINUTES: i64 = 10;

impl ComplaintSubmission {
    /// Validates every field and parses the values; all problems are reported at once.
    pub fn parse(self, now: DateTime<Utc>) -> AppResult<ValidSubmission> {
        let mut errors = match self.validate() {
            Ok(()) => Vec::new(),
            Err(e) => field_errors(&e),
        };
        let received_at = self.received_at.with_timezone(&Utc);
        if received_at.year() < EARLIEST_RECEIVED_YEAR {
            errors.push(FieldError::new(
                "received_at",
                "out_of_range",
                Message::new(
                    format!("受理时间不得早于 {EARLIEST_RECEIVED_YEAR} 年"),
                    format!("received_at must not be before {EARLIEST_RECEIVED_YEAR}"),
                ),
            ));
        }
        if let Some(signed) = self.contract.as_ref().and_then(|c| c.signed_on) {
            if !(EARLIEST_YEAR..=now.year() + 1).contains(&signed.year()) {
                errors.push(FieldError::new(
                    "contract.signed_on",
                    "out_of_range",
                    Message::new(
                        "签订日期超出合理范围",
                        format!("signed_on must lie between {EARLIEST_YEAR} and next year"),
                    ),
                ));
            }
        }
        if received_at > now + chrono::Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
            errors.push(FieldError::new(
                "received_at",
                "in_future",
                Message::new("受理时间不能晚于当前时间", "received_at lies in the future"),
            ));
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            return Err(AppError::Validation(errors));
        }
        let parse_err =
            |e: FieldError| AppError::internal(format!("validated value failed to parse: {}", e.message.en));
        Ok(ValidSubmission {
            received_at,
            complainant_uscc: self.complainant.uscc.as_deref().map(Uscc::parse).transpose().map_err(parse_err)?,
            respondent_uscc: self.respondent.uscc.as_deref().map(Uscc::parse).transpose().map_err(parse_err)?,
            respondent_region: RegionCode::parse(&self.respondent.region_code).map_err(parse_err)?,
            contract_amount: self
                .contract
                .as_ref()
                .and_then(|c| c.amount_fen)
                .map(AmountFen::new)
                .transpose()
                .map_err(parse_err)?,
            arrears: self.arrears_fen.map(AmountFen::new).transpose().map_err(parse_err)?,
            input: self,
        })
    }
}

const _: () = assert!(MAX_FEN == 100_000_000_000_000);
