//! A contract row of an import: registered, or — under a reference the unit registered before —
//! corrected as `PATCH` would (its kind and signing day stay; a different one is refused).

use crate::contract::register::{insert, particulars, GovernmentContractInput};
use crate::contract::store::ContractRow;
use crate::contract::update::save;
use diesel::prelude::*;
use lvyue_core::{AppResult, FieldError, Message};
use lvyue_db::schema::contracts;
use lvyue_db::DbConn;
use lvyue_web::import::apply::{checked, Applied, ImportOptions, Importable};
use lvyue_web::import::report::ListRowOutcome;
use serde_json::Value;

/// Contracts import.
pub struct Contracts;

fn fixed(field: &str) -> Vec<FieldError> {
    vec![FieldError::new(
        field.to_owned(),
        "fixed_after_registration",
        Message::new(
            "合同类型和签订日期登记后不能更改；如确有错误，请联系信用办",
            "a contract's kind and signing day do not change after registration",
        ),
    )]
}

impl Importable for Contracts {
    fn upsert(conn: &mut DbConn, o: &ImportOptions, body: Value) -> AppResult<Applied> {
        let fresh =
            match checked(body, o, |i: &GovernmentContractInput| i.org_id.as_deref(), |i| particulars(i, o.today))? {
                Ok(r) => r,
                Err(e) => return Ok(Err(e)),
            };
        let existing: Option<ContractRow> = lvyue_db::locked!(
            conn,
            for_update,
            contracts::table
                .filter(contracts::org_id.eq(&o.unit.id))
                .filter(contracts::reference.eq(&fresh.reference))
                .select(ContractRow::as_select()),
            |q, c| q.first(c).optional()
        )?;
        let Some(before) = existing else {
            let row = ContractRow {
                id: lvyue_core::ids::ContractId::generate().into_string(),
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
        if before.kind != fresh.kind {
            return Ok(Err(fixed("kind")));
        }
        if before.signed_on != fresh.signed_on {
            return Ok(Err(fixed("signed_on")));
        }
        let after = ContractRow {
            number: fresh.number,
            title: fresh.title,
            counterparty_name: fresh.counterparty_name,
            counterparty_uscc: fresh.counterparty_uscc,
            counterparty_private: fresh.counterparty_private,
            counterparty_sme: fresh.counterparty_sme,
            project: fresh.project,
            amount_fen: fresh.amount_fen,
            confidential: fresh.confidential,
            decision_checklist: fresh.decision_checklist,
            ..before.clone()
        };
        if after == before {
            return Ok(Ok((ListRowOutcome::Unchanged, before.id)));
        }
        save(conn, &o.actor, &before, after, o.now)?;
        Ok(Ok((ListRowOutcome::Updated, before.id)))
    }
}
