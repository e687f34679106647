//! Settings the domain reads: the case-number prefix and the time limits of each stage.
//!
//! Every limit is configuration with a documented default; a credit office may set its own.

/// Per-stage time limits in working days (工作日).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLimits {
    /// From receipt to forwarding to the handling department ("第一时间"; default 3 working days).
    pub route_working_days: u32,
    /// From receipt to forwarding for SME-payment cases (Order 802 Art. 25: 10 working days).
    pub route_working_days_sme: u32,
    /// From forwarding to acceptance by the handling department (default 5 working days).
    pub accept_working_days: u32,
    /// From acceptance to a conclusion of the verification (default 15 working days).
    pub verify_working_days: u32,
    /// From forwarding (收到转交之日) to a written result for SME-payment cases (Order 802 Art. 25:
    /// 30 days).
    pub verify_calendar_days_sme: u32,
    /// The furthest an extension may reach for SME-payment cases, counted from acceptance
    /// (Order 802 Art. 25: no more than 90 days).
    pub extension_limit_days_sme: u32,
    /// A dispute in negotiation or mediation reports its outcome within (default 30 working days).
    pub negotiation_working_days: u32,
    /// A dispute at law (litigation, arbitration) reports its outcome within (default 180 days,
    /// the first-instance limit of the Civil Procedure Law).
    pub litigation_calendar_days: u32,
    /// How long after closing the channel may ask to reopen (default 10 working days).
    pub reopen_window_working_days: u32,
    /// How long an implementing department has to acknowledge a measure put in force
    /// (default 5 working days).
    pub sanction_ack_working_days: u32,
    /// How far ahead a milestone due is warned of (default 10 working days).
    pub warning_working_days: u32,
    /// How long a warning may stay open before it escalates to the credit office (default 5
    /// working days).
    pub warning_escalate_working_days: u32,
    /// How long an overdue contract's earliest late milestone may stay unmet before the
    /// contract escalates into a case, a lead to the credit office (default 20 working days).
    pub escalate_working_days: u32,
}

impl Default for TimeLimits {
    fn default() -> Self {
        TimeLimits {
            route_working_days: 3,
            route_working_days_sme: 10,
            accept_working_days: 5,
            verify_working_days: 15,
            verify_calendar_days_sme: 30,
            extension_limit_days_sme: 90,
            negotiation_working_days: 30,
            litigation_calendar_days: 180,
            reopen_window_working_days: 10,
            sanction_ack_working_days: 5,
            warning_working_days: 10,
            warning_escalate_working_days: 5,
            escalate_working_days: 20,
        }
    }
}

/// Domain settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainSettings {
    /// The prefix of case numbers, e.g. `BB` for 蚌埠 (default `LY`).
    pub case_prefix: String,
    /// Time limits.
    pub time_limits: TimeLimits,
    /// The publicity periods of credit records per grade.
    pub publicity: crate::credit::PublicityPeriods,
    /// Credit repair and objections.
    pub repair: RepairSettings,
}

/// Credit repair (信用修复) and objections (信用异议).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepairSettings {
    /// Working days the determining body has to decide a repair application (default 5;
    /// a request for more material pauses the count).
    pub decision_working_days: u32,
    /// Working days the determining body has to decide an objection (default 10).
    pub objection_working_days: u32,
    /// True: a record's measures are suspended while an objection is reviewed; false (the
    /// default): they stay in force until the objection is decided.
    pub objection_suspends_measures: bool,
}

impl Default for RepairSettings {
    fn default() -> Self {
        RepairSettings { decision_working_days: 5, objection_working_days: 10, objection_suspends_measures: false }
    }
}

impl Default for DomainSettings {
    fn default() -> Self {
        DomainSettings {
            case_prefix: "LY".to_owned(),
            time_limits: TimeLimits::default(),
            publicity: crate::credit::PublicityPeriods::default(),
            repair: RepairSettings::default(),
        }
    }
}
