//! The code lists of the verification outcomes: how a dispute is pursued, how the
//! complainant was told, the breach category and the credit grade of a determination.

crate::code_enum! {
    /// The credit grade of a finding (国办发〔2025〕22号: 轻微、一般、严重).
    pub enum Grade {
        /// 轻微: may go unpublished; at most 3 months.
        Minor => ("minor", "轻微", "minor"),
        /// 一般: published at least 3 months, at most 1 year.
        General => ("general", "一般", "general"),
        /// 严重: at least 1 year, at most 3 years.
        Serious => ("serious", "严重", "serious"),
    }
}

impl Grade {
    /// Its severity, lowest first: a finding of a higher rank is published longer and
    /// brings more measures.
    pub fn rank(self) -> u8 {
        match self {
            Grade::Minor => 0,
            Grade::General => 1,
            Grade::Serious => 2,
        }
    }
}

crate::code_enum! {
    /// The kind of breach determined (违约失信类别).
    pub enum BreachCategory {
        /// 拖欠账款: arrears owed to a firm.
        PaymentArrears => ("payment_arrears", "拖欠企业账款", "payment arrears"),
        /// 不履行合同约定.
        ContractNonperformance => ("contract_nonperformance", "不履行合同约定", "contract not performed"),
        /// 政策承诺不兑现.
        CommitmentUnfulfilled => ("commitment_unfulfilled", "政策承诺不兑现", "policy commitment not honoured"),
        /// 以机构调整、人员变动等理由不履约 ("新官不理旧账").
        LeadershipChange => (
            "leadership_change",
            "以机构调整、人员变动等理由不履约",
            "refused on the grounds of reorganisation or a change of officials"
        ),
        /// 不履行生效裁判.
        JudgmentNonperformance => ("judgment_nonperformance", "不履行生效法律文书", "court ruling not performed"),
        /// 其他.
        Other => ("other", "其他违约失信行为", "other breach"),
    }
}

crate::code_enum! {
    /// How a dispute is pursued (有分歧的处理途径).
    pub enum DisputeRoute {
        /// 协商.
        Negotiation => ("negotiation", "协商", "negotiation"),
        /// 调解.
        Mediation => ("mediation", "调解", "mediation"),
        /// 诉讼.
        Litigation => ("litigation", "诉讼", "litigation"),
        /// 仲裁.
        Arbitration => ("arbitration", "仲裁", "arbitration"),
    }
}

crate::code_enum! {
    /// How the complainant was given the explanation (解释说明方式).
    pub enum ContactMethod {
        /// 电话.
        Phone => ("phone", "电话", "phone"),
        /// 当面.
        InPerson => ("in_person", "当面", "in person"),
        /// 书面函件.
        Letter => ("letter", "书面函件", "letter"),
        /// 短信.
        Sms => ("sms", "短信", "text message"),
        /// 电子邮件.
        Email => ("email", "电子邮件", "email"),
        /// 线上平台.
        Online => ("online", "线上平台", "online platform"),
    }
}

crate::code_enum! {
    /// Which way a court or arbitral ruling went (裁判结果).
    pub enum RulingOutcome {
        /// 支持政府方.
        ForGovernment => ("for_government", "支持政府方", "for the government"),
        /// 支持企业方.
        AgainstGovernment => ("against_government", "支持企业方", "against the government"),
    }
}

crate::code_enum! {
    /// Whether the government performs a ruling against it (履行情况).
    pub enum Performance {
        /// 已履行.
        Performed => ("performed", "已履行", "performed"),
        /// 限期履行.
        Pending => ("pending", "限期履行", "due by a date"),
        /// 拒不履行.
        Refused => ("refused", "拒不履行", "refused"),
    }
}

crate::code_enum! {
    /// The credit office's answer to an extension request.
    pub enum ExtensionDecision {
        /// 同意.
        Approve => ("approve", "同意延期", "approve"),
        /// 不同意.
        Deny => ("deny", "不同意延期", "deny"),
    }
}
