//! The body of each action: the fields every step carries (`version`, `note`,
//! `attachments`) and each action's own fields, parsed into types before anything runs.

use chrono::{DateTime, FixedOffset, NaiveDate};
use lvyue_core::attachment::AttachmentInput;
use lvyue_core::validation::{field_errors, parse_body};
use lvyue_core::verdict::{ContactMethod, DisputeRoute, ExtensionDecision, Performance, RulingOutcome};
use lvyue_core::{AppError, AppResult, BreachCategory, CaseAction, Grade};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// What every step carries.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct Common {
    /// The version of the case the clerk read; a stale one answers 409.
    pub version: i32,
    /// Free text for the timeline (and, for `urge`, the text of the notice).
    #[serde(default)]
    #[validate(length(max = 4000))]
    pub note: Option<String>,
    /// Supporting documents.
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    pub attachments: Vec<AttachmentInput>,
}

/// `assign`: forward a received case.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct AssignInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// USCC of the handling organisation (the respondent's supervising body).
    #[schema(example = "11340300MB0000003E")]
    pub handling_org: String,
}

/// `reassign`: move a routed case to another handling body (改派).
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct ReassignInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// USCC of the new handling organisation, in the credit office's region.
    #[schema(example = "11340321MB0000009E")]
    pub handling_org: String,
    /// Why (shown on the timeline and told to the channel).
    #[validate(length(min = 1, max = 2000))]
    pub reason: String,
}

/// `reject` and `return`: a step that needs its reason.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct ReasonInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// Why (told to the channel).
    #[validate(length(min = 1, max = 2000))]
    pub reason: String,
}

/// `merge`: close a duplicate lead into the surviving case.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct MergeInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// The id of the surviving case.
    #[validate(length(min = 1, max = 64))]
    pub into: String,
}

/// `accept`, `urge`: nothing but the common fields.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct PlainInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
}

/// `conclude_unfounded`: the complaint is not substantiated; the complainant was told why.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct UnfoundedInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// The explanation given to the complainant (解释说明).
    #[validate(length(min = 1, max = 10000))]
    pub explanation: String,
    /// When the complainant was contacted (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub complainant_contacted_at: DateTime<FixedOffset>,
    /// How.
    pub contact_method: ContactMethod,
}

/// `conclude_substantiated`: the complaint holds; the respondent rectifies by a date.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct SubstantiatedInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// The last day for rectification (today or later).
    pub rectification_deadline: NaiveDate,
    /// The rectification plan (整改方案), when the department sets one: goals, steps each with a
    /// milestone date, measures and safeguards — the shape of a ledger item's plan. The problem
    /// then enters the respondent's ledger with it, so its steps are followed like any other.
    #[serde(default)]
    pub rectification_plan: Option<lvyue_ledger::item::plan::RectificationPlanInput>,
}

/// `conclude_disputed`: the parties disagree; how it is pursued.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct DisputedInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// `negotiation`, `mediation`, `litigation` or `arbitration`.
    pub route: DisputeRoute,
}

/// `mark_rectified`.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct RectifiedInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// The day rectification was completed (default today; never in the future).
    #[serde(default)]
    pub rectified_on: Option<NaiveDate>,
}

/// `record_settlement`: a settlement with the complainant (和解协议).
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct SettlementInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// The day it was signed (never in the future).
    pub settled_on: NaiveDate,
    /// Its terms.
    #[validate(length(min = 1, max = 10000))]
    pub terms: String,
}

