//! The audit trail's hash chain (审计链): what makes the trail verifiable by an auditor, not only
//! append-only by a trigger a database administrator can drop.
//!
//! Every entry is sealed after it commits, in commit order (PostgreSQL: `(txid, id)` below the
//! oldest transaction still running, as the event feed; SQLite: id order): its seal holds the
//! SHA-256 of the entry's canonical content and a chain hash over the previous seal's chain hash
//! and this entry's hash. Changing an entry breaks its content hash; deleting one leaves a seal
//! without its entry; changing or reordering seals breaks the chain from there on. A head exported
//! earlier (`position`, `chain_hash`) proves that nothing before it changed since, even if someone
//! rebuilt the whole chain.

use crate::audit::AuditRow;
use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use lvyue_core::AppResult;
use lvyue_db::schema::{audit_log, audit_seals};
use lvyue_db::DbConn;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

/// The chain hash before the first seal.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// The job that seals (one replica at a time).
pub const JOB: &str = "audit.seal";

/// A stored seal.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_seals)]
pub struct SealRow {
    /// 1, 2, 3, … in commit order.
    pub position: i64,
    /// The entry sealed.
    pub entry_id: i64,
    /// Its transaction.
    pub entry_txid: i64,
    /// SHA-256 of its canonical content.
    pub entry_hash: String,
    /// SHA-256 of the previous chain hash and this entry's hash.
    pub chain_hash: String,
    /// When it was sealed.
    pub sealed_at: NaiveDateTime,
}

