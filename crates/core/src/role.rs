//! The roles a caller's token can carry.

crate::code_enum! {
    /// A caller's role (角色).
    pub enum Role {
        /// 系统管理员: registry, channels, configuration.
        Admin => ("admin", "系统管理员", "administrator"),
        /// 信用办: runs the process for its region.
        CreditOffice => ("credit_office", "信用办", "credit office"),
        /// 处理部门: the supervising department that handles cases.
        Department => ("department", "处理部门", "handling department"),
        /// 受理渠道: a platform that pushes leads and pulls status.
        Channel => ("channel", "受理渠道", "channel platform"),
        /// 审计监督: reads everything, changes nothing.
        Auditor => ("auditor", "审计监督", "auditor"),
        /// 惩戒核查: approval systems asking whether a subject is restricted.
        SanctionChecker => ("sanction_checker", "惩戒核查", "sanction checker"),
        /// 数据提供单位: 司法局, 经信局 or a court, reporting records of its kind.
        DataProvider => ("data_provider", "数据提供单位", "data provider"),
        /// 公共信用信息共享平台: receives the shared credit records.
        CreditPlatform => ("credit_platform", "公共信用信息共享平台", "public credit platform"),
    }
}
