//! lvyue-intake (受理): channel platforms push complaint leads; lvyue routes each to
//! the department that supervises the accused one (属地管理、谁主管谁负责).
//!
//! - `submission`: the contract platforms integrate against, and its validation.
//! - `submit`: the idempotent push — one case per `(channel, external_id)`.
//! - `routing`: respondent → registry → supervising body.
//! - `deadline`: the time limit of the next step, in working days.
//! - `watch`: the open deadlines the overdue sweep waits for.
//! - `read`: a case, a channel's case by its own id, lists, the timeline — masked as the caller requires.
//!
//! The `http` module is the only one that knows about HTTP.

pub mod complaint;
pub mod deadline;
pub mod events;
pub mod fingerprint;
pub mod http;
pub mod mask;
pub mod progress;
pub mod read;
pub mod routing;
pub mod steps;
pub mod submission;
pub mod submit;
pub mod watch;
