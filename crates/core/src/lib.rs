//! lvyue-core: the vocabulary every bounded context shares.
//!
//! Identifiers and validated values are newtypes that can only be built by
//! parsing (`Uscc`, `RegionCode`, `AmountFen`, `CaseNumber`, …), so a value that
//! exists is a valid one. The one application error, `AppError`, lives here too;
//! the web crate maps it to HTTP, the domain crates never see HTTP.

pub mod actor;
pub mod attachment;
pub mod calendar;
pub mod case_number;
pub mod channel_code;
pub mod clock;
pub mod codes;
pub mod credit;
pub mod error;
pub mod field;
pub mod ids;
pub mod message;
pub mod money;
pub mod org_kind;
pub mod person;
pub mod region;
pub mod repair;
pub mod required;
pub mod role;
pub mod sanction;
pub mod settings;
pub mod status;
pub mod time;
pub mod uscc;
pub mod validation;
pub mod verdict;
pub mod workflow;

pub use actor::Actor;
pub use case_number::CaseNumber;
pub use channel_code::ChannelCode;
pub use clock::Clock;
pub use credit::{RecordKind, RecordStatus, RecordVisibility};
pub use error::{AppError, AppResult, FieldError};
pub use field::Field;
pub use ids::{ComplaintId, OrgId};
pub use message::{Lang, Message};
pub use money::AmountFen;
pub use org_kind::{OrgKind, OrgLevel};
pub use region::RegionCode;
pub use role::Role;
pub use status::{CaseStatus, Resolution};
pub use uscc::Uscc;
pub use verdict::{BreachCategory, Grade};
pub use workflow::CaseAction;
