//! Self-inspection campaigns (专项治理自查, seed 001 三(一)): the credit office names the units
//! taking part, the categories and the due dates; each unit submits its problem list, its
//! self-inspection report, its rectification plans and its rectification report; the progress
//! shows per unit what is in, what is due and what is late.
//!
//! - `store`: the row and the view; `start`: a new campaign.
//! - `submit`: a unit's submission (the rectification report closes its rectified items).
//! - `progress`: per unit, submitted, due and late.

pub mod progress;
pub mod start;
pub mod store;
pub mod submit;

lvyue_core::code_enum! {
    /// What a unit submits to a campaign.
    pub enum SubmissionKind {
        /// 问题清单.
        ProblemList => ("problem_list", "问题清单", "problem list"),
        /// 自查报告.
        SelfInspectionReport => ("self_inspection_report", "自查报告", "self-inspection report"),
        /// 整改方案.
        RectificationPlan => ("rectification_plan", "整改方案", "rectification plan"),
        /// 整改报告.
        RectificationReport => ("rectification_report", "整改报告", "rectification report"),
    }
}
