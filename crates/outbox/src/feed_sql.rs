//! The feed's two conditions as fixed SQL that PostgreSQL may prepare once per connection:
//! "after this position" (`(txid, id) > ($1, $2)`, a row comparison the feed index answers in
//! one descent) and "older than every running transaction" (the snapshot horizon).
//!
//! Written with `sql()` literals they made the whole feed query uncacheable (diesel refuses to
//! cache a statement holding a literal), so PostgreSQL planned every page again: planning cost
//! several times the execution of a 50-event page.

use diesel::backend::Backend;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, HasSqlType};
use diesel::QueryResult;

/// `(txid, id) > ($1, $2)`: after the feed position `(txid, id)`.
#[derive(Debug, Clone, Copy)]
pub struct After {
    /// The position's transaction id.
    pub txid: i64,
    /// The position's row id.
    pub id: i64,
}

/// The feed horizon: `txid < (oldest running transaction)` (PostgreSQL only).
#[derive(Debug, Clone, Copy)]
pub struct BeforeHorizon;

impl QueryId for After {
    type QueryId = After;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryId for BeforeHorizon {
    type QueryId = BeforeHorizon;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Expression for After {
    type SqlType = Bool;
}

impl Expression for BeforeHorizon {
    type SqlType = Bool;
}

impl ValidGrouping<()> for After {
    type IsAggregate = is_aggregate::Never;
}

impl ValidGrouping<()> for BeforeHorizon {
    type IsAggregate = is_aggregate::Never;
}

impl<QS> AppearsOnTable<QS> for After {}
impl<QS> SelectableExpression<QS> for After {}
impl<QS> AppearsOnTable<QS> for BeforeHorizon {}
impl<QS> SelectableExpression<QS> for BeforeHorizon {}

impl<DB> QueryFragment<DB> for After
where
    DB: Backend + HasSqlType<BigInt>,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("(txid, id) > (");
        out.push_bind_param::<BigInt, _>(&self.txid)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&self.id)?;
        out.push_sql(")");
        Ok(())
    }
}

impl<DB: Backend> QueryFragment<DB> for BeforeHorizon {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("txid < (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint)");
        Ok(())
    }
}