/// 认定: the facts of a breach and its grade.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct DeterminationInput {
    /// The breach category (see `GET /api/v1/meta/enums`, `breach_categories`).
    pub category: BreachCategory,
    /// The facts found.
    #[validate(length(min = 1, max = 20000))]
    pub facts: String,
    /// The amount involved in fen.
    #[serde(default)]
    #[validate(range(min = 0))]
    pub amount_fen: Option<i64>,
    /// `minor`, `general` or `serious`.
    pub grade: Grade,
    /// What the department did to remedy before this determination (主动履行、挽回损失、
    /// 消除不良影响), if anything: the catalogue's measures marked `waivable_on_early_remedy`
    /// are then not put in force.
    #[serde(default)]
    pub early_remedy: Option<lvyue_core::repair::EarlyRemedy>,
    /// 问题成因: why it happened (at most 5,000 characters).
    #[serde(default)]
    #[validate(length(min = 1, max = 5000))]
    pub cause: Option<String>,
    /// 责任人: the persons responsible (at most 20; names are personal data, masked on the
    /// timeline and in the feed).
    #[serde(default)]
    pub responsible: Vec<lvyue_core::person::ResponsiblePerson>,
}

/// `record_refusal`: the respondent refuses to rectify; the breach is determined.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct RefusalInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// The determination.
    #[validate(nested)]
    pub determination: DeterminationInput,
}

/// `record_ruling`: a court or arbitral ruling.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct RulingInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// `for_government` or `against_government`.
    pub outcome: RulingOutcome,
    /// The day of the ruling (never in the future).
    pub ruled_on: NaiveDate,
    /// The document number (案号).
    #[serde(default)]
    #[validate(length(max = 200))]
    pub document_number: Option<String>,
    /// Against the government: `performed`, `pending` (by `performance_deadline`) or `refused`.
    #[serde(default)]
    pub performance: Option<Performance>,
    /// With `pending`: the last day to perform.
    #[serde(default)]
    pub performance_deadline: Option<NaiveDate>,
    /// With `refused`: the determination.
    #[serde(default)]
    #[validate(nested)]
    pub determination: Option<DeterminationInput>,
}

/// `request_extension` (延期申请).
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct ExtensionRequestInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// The date asked for (after the current deadline).
    pub until: NaiveDate,
    /// Why.
    #[validate(length(min = 1, max = 2000))]
    pub reason: String,
}

/// `decide_extension`.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct ExtensionDecisionInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// `approve` or `deny`.
    pub decision: ExtensionDecision,
    /// With `approve`: a date up to the one asked for (default: the date asked for).
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

/// `feedback` (回访评价), and a request to reopen.
#[derive(Debug, Clone, Deserialize, Serialize, Validate, ToSchema)]
pub struct FeedbackInput {
    #[serde(flatten)]
    #[validate(nested)]
    pub common: Common,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    #[validate(range(min = 1, max = 5))]
    pub satisfaction: i32,
    /// The complainant's comment.
    #[serde(default)]
    #[validate(length(max = 4000))]
    pub comment: Option<String>,
    /// Ask to reopen the case (within the feedback window).
    #[serde(default)]
    pub reopen: bool,
    /// Required with `reopen`.
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    pub reopen_reason: Option<String>,
}

/// The body type of an action, as the document and the required-field check see it.
#[derive(Clone, Copy)]
pub struct ActionBody {
    /// The body's schema.
    pub schema: fn() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
    /// The schemas it refers to.
    pub schemas: fn(&mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>),
    /// The required fields a body lacks.
    pub missing: fn(&serde_json::Value) -> Vec<String>,
}

fn body<T: ToSchema>() -> ActionBody {
    ActionBody { schema: T::schema, schemas: T::schemas, missing: lvyue_core::required::missing_required::<T> }
}

/// Each action's body type: the one table the document and the required-field check read.
pub fn action_body(action: CaseAction) -> ActionBody {
    use CaseAction::*;
    match action {
        Assign => body::<AssignInput>(),
        Reassign => body::<ReassignInput>(),
        Reject | Return => body::<ReasonInput>(),
        Merge => body::<MergeInput>(),
        Accept | Urge => body::<PlainInput>(),
        ConcludeUnfounded => body::<UnfoundedInput>(),
        ConcludeSubstantiated => body::<SubstantiatedInput>(),
        ConcludeDisputed => body::<DisputedInput>(),
        MarkRectified => body::<RectifiedInput>(),
        RecordSettlement => body::<SettlementInput>(),
        RecordRefusal => body::<RefusalInput>(),
        RecordRuling => body::<RulingInput>(),
        RequestExtension => body::<ExtensionRequestInput>(),
        DecideExtension => body::<ExtensionDecisionInput>(),
        Feedback => body::<FeedbackInput>(),
    }
}

