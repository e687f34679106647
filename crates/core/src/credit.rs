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
        /// 履约践诺信息: positive or neutral information on policies honoured and commitments
        /// kept, shared in full (000 §二(三)); no grade, no publicity window, no measures.
        Fulfilment => ("fulfilment", "履约践诺信息（守信及中性信息）", "fulfilment information"),
    }
}

impl RecordKind {
    /// True for the kinds data providers report (a breach determination comes only from a case).
    pub fn from_providers(self) -> bool {
        self != RecordKind::BreachDetermination
    }

    /// True for 失信 information: graded, published for a window, repaired, and the cause of
    /// measures. False for fulfilment information, which counts in no breach figure.
    pub fn is_breach(self) -> bool {
        self != RecordKind::Fulfilment
    }

    /// True when its grade sets its publicity window and lvyue repairs it. A court's listing
    /// of a judgment defaulter keeps the court's own dates — listed until the court removes it
    /// — and fulfilment information has no window at all.
    pub fn has_grade_window(self) -> bool {
        !matches!(self, RecordKind::Fulfilment | RecordKind::JudgmentDefaulter)
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
        /// 已移出: the court removed the listing (a judgment defaulter who performed); the
        /// record was right, and it ends.
        Removed => ("removed", "已移出失信被执行人名单", "removed from the list"),
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
            Active => matches!(to, UnderObjection | Repaired | Expired | Revoked | Removed),
            UnderObjection => matches!(to, Active | Repaired | Expired | Revoked | Removed),
            Expired => to == Revoked,
            Repaired | Revoked | Removed => false,
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

    /// How widely it is seen, narrowest first (internal, shared, public).
    pub fn breadth(self) -> u8 {
        match self {
            RecordVisibility::Internal => 0,
            RecordVisibility::Shared => 1,
            RecordVisibility::Public => 2,
        }
    }
}

/// The minimum and maximum publicity periods per grade, in months, and the months before a
/// repair may be applied for, per record kind and grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicityPeriods {
    /// Minor: (0, 3).
    pub minor: (u32, u32),
    /// General: (3, 12).
    pub general: (u32, u32),
    /// Serious: (12, 36).
    pub serious: (u32, u32),
    /// Months before a repair, per kind and grade (`LVYUE_REPAIR_MIN_MONTHS_{KIND}_{GRADE}`);
    /// None: the grade's minimum publicity period.
    pub repair_min: RepairMinimums,
}

impl Default for PublicityPeriods {
    fn default() -> Self {
        PublicityPeriods { minor: (0, 3), general: (3, 12), serious: (12, 36), repair_min: RepairMinimums::default() }
    }
}

/// The months a record must be published before a repair may be applied for, per record kind
/// and grade, where they differ from the grade's minimum publicity period.
///
/// A breach determination (违约失信核实认定信息) may be repaired at once, whatever its grade: the
/// superior department repairs promptly (及时修复) once the breach is corrected and the contract
/// performed (000 §二(五); 002 三(五)). The other kinds keep the grade's minimum (国办发〔2025〕22号).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepairMinimums {
    months: [[Option<u32>; 3]; 4],
}

impl Default for RepairMinimums {
    fn default() -> Self {
        let mut months = [[None; 3]; 4];
        months[Self::kind_index(RecordKind::BreachDetermination)] = [Some(0); 3];
        RepairMinimums { months }
    }
}

impl RepairMinimums {
    fn kind_index(kind: RecordKind) -> usize {
        match kind {
            RecordKind::BreachDetermination => 0,
            RecordKind::CommitmentFulfilment => 1,
            RecordKind::Arrears => 2,
            // Fulfilment information is never repaired; its entry is never read.
            RecordKind::JudgmentDefaulter | RecordKind::Fulfilment => 3,
        }
    }

    fn grade_index(grade: Grade) -> usize {
        match grade {
            Grade::Minor => 0,
            Grade::General => 1,
            Grade::Serious => 2,
        }
    }

    /// The months before a repair of a `kind` record of `grade`, where set.
    pub fn get(&self, kind: RecordKind, grade: Grade) -> Option<u32> {
        self.months[Self::kind_index(kind)][Self::grade_index(grade)]
    }

    /// Sets them (`None`: the grade's minimum publicity period).
    pub fn set(&mut self, kind: RecordKind, grade: Grade, months: Option<u32>) {
        self.months[Self::kind_index(kind)][Self::grade_index(grade)] = months;
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

/// The last day lvyue stores: a record without a publicity window (fulfilment information)
/// neither expires by itself nor becomes repairable.
pub const NO_END: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// The window of a record that has none.
pub const NO_WINDOW: PublicityWindow = PublicityWindow { repairable_from: NO_END, expires_on: NO_END };

impl PublicityPeriods {
    /// The window of a `kind` record graded `grade`: [`NO_WINDOW`] for a kind whose grade sets
    /// none ([`RecordKind::has_grade_window`]: fulfilment information, a court's listing).
    pub fn window_of(&self, kind: RecordKind, grade: Option<Grade>, decided_on: NaiveDate) -> PublicityWindow {
        match grade {
            Some(grade) if kind.has_grade_window() => self.window(kind, grade, decided_on),
            _ => NO_WINDOW,
        }
    }

    /// The window of a `kind` record of `grade` found on `decided_on`: repairable after the
    /// kind's repair minimum (the grade's minimum publicity period unless set), expiring
    /// after the grade's maximum.
    pub fn window(&self, kind: RecordKind, grade: Grade, decided_on: NaiveDate) -> PublicityWindow {
        let (grade_min, max) = match grade {
            Grade::Minor => self.minor,
            Grade::General => self.general,
            Grade::Serious => self.serious,
        };
        let min = self.repair_min.get(kind, grade).unwrap_or(grade_min).min(max);
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
        let w = p.window(RecordKind::Arrears, Grade::General, d);
        assert_eq!(w.repairable_from, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap());
        assert_eq!(w.expires_on, NaiveDate::from_ymd_opt(2027, 2, 1).unwrap());
        let w = p.window(RecordKind::Arrears, Grade::Minor, d);
        assert_eq!((w.repairable_from, w.expires_on), (d, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()));
        assert_eq!(
            p.window(RecordKind::Arrears, Grade::Serious, d).expires_on,
            NaiveDate::from_ymd_opt(2029, 2, 1).unwrap()
        );
    }

    /// 000 §二(五), 002 三(五): a breach determination is repaired promptly once corrected, so
    /// by default it may be repaired from the day it is found, whatever its grade; its
    /// publicity still ends with the grade's maximum.
    #[test]
    fn a_breach_determination_may_be_repaired_at_once() {
        let mut p = PublicityPeriods::default();
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let w = p.window(RecordKind::BreachDetermination, Grade::Serious, d);
        assert_eq!((w.repairable_from, w.expires_on), (d, NaiveDate::from_ymd_opt(2029, 2, 1).unwrap()));
        p.repair_min.set(RecordKind::BreachDetermination, Grade::Serious, Some(6));
        let w = p.window(RecordKind::BreachDetermination, Grade::Serious, d);
        assert_eq!(w.repairable_from, NaiveDate::from_ymd_opt(2026, 8, 1).unwrap());
        p.repair_min.set(RecordKind::Arrears, Grade::General, Some(0));
        assert_eq!(p.window(RecordKind::Arrears, Grade::General, d).repairable_from, d);
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
