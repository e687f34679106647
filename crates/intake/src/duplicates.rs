//! Possible duplicates (疑似重复): a new case of the same complainant, respondent and contract
//! as an earlier case that came through another channel is linked with it, and both are
//! flagged for the credit office.
//!
//! A batch of intakes looks for them with one lock statement and one grouped query; only the
//! cases that have a match are linked one by one (rare: most leads have none).

use diesel::prelude::*;
use lvyue_case::complaint::ComplaintRow;
use lvyue_case::{events, CaseContext};
use lvyue_core::{Actor, AppResult};
use lvyue_db::schema::complaints;
use lvyue_db::DbConn;
use lvyue_outbox::audit::{self, AuditEntry};
use std::collections::{BTreeSet, HashSet};

/// The most cases a new one is linked to as possible duplicates.
const MAX_DUPLICATE_LINKS: i64 = 20;
/// The link kind for possible duplicates.
pub const POSSIBLE_DUPLICATE: &str = "possible_duplicate";

/// Links the batch's new cases (in the order they were taken in) with earlier cases of the
/// same key from other channels, and flags them. Answers which of the new cases were flagged.
pub fn flag_batch(conn: &mut DbConn, ctx: &CaseContext<'_>, batch: &[(&Actor, &ComplaintRow)]) -> AppResult<Vec<bool>> {
    let keys: BTreeSet<&str> = batch.iter().map(|(_, row)| row.duplicate_key.as_str()).collect();
    let keys: Vec<&str> = keys.into_iter().collect();
    lock_keys(conn, &keys)?;
    // Which (key, channel) pairs exist at all, the batch's own rows included.
    let pairs: HashSet<(String, String)> = complaints::table
        .filter(complaints::duplicate_key.eq_any(&keys))
        .select((complaints::duplicate_key, complaints::channel))
        .distinct()
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut flagged = Vec::with_capacity(batch.len());
    for (at, (actor, row)) in batch.iter().enumerate() {
        let candidate = pairs.iter().any(|(key, channel)| *key == row.duplicate_key && *channel != row.channel);
        if !candidate {
            flagged.push(false);
            continue;
        }
        // As if the batch had come one by one: a case is not linked to those after it.
        let later: Vec<&str> = batch[at + 1..].iter().map(|(_, r)| r.id.as_str()).collect();
        flagged.push(flag_one(conn, ctx, actor, row, &later)?);
    }
    Ok(flagged)
}

/// On PostgreSQL, takes the transaction's advisory lock on each key, in one order for every
/// writer: two leads with the same key committing at once would not see each other under READ
/// COMMITTED; the second waits here for the first and then finds it.
fn lock_keys(conn: &mut DbConn, keys: &[&str]) -> AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query(
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) \
             FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n",
        )
        .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(keys)
        .execute(pg)?;
    }
    Ok(())
}

/// Links case `row` with up to [`MAX_DUPLICATE_LINKS`] earlier cases of its key from other
/// channels (none of `later`), flags them all, and announces it to the credit office.
fn flag_one(
    conn: &mut DbConn,
    ctx: &CaseContext<'_>,
    actor: &Actor,
    row: &ComplaintRow,
    later: &[&str],
) -> AppResult<bool> {
    let others: Vec<ComplaintRow> = complaints::table
        .filter(complaints::duplicate_key.eq(&row.duplicate_key))
        .filter(complaints::channel.ne(&row.channel))
        .filter(complaints::id.ne(&row.id))
        .filter(complaints::id.ne_all(later))
        .select(ComplaintRow::as_select())
        .order_by(complaints::id.asc())
        .limit(MAX_DUPLICATE_LINKS)
        .load(conn)?;
    if others.is_empty() {
        return Ok(false);
    }
    for other in &others {
        for (a, b) in [(&row.id, &other.id), (&other.id, &row.id)] {
            lvyue_case::write::link(conn, a, b, POSSIBLE_DUPLICATE, ctx.stored_now)?;
        }
    }
    let mut ids: Vec<&str> = others.iter().map(|o| o.id.as_str()).collect();
    ids.push(&row.id);
    lvyue_case::write::flag_possible_duplicates(conn, &ids)?;
    // The audit trail records the annotation.
    let entries = others
        .iter()
        .chain(std::iter::once(row))
        .map(|flagged| AuditEntry {
            actor,
            action: "complaint.flag_possible_duplicate",
            entity_type: "complaint",
            entity_id: &flagged.id,
            before: Some(serde_json::json!({ "possible_duplicate": flagged.possible_duplicate })),
            after: Some(serde_json::json!({ "possible_duplicate": true, "related_to": row.id })),
        })
        .collect();
    audit::append_many(conn, ctx.stored_now, entries)?;
    let related: Vec<serde_json::Value> = others
        .iter()
        .map(|o| serde_json::json!({ "id": o.id, "case_number": o.case_number, "channel": o.channel }))
        .collect();
    // Announced to the credit office's region only: channels do not learn of each other's cases.
    let mut event = events::about(row, events::POSSIBLE_DUPLICATE, serde_json::json!({ "related": related }));
    event.channel = None;
    event.handling_org_id = None;
    lvyue_outbox::events::append(conn, ctx.stored_now, event)?;
    Ok(true)
}
