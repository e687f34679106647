//! `GET /api/v1/meta/enums`: every code with its labels, so front ends never hard-code them.

use actix_web::{get, web, HttpResponse};
use lvyue_case::deadline::NextStep;
use lvyue_core::codes::CodeLabel;
use lvyue_core::repair::{EarlyRemedyKind, ObjectionDecision, ObjectionStatus, RepairDecision, RepairStatus};
use lvyue_core::sanction::{Benefit, Binds, ImplementerKind, SanctionStatus};
use lvyue_core::verdict::{ContactMethod, DisputeRoute, ExtensionDecision, Performance, RulingOutcome};
use lvyue_core::{
    BreachCategory, CaseAction, CaseStatus, Field, Grade, OrgKind, OrgLevel, RecordKind, RecordStatus,
    RecordVisibility, Resolution, Role,
};
use lvyue_credit_record::export::ExportFormat;
use lvyue_credit_record::import::apply::RowOutcome;
use lvyue_outbox::dead_letter::DeadLetterStatus;
use lvyue_registry::channel;
use lvyue_web::{db, ApiResult, AppState};
use lvyue_webhooks::delivery::DeliveryStatus;
use serde::Serialize;
use utoipa::ToSchema;

/// The code lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enums {
    /// 受理渠道 (data: an admin may add more).
    pub channels: Vec<CodeLabel>,
    /// 领域.
    pub fields: Vec<CodeLabel>,
    /// 案件状态.
    pub case_statuses: Vec<CodeLabel>,
    /// 办结方式.
    pub resolutions: Vec<CodeLabel>,
    /// 机构层级.
    pub org_levels: Vec<CodeLabel>,
    /// 机构类型.
    pub org_kinds: Vec<CodeLabel>,
    /// 角色.
    pub roles: Vec<CodeLabel>,
    /// 办理操作 (`POST /complaints/{id}/actions/{action}`).
    pub case_actions: Vec<CodeLabel>,
    /// 待办环节 (`next_deadline.step`).
    pub next_steps: Vec<CodeLabel>,
    /// 信用等级.
    pub grades: Vec<CodeLabel>,
    /// 违约失信类别.
    pub breach_categories: Vec<CodeLabel>,
    /// 分歧处理途径.
    pub dispute_routes: Vec<CodeLabel>,
    /// 解释说明方式.
    pub contact_methods: Vec<CodeLabel>,
    /// 裁判结果.
    pub ruling_outcomes: Vec<CodeLabel>,
    /// 履行情况.
    pub performances: Vec<CodeLabel>,
    /// 延期审批结果.
    pub extension_decisions: Vec<CodeLabel>,
    /// 信用记录类别.
    pub record_kinds: Vec<CodeLabel>,
    /// 信用记录状态.
    pub record_statuses: Vec<CodeLabel>,
    /// 信用记录公开范围.
    pub record_visibilities: Vec<CodeLabel>,
    /// 惩戒限制的权益 (`benefit` of the sanction check).
    pub benefits: Vec<CodeLabel>,
    /// 惩戒措施约束对象.
    pub sanction_binds: Vec<CodeLabel>,
    /// 惩戒措施实施单位类别.
    pub implementer_kinds: Vec<CodeLabel>,
    /// 信用修复申请状态.
    pub repair_statuses: Vec<CodeLabel>,
    /// 信用修复决定.
    pub repair_decisions: Vec<CodeLabel>,
    /// 信用异议状态.
    pub objection_statuses: Vec<CodeLabel>,
    /// 信用异议决定.
    pub objection_decisions: Vec<CodeLabel>,
    /// 主动纠正方式 (`determination.early_remedy.kind`).
    pub early_remedy_kinds: Vec<CodeLabel>,
    /// 惩戒措施状态 (`GET /sanctions?status=`).
    pub sanction_statuses: Vec<CodeLabel>,
    /// 推送状态 (webhook deliveries).
    pub delivery_statuses: Vec<CodeLabel>,
    /// A dead letter's state (`GET /api/v1/admin/dead-letters`).
    pub dead_letter_statuses: Vec<CodeLabel>,
    /// How oversight's case figures may be grouped.
    pub statistics_groupings: Vec<CodeLabel>,
    /// What oversight's figures may be answered as.
    pub figure_formats: Vec<CodeLabel>,
    /// The units an assessment scheme assesses.
    pub assessed_units: Vec<CodeLabel>,
    /// The metrics an assessment scheme takes from the figures.
    pub assessment_metrics: Vec<CodeLabel>,
    /// Which way a metric is better.
    pub metric_directions: Vec<CodeLabel>,
    /// Where an assessment stands.
    pub assessment_statuses: Vec<CodeLabel>,
    /// What a circular is.
    pub circular_kinds: Vec<CodeLabel>,
    /// Where a circular stands.
    pub circular_statuses: Vec<CodeLabel>,
    /// Where a typical case stands.
    pub typical_case_statuses: Vec<CodeLabel>,
    /// The kinds of government contract (政府合同类型).
    pub contract_kinds: Vec<CodeLabel>,
    /// Where a contract stands (履约状态).
    pub contract_statuses: Vec<CodeLabel>,
    /// What a contract's history entry records.
    pub contract_entry_kinds: Vec<CodeLabel>,
    /// Risks to a contract's performance.
    pub risk_kinds: Vec<CodeLabel>,
    /// What may be done to a contract.
    pub contract_actions: Vec<CodeLabel>,
    /// The kinds of commitment (承诺类型).
    pub commitment_kinds: Vec<CodeLabel>,
    /// Where a commitment comes from.
    pub commitment_sources: Vec<CodeLabel>,
    /// Where a commitment stands.
    pub commitment_statuses: Vec<CodeLabel>,
    /// What may be done to a commitment.
    pub commitment_actions: Vec<CodeLabel>,
    /// The contracts' export formats.
    pub contract_export_formats: Vec<CodeLabel>,
    /// Where a ledger problem came from (问题来源).
    pub ledger_item_sources: Vec<CodeLabel>,
    /// The kinds of ledger problem (问题类别).
    pub ledger_item_categories: Vec<CodeLabel>,
    /// Where a ledger problem stands.
    pub ledger_item_statuses: Vec<CodeLabel>,
    /// What may be done to a ledger problem.
    pub ledger_item_actions: Vec<CodeLabel>,
    /// What a ledger problem's history entry records.
    pub ledger_entry_kinds: Vec<CodeLabel>,
    /// What a unit submits to a campaign.
    pub campaign_submission_kinds: Vec<CodeLabel>,
    /// The consolidated ledger's formats.
    pub ledger_export_formats: Vec<CodeLabel>,
    /// What a warning is about (风险提示).
    /// What became of an imported row of a unit's list (导入结果).
    pub list_row_outcomes: Vec<CodeLabel>,
    pub warning_kinds: Vec<CodeLabel>,
    /// Where a warning stands.
    pub warning_statuses: Vec<CodeLabel>,
    /// What may be done to a typical case.
    pub typical_case_actions: Vec<CodeLabel>,
    /// Why a typical case was withdrawn.
    pub withdrawal_reasons: Vec<CodeLabel>,
    /// A department's position on a typical case.
    pub opinion_positions: Vec<CodeLabel>,
    /// 导出格式 (`GET /credit-records/export?format=`).
    pub export_formats: Vec<CodeLabel>,
    /// 导入结果 (each row of a credit-record import).
    pub import_row_outcomes: Vec<CodeLabel>,
}

