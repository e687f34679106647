//! The fields (领域) in which a government breach is in scope.

crate::code_enum! {
    /// A field of government–business agreements in scope (违约失信范围的领域).
    pub enum Field {
        /// 政府采购
        GovernmentProcurement => ("government_procurement", "政府采购", "government procurement"),
        /// 招标投标
        Bidding => ("bidding", "招标投标", "bidding and tendering"),
        /// 招商引资
        InvestmentAttraction => ("investment_attraction", "招商引资", "investment attraction"),
        /// 政府与社会资本合作
        Ppp => ("ppp", "政府与社会资本合作", "public–private partnership"),
        /// 产业扶持
        IndustrialSupport => ("industrial_support", "产业扶持", "industrial support"),
        /// 政府投资
        GovernmentInvestment => ("government_investment", "政府投资", "government investment"),
        /// 政府债务
        GovernmentDebt => ("government_debt", "政府债务", "government debt and arrears"),
    }
}
