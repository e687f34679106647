//! Typical cases (典型案例, 000 §三(三), 002 四(八)): a credit office selects a record from the
//! candidates, writes an anonymised summary, the departments concerned give their opinions
//! (会同有关单位), and it is published on the credit website — until the office withdraws it,
//! or its record ends (repaired, revoked, expired, removed) and it withdraws itself.
//!
//! ```text
//! draft ─add_opinion─▶ draft ─publish─▶ published ─withdraw─▶ withdrawn
//!   └──────────────────withdraw──────────────────────────────▶ withdrawn
//! (its record ending withdraws a draft or a published one)
//! ```
//!
//! - `candidates`: the records ranked by the three criteria.
//! - `anonymity`: no complainant's personal data in what is published.
//! - `store`: the row and its views.
//! - `propose`: a draft from a record.
//! - `opinion`: the departments' opinions.
//! - `step`: publish and withdraw, by hand or by the record's end.
//! - `follow`: the consumer that hears records end (`oversight.typical_cases`).
//! - `read`: one, a region's list, the public pages.

pub mod anonymity;
pub mod candidates;
pub mod follow;
pub mod opinion;
pub mod propose;
pub mod read;
pub mod step;
pub mod store;

use lvyue_core::{AppError, Message, Role};

lvyue_core::code_enum! {
    /// Where a typical case stands.
    pub enum TypicalCaseStatus {
        /// 草稿: being drafted and sent to the departments concerned.
        Draft => ("draft", "草稿", "draft"),
        /// 已发布: public.
        Published => ("published", "已发布", "published"),
        /// 已撤回: no longer public.
        Withdrawn => ("withdrawn", "已撤回", "withdrawn"),
    }
}

lvyue_core::code_enum! {
    /// What may be done to a typical case.
    pub enum TypicalCaseAction {
        /// 提出意见: a department concerned gives its opinion.
        AddOpinion => ("add_opinion", "提出意见", "add an opinion"),
        /// 发布.
        Publish => ("publish", "发布", "publish"),
        /// 撤回.
        Withdraw => ("withdraw", "撤回", "withdraw"),
    }
}

lvyue_core::code_enum! {
    /// Why a typical case was withdrawn.
    pub enum WithdrawalReason {
        /// 信用办撤回.
        ByOffice => ("by_office", "信用办撤回", "withdrawn by the credit office"),
        /// 信用记录已修复.
        RecordRepaired => ("record_repaired", "信用记录已修复", "its record was repaired"),
        /// 信用记录已撤销.
        RecordRevoked => ("record_revoked", "信用记录已撤销", "its record was revoked"),
        /// 信用记录已到期.
        RecordExpired => ("record_expired", "信用记录已到期", "its record expired"),
        /// 已移出失信被执行人名单.
        RecordRemoved => ("record_removed", "已移出失信被执行人名单", "its record was removed from the list"),
    }
}

lvyue_core::code_enum! {
    /// A department's position on a typical case.
    pub enum OpinionPosition {
        /// 同意.
        Agree => ("agree", "同意", "agree"),
        /// 建议修改.
        Amend => ("amend", "建议修改", "suggest changes"),
        /// 不同意.
        Disagree => ("disagree", "不同意", "disagree"),
    }
}

/// The one table of the workflow: where `action` leads from `status`, and who takes it.
/// It both refuses (see [`check`]) and lists `allowed_actions`.
fn transition(status: TypicalCaseStatus, action: TypicalCaseAction) -> Option<(TypicalCaseStatus, &'static [Role])> {
    use TypicalCaseAction as A;
    use TypicalCaseStatus as S;
    const OFFICE: &[Role] = &[Role::CreditOffice, Role::Admin];
    match (status, action) {
        (S::Draft, A::AddOpinion) => Some((S::Draft, &[Role::Department])),
        (S::Draft, A::Publish) => Some((S::Published, OFFICE)),
        (S::Draft | S::Published, A::Withdraw) => Some((S::Withdrawn, OFFICE)),
        _ => None,
    }
}

/// Where `action` leads from `status`; 409 `invalid_transition` when it does not apply there.
pub fn check(status: TypicalCaseStatus, action: TypicalCaseAction) -> Result<TypicalCaseStatus, AppError> {
    transition(status, action).map(|(to, _)| to).ok_or_else(|| {
        AppError::conflict(
            "invalid_transition",
            Message::new(
                format!("典型案例状态为“{}”，不能{}", status.label_zh(), action.label_zh()),
                format!("the typical case is {status}; it cannot be {}", action.label_en()),
            ),
        )
    })
}

/// The actions `role` may take in `status` (a department's are further bound to the
/// departments concerned; the view narrows them).
pub fn allowed(status: TypicalCaseStatus, role: Role) -> Vec<TypicalCaseAction> {
    TypicalCaseAction::ALL
        .iter()
        .copied()
        .filter(|a| transition(status, *a).is_some_and(|(_, roles)| roles.contains(&role)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_refuses_what_it_does_not_list() {
        use TypicalCaseAction as A;
        use TypicalCaseStatus as S;
        for s in S::ALL {
            for a in A::ALL {
                let listed = [Role::CreditOffice, Role::Department].iter().any(|r| allowed(*s, *r).contains(a));
                assert_eq!(listed, check(*s, *a).is_ok(), "{s} {a}");
            }
        }
        assert_eq!(allowed(S::Published, Role::CreditOffice), [A::Withdraw]);
        assert!(allowed(S::Withdrawn, Role::Admin).is_empty());
    }
}
