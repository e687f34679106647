//! The feed on the lean read path (`lvyue_db::lean`): the feed's one statement, sent from the
//! async worker instead of a blocking thread, to the replica when there is one (the horizon
//! holds there too: `tests/api/replica.rs`).

use crate::events::{feed_query, EventPage, EventRow, FeedRequest, AUDIENCE_CREDIT_PLATFORM};
use crate::scope::Visibility;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use lvyue_db::schema::events;

/// A page of the feed for `visibility` (`crate::events::read_feed`, on PostgreSQL).
pub async fn read_feed(
    mut conn: &AsyncPgConnection,
    visibility: &Visibility,
    request: &FeedRequest,
) -> QueryResult<EventPage> {
    let rows: Vec<EventRow> =
        feed_query!(visibility, request.position(), true, request.limit()).load(&mut conn).await?;
    Ok(request.page(rows))
}
