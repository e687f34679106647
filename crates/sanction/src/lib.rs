//! lvyue-sanction (失信惩戒): what a credit record costs its subject.
//!
//! - `catalogue`: the measures as data (basis, implementer, whom they bind, the benefits they
//!   restrict, the rule that triggers them), edited by an admin, every version kept.
//! - `follow`: measures follow records — put in force when a record becomes active, ended
//!   when it is repaired, expires or is revoked — by consuming the credit record's events.
//! - `sanction`: a measure in force against a subject or its region, acknowledged and
//!   implemented by the implementing department, flagged when not acknowledged in time.
//! - `restriction`: what the check reads, one row per (target, benefit) of each measure in
//!   force with the reasons it shows, rewritten whenever the measure or its record changes.
//! - `check`: "is this subject restricted from this benefit?", single or batched, logged.
//! - `log_writer`: the check log, written by group commit.
//! - `figures`: oversight figures per implementing body.
//! - `access`: who may read and do what, and the slice of measures a caller sees.
//! - `read`: a page of measures, and one.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod access;
pub mod catalogue;
pub mod check;
pub mod events;
pub mod figures;
pub mod follow;
pub mod http;
pub mod impose;
pub mod lean;
pub mod log_writer;
pub mod read;
pub mod restriction;
pub mod sanction;
