//! The sanction check on the lean read path (`lvyue_db::lean`): the one-question check's
//! statement, sent from the async worker instead of a blocking thread. The check must see a
//! record repaired a moment ago, so it reads the primary — never a replica.

use crate::check::{answer_from, one_question_query, CheckAnswer};
use crate::restriction::RestrictionRow;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use lvyue_core::sanction::Benefit;
use lvyue_core::Uscc;
use lvyue_db::schema::sanction_restrictions;

/// Is `uscc` restricted from `benefit`? (`crate::check::answer` for one question.)
pub async fn answer_one(mut conn: &AsyncPgConnection, uscc: &Uscc, benefit: Benefit) -> QueryResult<CheckAnswer> {
    let rows: Vec<RestrictionRow> = one_question_query!(uscc, benefit).load(&mut conn).await?;
    Ok(answer_from(uscc, benefit, rows))
}
