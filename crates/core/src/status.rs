//! The statuses and resolutions of a case (案件状态、办结方式).

crate::code_enum! {
    /// Where a case stands (案件状态).
    pub enum CaseStatus {
        /// 已受理: received, waiting to be routed.
        Received => ("received", "已受理", "received"),
        /// 已转交: forwarded to the handling department.
        Assigned => ("assigned", "已转交", "assigned"),
        /// 核实中: being verified.
        Verifying => ("verifying", "核实中", "verifying"),
        /// 督促整改: substantiated, being rectified.
        Rectifying => ("rectifying", "整改中", "rectifying"),
        /// 有分歧: disputed, in negotiation or at law.
        Disputed => ("disputed", "有分歧", "disputed"),
        /// 认定违约失信: determined as a breach.
        Determined => ("determined", "已认定违约失信", "determined as a breach"),
        /// 已办结: closed, with a resolution.
        Closed => ("closed", "已办结", "closed"),
    }
}

crate::code_enum! {
    /// How a closed case ended (办结方式).
    pub enum Resolution {
        /// 不予受理
        Rejected => ("rejected", "不予受理", "rejected as out of scope"),
        /// 重复线索，已合并
        Merged => ("merged", "重复线索已合并", "merged into another case"),
        /// 不属实，已解释说明
        Unfounded => ("unfounded", "不属实", "unfounded"),
        /// 完成整改
        Rectified => ("rectified", "完成整改", "rectified"),
        /// 达成和解
        Settled => ("settled", "达成和解", "settled"),
        /// 裁判支持政府方
        RuledForGovernment => ("ruled_for_government", "裁判支持政府方", "ruled for the government"),
        /// 信用修复
        Repaired => ("repaired", "已信用修复", "credit repaired"),
    }
}
