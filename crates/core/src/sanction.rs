//! The sanctions' vocabulary (失信惩戒): the benefits a measure restricts, whom it binds,
//! the kinds of body that implement measures, and a measure's state.

crate::code_enum! {
    /// A benefit an approval system grants, and a measure may restrict.
    pub enum Benefit {
        /// 中央预算内资金支持.
        CentralBudgetFunds => ("central_budget_funds", "中央预算内资金支持", "central-budget funds"),
        /// 地方政府专项债券.
        SpecialBonds => ("special_bonds", "地方政府专项债券", "special bonds"),
        /// 融资项目推荐.
        FinancingRecommendation => ("financing_recommendation", "融资项目推荐", "financing recommendations"),
        /// 评优评先.
        Awards => ("awards", "评优评先", "awards"),
        /// 试点示范.
        PilotProgrammes => ("pilot_programmes", "试点示范", "pilot programmes"),
        /// 社会信用体系建设示范县区参评.
        CreditDemoEligibility => ("credit_demo_eligibility", "信用示范县区参评", "credit-demonstration eligibility"),
        /// 政府资金支持.
        GovernmentFunding => ("government_funding", "政府资金支持", "government funding"),
        /// 扶持政策.
        SupportPolicies => ("support_policies", "扶持政策", "support policies"),
        /// 政府采购.
        GovernmentProcurement => ("government_procurement", "政府采购", "government procurement"),
        /// 公务消费.
        OfficialConsumption => ("official_consumption", "公务消费", "official consumption"),
        /// 办公用房.
        OfficeSpace => ("office_space", "办公用房", "office space"),
        /// 经费安排.
        BudgetArrangement => ("budget_arrangement", "经费安排", "budget arrangement"),
        /// 银行贷款.
        BankLending => ("bank_lending", "银行贷款", "bank lending"),
        /// 国库存款与转移支付.
        TreasuryTransfers => ("treasury_transfers", "国库存款与转移支付", "treasury deposits and transfers"),
    }
}

crate::code_enum! {
    /// A measure's state (惩戒措施状态).
    pub enum SanctionStatus {
        /// 执行中.
        InForce => ("in_force", "执行中", "in force"),
        /// 暂停（异议审查期间）.
        Suspended => ("suspended", "暂停执行", "suspended"),
        /// 已结束.
        Ended => ("ended", "已结束", "ended"),
    }
}

crate::code_enum! {
    /// Whom a measure binds.
    pub enum Binds {
        /// The subject of the record.
        Subject => ("subject", "失信主体", "the subject"),
        /// The county or city in which the subject has a record (its government).
        Region => ("region", "所在县区、城市", "the subject's county or city"),
    }
}

crate::code_enum! {
    /// The kind of body that implements a measure (实施单位).
    pub enum ImplementerKind {
        /// 发展改革部门.
        DevelopmentReform => ("development_reform", "发展改革部门", "development and reform"),
        /// 财政部门.
        Finance => ("finance", "财政部门", "finance"),
        /// 机关事务管理部门.
        OfficeAffairs => ("office_affairs", "机关事务管理部门", "government offices administration"),
        /// 金融监管部门.
        FinancialRegulator => ("financial_regulator", "金融监管部门", "financial regulator"),
        /// 社会信用体系建设牵头部门.
        CreditOffice => ("credit_office", "信用办", "credit office"),
        /// 纪检监察机关.
        Discipline => ("discipline", "纪检监察机关", "discipline inspection"),
        /// 司法行政部门 (司法局): sees its region's commitments and contracts (seed 003).
        Justice => ("justice", "司法行政部门", "justice administration"),
    }
}
