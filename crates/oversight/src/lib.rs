//! lvyue-oversight (监督考核): what the credit office runs around the cases — to begin with, the
//! figures on how departments handle them (000 §三(二), 001 三(三)).
//!
//! - `facts`: oversight's own facts about each case, built from the `complaint.*` events (the
//!   case's tables are never read).
//! - `figures`: the case figures, counted from the facts.
//! - `quality`: data quality per provider (refusals, delays, unresolved subjects, corrections,
//!   objections).
//! - `labels`: names for the figures' keys, through the registry's public functions.
//! - `sheet`: the figures as Excel workbooks.
//! - `print`: circulars and assessments as PDF (feature `pdf`, on by default).
//! - `scheme`: assessment schemes a credit office owns.
//! - `assessment`: a scheme applied to a division and a period: draft, frozen, published.
//! - `circular`: circulars (通报), and the public criticism a criticism brings.
//! - `typical`: typical cases (典型案例): candidates, proposals, opinions, publication.
//! - `events`: `assessment.published`, `circular.published`, `typical_case.published`,
//!   `typical_case.withdrawn`.
//! - `access`: who reads and does what.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod access;
pub mod assessment;
pub mod circular;
pub mod events;
pub mod facts;
pub mod figures;
pub mod http;
pub mod labels;
#[cfg(feature = "pdf")]
pub mod print;
pub mod quality;
pub mod scheme;
pub mod sheet;
pub mod typical;
