//! The level and kind of an organisation in the registry.

crate::code_enum! {
    /// The administrative level of an organisation (层级).
    pub enum OrgLevel {
        /// 省级
        Province => ("province", "省级", "province"),
        /// 市级
        City => ("city", "市级", "city"),
        /// 县级
        County => ("county", "县级", "county"),
        /// 乡镇级
        Township => ("township", "乡镇级", "township"),
    }
}

crate::code_enum! {
    /// The kind of an organisation (机构类型).
    pub enum OrgKind {
        /// 机关
        Organ => ("organ", "机关", "government organ"),
        /// 事业单位
        PublicInstitution => ("public_institution", "事业单位", "public institution"),
        /// 国有企业
        Soe => ("soe", "国有企业", "state-owned enterprise"),
        /// 其他
        Other => ("other", "其他", "other"),
    }
}
