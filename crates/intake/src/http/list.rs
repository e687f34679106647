//! `GET /complaints`: the cases visible to the caller, filtered, newest first.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, FixedOffset, Utc};
use lvyue_case::lean::LeanReader;
use lvyue_case::read::{self, ComplaintFilter, ComplaintPage};
use lvyue_core::{Actor, AppError, AppResult, CaseStatus, Field, FieldError, Message, RegionCode};
use lvyue_db::DbConn;
use lvyue_registry::organisation::find_by_uscc;
use lvyue_registry::visibility::visibility_of;
use lvyue_web::problem::Problem;
use lvyue_web::{db, ApiResult, AppState, Caller, Limit};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the case list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplaintQuery {
    /// Status code.
    #[param(inline)]
    pub status: Option<CaseStatus>,
    /// Field code.
    #[param(inline)]
    pub field: Option<Field>,
    /// Division code (a city includes its counties).
    pub region_code: Option<String>,
    /// The handling organisation's USCC.
    pub handling_org: Option<String>,
    /// Channel code.
    pub channel: Option<String>,
    /// Received at or after (RFC 3339).
    #[param(format = DateTime)]
    pub received_from: Option<String>,
    /// Received before (RFC 3339).
    #[param(format = DateTime)]
    pub received_to: Option<String>,
    /// `true`: only cases past the time limit of their next step; `false`: only those within it.
    pub overdue: Option<bool>,
    /// Page size 1–200 (default 50).
    #[param(inline)]
    pub limit: Option<lvyue_web::Limit>,
    /// From the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

fn instant(field: &str, raw: Option<&str>) -> Result<Option<chrono::NaiveDateTime>, AppError> {
    raw.map(|r| {
        DateTime::<FixedOffset>::parse_from_rfc3339(r).map(|t| lvyue_core::time::to_stored(t.to_utc())).map_err(|_| {
            AppError::field(FieldError::new(
                field,
                "invalid_value",
                Message::new("须为带时区的 RFC 3339 时间", "must be an RFC 3339 time with an offset"),
            ))
        })
    })
    .transpose()
}

/// Lists cases visible to the caller, newest first, with cursor paging.
/// List entries carry no personal data.
#[utoipa::path(
    tag = "intake",
    params(ComplaintQuery),
    responses(
        (status = 200, description = "A page", body = ComplaintPage),
        (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/complaints")]
pub async fn list_complaints(
    state: web::Data<AppState>,
    Caller(actor): Caller,
    query: lvyue_web::Query<ComplaintQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = Limit::or_default(q.limit).0;
    let region = q
        .region_code
        .as_deref()
        .map(|r| RegionCode::parse(r).map_err(|e| AppError::field(e.at("region_code"))))
        .transpose()?;
    let received_from = instant("received_from", q.received_from.as_deref())?;
    let received_to = instant("received_to", q.received_to.as_deref())?;
    let now = state.clock.now();
    let filter = ComplaintFilter {
        status: q.status,
        field: q.field,
        region,
        handling_org_id: None,
        channel: q.channel,
        received_from,
        received_to,
        overdue: q.overdue,
    };
    let (handling_org, cursor) = (q.handling_org, q.cursor);
    // A filter by handling organisation looks it up in the registry first: the pooled path.
    let lean = LeanReader::of(&actor).filter(|_| handling_org.is_none());
    let page = match lean {
        Some(reader) => {
            let before = lvyue_db::page::after_id(cursor.as_deref())?;
            let pooled_filter = filter.clone();
            db::run_lean_on_replica(
                &state,
                move |conn| async move { reader.list(&conn, &filter, before, limit, now).await },
                move |conn| list_on_pool(conn, &actor, None, pooled_filter, cursor.as_deref(), limit, now),
            )
            .await?
        }
        None => {
            db::run_on_replica(&state, move |conn| {
                list_on_pool(conn, &actor, handling_org.as_deref(), filter, cursor.as_deref(), limit, now)
            })
            .await?
        }
    };
    Ok(HttpResponse::Ok().json(page))
}

/// The list on a pooled connection, for any caller; `handling_org` (a credit code) is looked up
/// in the registry first (an unknown one lists nothing).
fn list_on_pool(
    conn: &mut DbConn,
    actor: &Actor,
    handling_org: Option<&str>,
    mut filter: ComplaintFilter,
    cursor: Option<&str>,
    limit: i64,
    now: DateTime<Utc>,
) -> AppResult<ComplaintPage> {
    let visibility = visibility_of(conn, actor)?;
    if let Some(uscc) = handling_org {
        match find_by_uscc(conn, &uscc.trim().to_ascii_uppercase())? {
            Some(org) => filter.handling_org_id = Some(org.id),
            None => return Ok(ComplaintPage { complaints: Vec::new(), next_cursor: None }),
        }
    }
    read::list(conn, actor.role, &visibility, &filter, cursor, limit, now)
}
