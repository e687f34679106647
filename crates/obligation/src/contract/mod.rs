//! Government contracts (政府合同, seed 003 二): what a unit signed, with whom, its obligations and
//! payment milestones, what was performed, the risks seen, a lawful change, and the close-out
//! (销号) once performed.
//!
//! ```text
//! performing ─perform (part)─▶ partly_performed ─perform (rest)─▶ performed ─close_out─▶ closed_out
//!      └──────────────perform (all)──────────────────────────────▶ performed
//! performing | partly_performed ─change─▶ changed_lawfully
//! performing | partly_performed ─(a milestone's day passes: the daily scan)─▶ overdue
//! any but breached ─(a case about it determined: obligation.breaches)─▶ breached
//! overdue ─(escalate, or LVYUE_ESCALATE_WORKING_DAYS after its earliest late milestone)─▶ a case
//! ```
//!
//! - `store`: the rows and the view.
//! - `register`: a new contract; `update`: its particulars at the version read.
//! - `perform`: milestones, performance, risks, lawful change and close-out.
//! - `read`: one, and a page; `export`: the shared contracts as NDJSON, CSV or Excel.
//! - `escalation`: an overdue contract's lead to the credit office; `breach`: a determination marks it breached.

pub mod breach;
pub mod escalation;
pub mod export;
pub mod perform;
pub mod read;
pub mod register;
pub mod store;
pub mod update;

use lvyue_core::{AppError, Message};

lvyue_core::code_enum! {
    /// The kinds of government contract (政府合同类型, 003 二(一)).
    pub enum ContractKind {
        /// 政府投资项目建设合同.
        GovernmentInvestment => ("government_investment", "政府投资项目建设合同", "government investment construction"),
        /// 国有资产投资、转让、租赁、承包、物业管理等合同.
        StateAssets => ("state_assets", "国有资产投资、转让、租赁等合同", "state assets"),
        /// 国有自然资源使用权出让、转让、租赁、承包合同.
        NaturalResources => ("natural_resources", "国有自然资源使用权合同", "natural resource use rights"),
        /// 政府特许经营合同.
        Concession => ("concession", "政府特许经营合同", "concession"),
        /// 政府和社会资本合作（PPP）项目合同.
        Ppp => ("ppp", "政府和社会资本合作（PPP）项目合同", "public-private partnership"),
        /// 政府采购、招标投标合同及其他涉及财政资金使用的合同.
        Procurement => ("procurement", "政府采购、招标投标及财政资金合同", "procurement and bidding"),
        /// 行政征收、征用、委托合同.
        Expropriation => ("expropriation", "行政征收、征用、委托合同", "expropriation, requisition, entrustment"),
        /// 政府资助、补贴和科研、咨询、劳动用工等合同.
        GrantService => ("grant_service", "资助、补贴、科研、咨询、劳动用工合同", "grants, subsidies and services"),
        /// 政府招商引资合同.
        InvestmentAttraction => ("investment_attraction", "政府招商引资合同", "investment attraction"),
        /// 政府产业扶持合同.
        IndustrialSupport => ("industrial_support", "政府产业扶持合同", "industrial support"),
        /// 框架协议、战略合作协议等其他政府合同.
        Framework => ("framework", "框架协议、战略合作协议", "framework and strategic cooperation"),
    }
}

lvyue_core::code_enum! {
    /// Where a contract stands (履约状态).
    pub enum ContractStatus {
        /// 履约中.
        Performing => ("performing", "履约中", "performing"),
        /// 部分履约.
        PartlyPerformed => ("partly_performed", "部分履约", "partly performed"),
        /// 未按时履约 (with the reason).
        Overdue => ("overdue", "未按时履约", "overdue"),
        /// 履约完毕.
        Performed => ("performed", "履约完毕", "performed"),
        /// 已销号.
        ClosedOut => ("closed_out", "已销号", "closed out"),
        /// 依法变更.
        ChangedLawfully => ("changed_lawfully", "依法变更", "changed lawfully"),
        /// 已终止.
        Terminated => ("terminated", "已终止", "terminated"),
        /// 违约 (a breach determined on a complaint).
        Breached => ("breached", "违约", "breached"),
    }
}

lvyue_core::code_enum! {
    /// What a contract's history entry records.
    pub enum ContractEntryKind {
        /// 履约记录: a milestone met, in part or in full.
        Performance => ("performance", "履约记录", "performance"),
        /// 履约风险.
        Risk => ("risk", "履约风险", "risk"),
        /// 依法变更.
        Change => ("change", "依法变更", "lawful change"),
        /// 销号.
        CloseOut => ("close_out", "销号", "close-out"),
    }
}

lvyue_core::code_enum! {
    /// A risk to performance (履约风险, 003 二(三)1).
    pub enum RiskKind {
        /// 相对方经营状况、财产状况恶化.
        CounterpartyDeterioration => ("counterparty_deterioration", "相对方经营或财产状况恶化", "the counterparty's deterioration"),
        /// 不可抗力.
        ForceMajeure => ("force_majeure", "不可抗力", "force majeure"),
        /// 政府换届、机构或职能调整、责任人更替.
        Reorganisation => ("reorganisation", "换届、机构调整或责任人更替", "reorganisation or change of officials"),
        /// 其他.
        Other => ("other", "其他风险", "other"),
    }
}

lvyue_core::code_enum! {
    /// What may be done to a contract.
    pub enum ContractAction {
        /// 增加履约节点.
        AddMilestone => ("add_milestone", "增加履约节点", "add a milestone"),
        /// 登记履约.
        Perform => ("perform", "登记履约", "record performance"),
        /// 报告风险.
        RaiseRisk => ("raise_risk", "报告风险", "raise a risk"),
        /// 依法变更.
        Change => ("change", "依法变更", "change lawfully"),
        /// 销号.
        CloseOut => ("close_out", "销号", "close out"),
    }
}

/// The one table of what applies where: the actions open in `status`. It both refuses (see
/// [`check`]) and lists `allowed_actions`.
pub fn allowed(status: ContractStatus) -> &'static [ContractAction] {
    use ContractAction as A;
    use ContractStatus as S;
    match status {
        S::Performing | S::PartlyPerformed | S::Overdue => &[A::AddMilestone, A::Perform, A::RaiseRisk, A::Change],
        S::Performed => &[A::RaiseRisk, A::CloseOut],
        S::ClosedOut | S::ChangedLawfully | S::Terminated | S::Breached => &[],
    }
}

/// 409 `invalid_transition` unless `action` applies in `status`.
pub fn check(status: ContractStatus, action: ContractAction) -> Result<(), AppError> {
    if allowed(status).contains(&action) {
        return Ok(());
    }
    Err(AppError::conflict(
        "invalid_transition",
        Message::new(
            format!("合同状态为“{}”，不能{}", status.label_zh(), action.label_zh()),
            format!("the contract is {status}; it cannot {}", action.label_en()),
        ),
    ))
}
