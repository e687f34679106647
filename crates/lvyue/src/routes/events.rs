//! `GET /api/v1/events`: the pull feed, for platforms that cannot receive webhooks.

use actix_web::{get, web, HttpResponse};
use lvyue_outbox::events::{read_feed, EventPage, FeedRequest};
use lvyue_registry::visibility::{token_visibility, visibility_of};
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Feed position and page size.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `next_cursor` of the previous page; omit to start from the beginning.
    pub after: Option<String>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
}

/// Events the caller may see, in a stable order that never inserts behind a cursor:
/// poll with `after=next_cursor` and nothing is missed. A channel sees its cases'; a
/// department the cases it handles, the records it determined and the records that name it
/// (with their repairs and objections); a credit office its region's; the public credit
/// platform the records shared with it; admins and auditors everything.
#[utoipa::path(
    tag = "events",
    params(FeedQuery),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        (status = 400, description = "Bad cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/events")]
pub async fn feed(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<FeedQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let page = match token_visibility(&actor) {
        Some(visibility) => {
            let visibility = visibility?;
            let request = FeedRequest::parse(q.after, limit)?;
            let (pooled_visibility, pooled_request) = (visibility.clone(), request.clone());
            db::run_lean_on_replica(
                &state,
                move |conn| async move { lvyue_outbox::lean::read_feed(&conn, &visibility, &request).await },
                move |conn| read_feed(conn, &pooled_visibility, &pooled_request),
            )
            .await?
        }
        None => {
            db::run_on_replica(&state, move |conn| {
                let visibility = visibility_of(conn, &actor)?;
                read_feed(conn, &visibility, &FeedRequest::parse(q.after, limit)?)
            })
            .await?
        }
    };
    Ok(HttpResponse::Ok().json(page))
}
