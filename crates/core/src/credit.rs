//! The government credit record's vocabulary (政务信用记录): the four kinds of record, a
//! record's status and visibility, and the publicity window each grade implies
//! (国办发〔2025〕22号).

use crate::verdict::Grade;
use chrono::{Months, NaiveDate};

crate::code_enum! {
    /// The kind of a credit record (000 §二(三)).
    pub enum RecordKind {
        /// 违约失信核实认定信息: from a determined case.
        BreachDetermination => ("breach_determination", "违约失信核实认定信息", "breach determination"),
        /// 公共政策兑现和履约践诺信息: from the justice bureau (司法局).
        CommitmentFulfilment => ("commitment_fulfilment", "公共政策兑现和履约践诺信息", "policy and commitment fulfilment"),
        /// 拖欠账款信息: from the industry and IT bureau (经信局).
        Arrears => ("arrears", "拖欠账款信息", "arrears"),
        /// 被列入失信被执行人信息: from the courts.
        JudgmentDefaulter => ("judgment_defaulter", "被列入失信被执行人信息", "listed as a judgment defaulter"),
    }
}

impl RecordKind {
    /// True for the kinds data providers report (a breach determination comes only from a case).
    pub fn from_providers(self) -> bool {
        self != RecordKind::BreachDetermination
    }
}

crate::code_enum! {
    /// Where a credit record stands.
    pub enum RecordStatus {
        /// 有效: published and shared as its visibility allows; its sanctions apply.
        Active => ("active", "有效", "active"),
        /// 异议处理中: a subject's objection is being reviewed.
        UnderObjection => ("under_objection", "异议处理中", "under objection"),
        /// 已修复: repaired; no longer published, shared or used.
        Repaired => ("repaired", "已修复", "repaired"),
        /// 已到期: past its maximum publicity period.
        Expired => ("expired", "已到期", "expired"),
        /// 已撤销: withdrawn as wrong.
        Revoked => ("revoked", "已撤销", "revoked"),
    }
}

impl RecordStatus {
    /// True while the record is in force (published, shared and sanctioned as it allows).
    pub fn in_force(self) -> bool {
        matches!(self, RecordStatus::Active | RecordStatus::UnderObjection)
    }

    /// The status of a new record whose window ends on `expires_on`: a finding whose
    /// maximum period has already passed is kept, but not published (`expired`).
    pub fn initial(expires_on: NaiveDate, today: NaiveDate) -> RecordStatus {
        if expires_on <= today {
            RecordStatus::Expired
        } else {
            RecordStatus::Active
        }
    }

    /// True when a record in this status may move to `to`. Ended records never move again,
    /// except that an expired one found wrong (an objection decided after it expired, a
    /// provider's withdrawal) is revoked: its history must say it was wrong, not merely old.
    pub fn may_become(self, to: RecordStatus) -> bool {
        use RecordStatus::*;
        match self {
            Active => matches!(to, UnderObjection | Repaired | Expired | Revoked),
            UnderObjection => matches!(to, Active | Repaired | Expired | Revoked),
            Expired => to == Revoked,
            Repaired | Revoked => false,
        }
    }
}

crate::code_enum! {
    /// Who may see a credit record.
    pub enum RecordVisibility {
        /// 公开: published on the credit website and shared with the platform.
        Public => ("public", "公开", "public"),
        /// 共享: shared with the public credit platform and government users, not published.
        Shared => ("shared", "共享", "shared"),
        /// 内部: government users of this system only.
        Internal => ("internal", "内部", "internal"),
    }
}

impl RecordVisibility {
    /// The default for a grade: a minor finding may go unpublished (shared only).
    pub fn default_for(grade: Grade) -> RecordVisibility {
        match grade {
            Grade::Minor => RecordVisibility::Shared,
            Grade::General | Grade::Serious => RecordVisibility::Public,
        }
    }

    /// True when the public credit platform receives it.
    pub fn shared_with_platform(self) -> bool {
        self != RecordVisibility::Internal
    }
}

/// The minimum and maximum publicity periods per grade, in months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicityPeriods {
    /// Minor: (0, 3).
    pub minor: (u32, u32),
    /// General: (3, 12).
    pub general: (u32, u32),
    /// Serious: (12, 36).
    pub serious: (u32, u32),
}

impl Default for PublicityPeriods {
    fn default() -> Self {
        PublicityPeriods { minor: (0, 3), general: (3, 12), serious: (12, 36) }
    }
}

/// A record's publicity window, from the day of the finding. Periods in months count as
/// 民法典 Arts. 201–202 say: the day of the finding is not counted, and a period ends on the
/// corresponding day of its last month (that month's last day when it has none). The record
/// is published through that day; the next day a repair may be applied for (minimum) or the
/// record expires (maximum). A minimum of 0 months allows a repair at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicityWindow {
    /// Before this day a repair is refused (the minimum period has not passed).
    pub repairable_from: NaiveDate,
    /// On this day publication ends by itself (the maximum period has passed).
    pub expires_on: NaiveDate,
}

impl PublicityPeriods {
    /// The window of a record of `grade` found on `decided_on`.
    pub fn window(&self, grade: Grade, decided_on: NaiveDate) -> PublicityWindow {
        let (min, max) = match grade {
            Grade::Minor => self.minor,
            Grade::General => self.general,
            Grade::Serious => self.serious,
        };
        let after = |m: u32| match m {
            0 => decided_on,
            m => {
                decided_on.checked_add_months(Months::new(m)).and_then(|last| last.succ_opt()).unwrap_or(NaiveDate::MAX)
            }
        };
        PublicityWindow { repairable_from: after(min), expires_on: after(max) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_follow_the_grades() {
        let p = PublicityPeriods::default();
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        // Found on 31 January: three months end on 30 April (April has no 31st), so a repair
        // may be applied for from 1 May; a year ends on 31 January 2027, expiry the next day.
        let w = p.window(Grade::General, d);
        assert_eq!(w.repairable_from, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap());
        assert_eq!(w.expires_on, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap());
        let w = p.window(Grade::Minor, d);
        assert_eq!((w.repairable_from, w.expires_on), (d, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()));
        assert_eq!(p.window(Grade::Serious, d).expires_on, NaiveDate::from_ymd_opt(2029, 2, 1).unwrap());
    }

    #[test]
    fn ended_records_never_move() {
        assert!(RecordStatus::Active.may_become(RecordStatus::Expired));
        assert!(!RecordStatus::Expired.may_become(RecordStatus::Active));
        assert!(!RecordStatus::Revoked.may_become(RecordStatus::Repaired));
        assert!(RecordStatus::Expired.may_become(RecordStatus::Revoked));
        assert!(!RecordStatus::Repaired.may_become(RecordStatus::Revoked));
    }
}