/// Every code list with Chinese and English labels (no token needed).
#[utoipa::path(tag = "meta", responses((status = 200, description = "The code lists", body = Enums)))]
#[get("/meta/enums")]
pub async fn enums(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let channels = db::run(&state, channel::list).await?;
    Ok(HttpResponse::Ok().json(Enums {
        channels: channels
            .into_iter()
            .map(|c| CodeLabel { code: c.code, label_zh: c.label_zh, label_en: c.label_en })
            .collect(),
        fields: Field::code_list(),
        case_statuses: CaseStatus::code_list(),
        resolutions: Resolution::code_list(),
        org_levels: OrgLevel::code_list(),
        org_kinds: OrgKind::code_list(),
        roles: Role::code_list(),
        case_actions: CaseAction::code_list(),
        next_steps: NextStep::code_list(),
        grades: Grade::code_list(),
        breach_categories: BreachCategory::code_list(),
        dispute_routes: DisputeRoute::code_list(),
        contact_methods: ContactMethod::code_list(),
        ruling_outcomes: RulingOutcome::code_list(),
        performances: Performance::code_list(),
        extension_decisions: ExtensionDecision::code_list(),
        record_kinds: RecordKind::code_list(),
        record_statuses: RecordStatus::code_list(),
        record_visibilities: RecordVisibility::code_list(),
        benefits: Benefit::code_list(),
        sanction_binds: Binds::code_list(),
        implementer_kinds: ImplementerKind::code_list(),
        repair_statuses: RepairStatus::code_list(),
        repair_decisions: RepairDecision::code_list(),
        objection_statuses: ObjectionStatus::code_list(),
        objection_decisions: ObjectionDecision::code_list(),
        early_remedy_kinds: EarlyRemedyKind::code_list(),
        sanction_statuses: SanctionStatus::code_list(),
        delivery_statuses: DeliveryStatus::code_list(),
        dead_letter_statuses: DeadLetterStatus::code_list(),
        statistics_groupings: lvyue_oversight::figures::GroupBy::code_list(),
        figure_formats: lvyue_oversight::figures::FigureFormat::code_list(),
        assessed_units: lvyue_oversight::scheme::AssessedUnit::code_list(),
        assessment_metrics: lvyue_oversight::scheme::AssessmentMetric::code_list(),
        metric_directions: lvyue_oversight::scheme::Direction::code_list(),
        assessment_statuses: lvyue_oversight::assessment::AssessmentStatus::code_list(),
        circular_kinds: lvyue_oversight::circular::CircularKind::code_list(),
        circular_statuses: lvyue_oversight::circular::CircularStatus::code_list(),
        typical_case_statuses: lvyue_oversight::typical::TypicalCaseStatus::code_list(),
        contract_kinds: lvyue_obligation::contract::ContractKind::code_list(),
        contract_statuses: lvyue_obligation::contract::ContractStatus::code_list(),
        contract_entry_kinds: lvyue_obligation::contract::ContractEntryKind::code_list(),
        risk_kinds: lvyue_obligation::contract::RiskKind::code_list(),
        contract_actions: lvyue_obligation::contract::ContractAction::code_list(),
        commitment_kinds: lvyue_obligation::commitment::CommitmentKind::code_list(),
        commitment_sources: lvyue_obligation::commitment::CommitmentSource::code_list(),
        commitment_statuses: lvyue_obligation::commitment::CommitmentStatus::code_list(),
        commitment_actions: lvyue_obligation::commitment::CommitmentAction::code_list(),
        contract_export_formats: lvyue_obligation::contract::export::ContractExportFormat::code_list(),
        list_row_outcomes: lvyue_web::import::ListRowOutcome::code_list(),
        ledger_item_sources: lvyue_ledger::item::LedgerItemSource::code_list(),
        ledger_item_categories: lvyue_ledger::item::LedgerItemCategory::code_list(),
        ledger_item_statuses: lvyue_ledger::item::LedgerItemStatus::code_list(),
        ledger_item_actions: lvyue_ledger::item::LedgerItemAction::code_list(),
        ledger_entry_kinds: lvyue_ledger::item::store::LedgerEntryKind::code_list(),
        campaign_submission_kinds: lvyue_ledger::campaign::SubmissionKind::code_list(),
        ledger_export_formats: lvyue_ledger::http::LedgerExportFormat::code_list(),
        warning_kinds: lvyue_obligation::warning::WarningKind::code_list(),
        warning_statuses: lvyue_obligation::warning::WarningStatus::code_list(),
        typical_case_actions: lvyue_oversight::typical::TypicalCaseAction::code_list(),
        withdrawal_reasons: lvyue_oversight::typical::WithdrawalReason::code_list(),
        opinion_positions: lvyue_oversight::typical::OpinionPosition::code_list(),
        export_formats: ExportFormat::code_list(),
        import_row_outcomes: RowOutcome::code_list(),
    }))
}
