//! `lvyue audit verify`: seals what is waiting, then checks the audit trail's hash chain from
//! its first entry. Exit 0 with the count checked; non-zero naming the first broken entry.

use crate::config::Config;
use crate::error::RunError;
use crate::startup::prepare_database;
use lvyue_core::clock::{Clock, SystemClock};
use lvyue_outbox::audit_chain::{self, Verification};

/// Seals pending entries and verifies the chain (against a kept head, when given).
pub fn verify(config: &Config, kept: Option<(i64, String)>) -> Result<Verification, RunError> {
    let pools = prepare_database(config, &SystemClock)?;
    let mut conn = pools.write.get()?;
    let now = lvyue_core::time::to_stored(SystemClock.now());
    crate::jobs::seal_all(&mut conn, now)?;
    Ok(audit_chain::verify(&mut conn, kept.as_ref().map(|(p, h)| (*p, h.as_str())))?)
}
