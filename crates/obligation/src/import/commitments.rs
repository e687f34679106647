//! A commitment row of an import: listed, or — under a reference the unit listed before —
//! corrected as `PATCH` would (its kind, source kind, official and day promised stay; a
//! different one is refused).

use crate::commitment::register::{insert, particulars, CommitmentInput};
use crate::commitment::store::CommitmentRow;
use crate::commitment::update::save;
use diesel::prelude::*;
use lvyue_core::{AppResult, FieldError, Message};
use lvyue_db::schema::commitments;
use lvyue_db::DbConn;
use lvyue_web::import::apply::{checked, Applied, ImportOptions, Importable};
use lvyue_web::import::report::ListRowOutcome;
use serde_json::Value;

/// Commitments import.
pub struct Commitments;

fn fixed(field: &str) -> Vec<FieldError> {
    vec![FieldError::new(
        field.to_owned(),
        "fixed_after_registration",
        Message::new(
            "承诺类型、来源类别、承诺人和承诺日期登记后不能更改",
            "a commitment's kind, source kind, official and day promised do not change after listing",
        ),
    )]
}

impl Importable for Commitments {
    fn upsert(conn: &mut DbConn, o: &ImportOptions, body: Value) -> AppResult<Applied> {
        let fresh = match checked(body, o, |i: &CommitmentInput| i.org_id.as_deref(), particulars)? {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        let existing: Option<CommitmentRow> = lvyue_db::locked!(
            conn,
            for_update,
            commitments::table
                .filter(commitments::org_id.eq(&o.unit.id))
                .filter(commitments::reference.eq(&fresh.reference))
                .select(CommitmentRow::as_select()),
            |q, c| q.first(c).optional()
        )?;
        let Some(before) = existing else {
            let row = CommitmentRow {
                id: lvyue_core::ids::CommitmentId::generate().into_string(),
                org_id: o.unit.id.clone(),
                region_code: o.unit.region_code.clone(),
                created_by: o.actor.subject.clone(),
                created_at: o.now,
                updated_at: o.now,
                ..fresh
            };
            insert(conn, &o.actor, &row, o.now)?;
            return Ok(Ok((ListRowOutcome::Created, row.id)));
        };
        for (field, same) in [
            ("kind", before.kind == fresh.kind),
            ("source_kind", before.source_kind == fresh.source_kind),
            ("official_name", before.official_name == fresh.official_name),
            ("promised_on", before.promised_on == fresh.promised_on),
        ] {
            if !same {
                return Ok(Err(fixed(field)));
            }
        }
        let after = CommitmentRow {
            source_title: fresh.source_title,
            source_number: fresh.source_number,
            content: fresh.content,
            beneficiaries: fresh.beneficiaries,
            due_on: fresh.due_on,
            ..before.clone()
        };
        if after == before {
            return Ok(Ok((ListRowOutcome::Unchanged, before.id)));
        }
        save(conn, &o.actor, &before, after, o.now)?;
        Ok(Ok((ListRowOutcome::Updated, before.id)))
    }
}