/// The SHA-256 (hex) of an entry's canonical content: every column but the transaction id, in
/// a fixed order, as a JSON array.
pub fn entry_hash(e: &AuditRow) -> String {
    let canonical = serde_json::json!([
        e.id,
        e.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        e.actor_subject,
        e.actor_role,
        e.actor_org,
        e.request_id,
        e.client_request_id,
        e.action,
        e.entity_type,
        e.entity_id,
        e.before_state,
        e.after_state,
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// The chain hash after `previous` for an entry hashed `entry`.
pub fn chain_hash(previous: &str, entry: &str) -> String {
    let mut h = Sha256::new();
    h.update(previous.as_bytes());
    h.update(entry.as_bytes());
    hex::encode(h.finalize())
}

/// The last seal, if any.
pub fn head(conn: &mut DbConn) -> AppResult<Option<SealRow>> {
    Ok(audit_seals::table.order_by(audit_seals::position.desc()).select(SealRow::as_select()).first(conn).optional()?)
}

/// Seals up to `limit` committed entries after the head, in the caller's transaction (which
/// must hold the job's claim); answers how many.
pub fn seal_batch(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> AppResult<usize> {
    let last = head(conn)?;
    let mut query = audit_log::table.select(AuditRow::as_select()).into_boxed();
    if let Some(h) = &last {
        query = query.filter(
            sql::<Bool>("(txid, id) > (")
                .bind::<BigInt, _>(h.entry_txid)
                .sql(", ")
                .bind::<BigInt, _>(h.entry_id)
                .sql(")"),
        );
    }
    query = match conn {
        DbConn::Pg(_) => query.filter(
            audit_log::txid.lt(sql::<BigInt>("(SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint)")),
        ),
        DbConn::Sqlite(_) => query,
    };
    let entries: Vec<AuditRow> =
        query.order_by((audit_log::txid.asc(), audit_log::id.asc())).limit(limit).load(conn)?;
    let (mut position, mut previous) = last.map_or((0, GENESIS.to_owned()), |h| (h.position, h.chain_hash));
    let mut seals = Vec::with_capacity(entries.len());
    for e in &entries {
        position += 1;
        let entry = entry_hash(e);
        let chain = chain_hash(&previous, &entry);
        previous.clone_from(&chain);
        seals.push(SealRow {
            position,
            entry_id: e.id,
            entry_txid: e.txid,
            entry_hash: entry,
            chain_hash: chain,
            sealed_at: now,
        });
    }
    for chunk in seals.chunks(500) {
        lvyue_db::execute_per_backend!(conn, diesel::insert_into(audit_seals::table).values(chunk))?;
    }
    Ok(seals.len())
}

/// Where the chain broke.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct BrokenLink {
    /// The first seal that does not hold.
    pub position: i64,
    /// The entry it seals.
    pub entry_id: i64,
    /// `entry_changed` (its content no longer has the sealed hash), `entry_missing` (deleted),
    /// `chain_broken` (a seal changed, missing or out of order), `head_differs` (the chain no
    /// longer has the hash of the head you kept).
    pub reason: String,
}

/// The chain's head as an auditor keeps it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct ChainHead {
    /// Seals so far.
    pub position: i64,
    /// The last entry sealed.
    pub entry_id: Option<i64>,
    /// Its chain hash: keep it; a later verification against it proves nothing before changed.
    pub chain_hash: String,
    /// When it was sealed (RFC 3339, Asia/Shanghai).
    pub sealed_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Entries written but not sealed yet (the next housekeeping round seals them).
    pub unsealed: i64,
}

/// What a verification found.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Verification {
    /// True when every sealed entry and seal holds (and the kept head, if given, matches).
    pub verified: bool,
    /// Entries checked.
    pub entries_checked: i64,
    /// The first place it broke, when it did.
    pub first_broken: Option<BrokenLink>,
    /// The head as it is now.
    pub head: ChainHead,
}

/// The head now.
pub fn current_head(conn: &mut DbConn) -> AppResult<ChainHead> {
    let last = head(conn)?;
    let unsealed: i64 = match &last {
        Some(h) => audit_log::table
            .filter(
                sql::<Bool>("(txid, id) > (")
                    .bind::<BigInt, _>(h.entry_txid)
                    .sql(", ")
                    .bind::<BigInt, _>(h.entry_id)
                    .sql(")"),
            )
            .count()
            .get_result(conn)?,
        None => audit_log::table.count().get_result(conn)?,
    };
    Ok(match last {
        Some(h) => ChainHead {
            position: h.position,
            entry_id: Some(h.entry_id),
            chain_hash: h.chain_hash,
            sealed_at: Some(lvyue_core::time::stored_to_shanghai(h.sealed_at)),
            unsealed,
        },
        None => ChainHead { position: 0, entry_id: None, chain_hash: GENESIS.to_owned(), sealed_at: None, unsealed },
    })
}

/// Checks every seal from the first, in batches; `kept` is a head an auditor kept earlier
/// (`position`, `chain_hash`), whose hash the chain must still have there.
pub fn verify(conn: &mut DbConn, kept: Option<(i64, &str)>) -> AppResult<Verification> {
    const BATCH: i64 = 5_000;
    let (mut position, mut previous, mut checked) = (0_i64, GENESIS.to_owned(), 0_i64);
    let mut broken: Option<BrokenLink> = None;
    'batches: loop {
        let seals: Vec<SealRow> = audit_seals::table
            .filter(audit_seals::position.gt(position))
            .order_by(audit_seals::position.asc())
            .limit(BATCH)
            .select(SealRow::as_select())
            .load(conn)?;
        if seals.is_empty() {
            break;
        }
        let ids: Vec<i64> = seals.iter().map(|s| s.entry_id).collect();
        let entries: Vec<AuditRow> =
            audit_log::table.filter(audit_log::id.eq_any(&ids)).select(AuditRow::as_select()).load(conn)?;
        let by_id: std::collections::HashMap<i64, &AuditRow> = entries.iter().map(|e| (e.id, e)).collect();
        for s in &seals {
            let reason = if s.position != position + 1 || chain_hash(&previous, &s.entry_hash) != s.chain_hash {
                Some("chain_broken")
            } else {
                match by_id.get(&s.entry_id) {
                    None => Some("entry_missing"),
                    Some(e) if entry_hash(e) != s.entry_hash => Some("entry_changed"),
                    Some(_) => None,
                }
            };
            if let Some(reason) = reason {
                broken = Some(BrokenLink { position: s.position, entry_id: s.entry_id, reason: reason.to_owned() });
                break 'batches;
            }
            if kept.is_some_and(|(p, h)| p == s.position && h != s.chain_hash) {
                broken =
                    Some(BrokenLink { position: s.position, entry_id: s.entry_id, reason: "head_differs".to_owned() });
                break 'batches;
            }
            position = s.position;
            previous.clone_from(&s.chain_hash);
            checked += 1;
        }
    }
    if broken.is_none() {
        if let Some((p, _)) = kept.filter(|(p, _)| *p > position) {
            broken = Some(BrokenLink { position: p, entry_id: 0, reason: "head_differs".to_owned() });
        }
    }
    Ok(Verification {
        verified: broken.is_none(),
        entries_checked: checked,
        first_broken: broken,
        head: current_head(conn)?,
    })
}