/// The name the document gives an action's body: `AssignAction`, `RecordRefusalAction`, …
pub fn action_schema_name(action: CaseAction) -> String {
    let pascal: String = action
        .code()
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect();
    format!("{pascal}Action")
}

/// The fields every step carries. When they do not parse, every required field the action's
/// body lacks is named beside what was wrong, so a form learns all of it in one round trip.
/// (Only on failure: the schema is not walked for a body that parses.)
pub fn parse_common(action: CaseAction, body: &serde_json::Value) -> AppResult<Common> {
    parse::<Common>(body).map_err(|e| match e {
        AppError::Validation(mut errors) => {
            for path in (action_body(action).missing)(body) {
                if !errors.iter().any(|e| e.field == path) {
                    errors.push(lvyue_core::FieldError::required(path));
                }
            }
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            AppError::Validation(errors)
        }
        other => other,
    })
}

/// An example body of each action, as the document shows it; the tests send these.
pub fn action_example(action: CaseAction) -> serde_json::Value {
    use serde_json::json;
    use CaseAction::*;
    match action {
        Assign => json!({"version": 1, "handling_org": "11340300MB0000003E", "note": "转交市财政局核实"}),
        Reassign => {
            json!({"version": 2, "handling_org": "11340300MB00000018", "reason": "被投诉单位由市政府主管，改派市政府核实"})
        }
        Reject => json!({"version": 1, "reason": "不属于政府部门违约失信受理范围"}),
        Merge => json!({"version": 1, "into": "0193a5c2-7e5b-7c3d-9f1e-2b4c6d8e0a1f", "note": "与已受理线索重复"}),
        Accept => json!({"version": 1, "note": "已接收，开始核实"}),
        Return => json!({"version": 2, "reason": "被投诉单位不由本部门主管"}),
        ConcludeUnfounded => json!({
            "version": 2,
            "explanation": "经核实，合同约定的付款条件尚未成就，已向投诉人解释说明",
            "complainant_contacted_at": "2026-11-24T15:30:00+08:00",
            "contact_method": "phone"
        }),
        ConcludeSubstantiated => {
            json!({"version": 2, "rectification_deadline": "2026-12-31", "note": "投诉属实，督促限期整改"})
        }
        ConcludeDisputed => json!({"version": 2, "route": "mediation"}),
        MarkRectified => json!({"version": 3, "rectified_on": "2026-11-25", "note": "欠款已全额支付"}),
        RecordSettlement => json!({"version": 3, "settled_on": "2026-11-25", "terms": "双方达成分期付款协议"}),
        RecordRefusal => json!({
            "version": 3,
            "note": "逾期拒不整改",
            "determination": {
                "category": "payment_arrears",
                "facts": "拖欠中小企业货款 50 万元，经督促仍拒不支付",
                "amount_fen": 50000000,
                "grade": "general"
            }
        }),
        RecordRuling => json!({
            "version": 3,
            "outcome": "against_government",
            "ruled_on": "2026-11-20",
            "document_number": "（2026）皖0321民初1234号",
            "performance": "performed"
        }),
        RequestExtension => json!({"version": 2, "until": "2027-01-15", "reason": "涉及多部门会商，需延长核实期限"}),
        DecideExtension => json!({"version": 3, "decision": "approve", "until": "2027-01-15"}),
        Urge => json!({"version": 2, "note": "请于三个工作日内反馈办理进展"}),
        Feedback => json!({"version": 4, "satisfaction": 5, "comment": "问题已解决"}),
    }
}

/// Parses and validates an action's body (422 with the failing fields).
pub fn parse<T: DeserializeOwned + Validate + ToSchema>(body: &serde_json::Value) -> AppResult<T> {
    let value: T = parse_body(body).map_err(AppError::Validation)?;
    value.validate().map_err(|e| AppError::Validation(field_errors(&e)))?;
    Ok(value)
}
