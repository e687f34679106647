//! Opaque identifiers: time-ordered UUIDv7 text, one newtype per entity.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A new, time-ordered identifier.
            pub fn generate() -> Self {
                $name(uuid::Uuid::now_v7().to_string())
            }

            /// Wraps a stored identifier (from the database or a path segment).
            pub fn from_stored(s: impl Into<String>) -> Self {
                $name(s.into())
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier as owned text.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// Identifies a complaint case (投诉案件).
    ComplaintId
);
id_type!(
    /// Identifies an organisation in the registry (机构).
    OrgId
);
id_type!(
    /// Identifies a breach determination (违约失信认定).
    DeterminationId
);
id_type!(
    /// Identifies a webhook subscription (推送订阅).
    SubscriptionId
);
id_type!(
    /// Identifies a credit record (信用记录).
    CreditRecordId
);
id_type!(
    /// Identifies a measure in force (惩戒措施).
    SanctionId
);
id_type!(
    /// Identifies a credit-repair application (信用修复申请).
    RepairApplicationId
);
id_type!(
    /// Identifies an objection to a credit record (信用异议).
    ObjectionId
);
id_type!(
    /// Identifies an assessment (考核).
    AssessmentId
);
id_type!(
    /// Identifies a circular (通报).
    CircularId
);
id_type!(
    /// Identifies a typical case (典型案例).
    TypicalCaseId
);
id_type!(
    /// Identifies a department's opinion on a typical case (有关单位意见).
    TypicalCaseOpinionId
);
id_type!(
    /// Identifies a government contract (政府合同).
    ContractId
);
id_type!(
    /// Identifies a contract's milestone (履约节点).
    MilestoneId
);
id_type!(
    /// Identifies an entry of a contract's history.
    ContractEntryId
);
id_type!(
    /// Identifies a government commitment (政务承诺).
    CommitmentId
);
id_type!(
    /// Identifies a commitment's fulfilment entry.
    CommitmentFulfilmentId
);
id_type!(
    /// Identifies a warning about an obligation (风险提示).
    WarningId
);
id_type!(
    /// Identifies a self-inspection campaign (专项治理自查).
    CampaignId
);
id_type!(
    /// Identifies a problem in the ledger (台账问题).
    LedgerItemId
);
id_type!(
    /// Identifies an entry of a ledger item's history or a campaign submission.
    LedgerEntryId
);
