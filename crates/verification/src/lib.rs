//! lvyue-verification (核实办理): the handling department works a case from acceptance to
//! its outcome; the credit office routes, rejects, merges, grants extensions and urges; the
//! channel gives feedback. Every step goes through one endpoint,
//! `POST /complaints/{id}/actions/{action}`, checked against the state machine of
//! `lvyue_core::workflow`.
//!
//! - `input`: the body of each action.
//! - `actions`: one planner per group of actions: what a step changes.
//! - `act`: the one transaction that checks, applies and announces a step.
//! - `determination`: 认定违约失信, stored once per case.
//! - `overdue`: the scheduled sweep that announces passed deadlines.
//! - `calendar`: loading a year's holiday arrangement.
//! - `repaired`: a determined case closes as `repaired` when its record is repaired.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod act;
pub mod actions;
pub mod calendar;
pub mod determination;
pub mod http;
pub mod input;
pub mod overdue;
pub mod repaired;
