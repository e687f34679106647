//! lvyue-obligation (履约践诺, seed 003): the preventive half of 履约 — every department and
//! township lists its government contracts (政府合同) and commitments (政务承诺), tracks their
//! performance, closes them out (销号) and changes them only lawfully.
//!
//! - `access`: who sees and writes which: a unit its own, the credit office and the justice
//!   bureau (职能 `justice`) their region, auditors everything.
//! - `commitment`: commitments, their fulfilments and lawful change.
//! - `contract`: contracts, their milestones, performance, risks, lawful change and close-out.
//! - `warning`: the daily scan's warnings, acknowledged or escalated.
//! - `report`: the units' monthly confirmations and the month's overview.
//! - `transfer`: an abolished organisation's open obligations pass to its successor.
//! - `figures`: per unit, commitments kept and contracts closed out on time.
//! - `import`: the lists departments keep in spreadsheets, imported and their templates.
//! - `events`: `contract.*` and `commitment.*`, for the feed and webhooks.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod access;
pub mod commitment;
pub mod contract;
pub mod events;
pub mod figures;
pub mod http;
pub mod import;
pub mod report;
pub mod transfer;
pub mod warning;
