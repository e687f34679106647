//! Metrics for the people on call (`GET /metrics`, Prometheus text format).
//!
//! - Per request: `lvyue_http_requests_total` and the `lvyue_http_request_duration_seconds`
//!   histogram, by method, route pattern (`/api/v1/complaints/{id}`, never the raw path) and
//!   status.
//! - The database pools: connections open and idle, requests waiting for one (on SQLite the
//!   write pool's waiters are the single writer's queue), checkout time, checkout timeouts.
//! - Work behind: each event consumer's and each webhook subscription's lag behind the feed's
//!   head (events); webhook deliveries pending, failed and dead letters; overdue cases.
//! - The sanction check: checks logged and the log writer's batch sizes.
//!
//! Off unless `LVYUE_METRICS=true` (open) or `LVYUE_METRICS_TOKEN` is set (a bearer token of
//! its own, compared in constant time); otherwise the path answers 404 like any unknown one.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use lvyue_db::schema::{deadline_watch, webhook_deliveries, webhook_subscriptions};
use lvyue_web::AppState;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

/// Who may read `/metrics`.
#[derive(Debug, Clone, Default)]
pub struct MetricsAccess {
    /// Served at all.
    pub enabled: bool,
    /// The bearer token required, if any.
    pub token: Option<String>,
}

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder (installed once, by the first server that serves metrics; every
/// worker and every app in a test process shares it). None when another recorder was
/// installed first. Until it is installed, nothing is recorded and requests pay nothing.
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), &buckets)
                .ok()?
                .set_buckets_for_metric(
                    Matcher::Full("lvyue_sanction_check_log_batch_rows".to_owned()),
                    &[1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0],
                )
                .ok()?
                .set_buckets_for_metric(
                    Matcher::Full("lvyue_intake_batch_leads".to_owned()),
                    &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 200.0],
                )
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

/// The middleware: counts and times every request by its route pattern.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if !matches!(HANDLE.get(), Some(Some(_))) {
        return next.call(req).await;
    }
    let started = std::time::Instant::now();
    let method = req.method().as_str().to_owned();
    let res = next.call(req).await?;
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_owned());
    let status = res.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("lvyue_http_requests_total", &labels).increment(1);
    metrics::histogram!("lvyue_http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    Ok(res)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /metrics`.
pub async fn scrape(
    req: HttpRequest,
    state: web::Data<AppState>,
    access: web::Data<MetricsAccess>,
) -> Result<HttpResponse, lvyue_web::ApiError> {
    let allowed = match &access.token {
        Some(token) => req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), token.as_bytes())),
        None => access.enabled,
    };
    let Some(handle) = handle().filter(|_| allowed) else {
        return Err(lvyue_core::AppError::NotFound.into());
    };
    let st = state.clone();
    lvyue_web::db::run(&state, move |conn| gauges(conn, &st)).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(handle.render()))
}

/// Reads what the gauges show now.
fn gauges(conn: &mut lvyue_db::DbConn, st: &AppState) -> lvyue_core::AppResult<()> {
    for (name, pool) in [("read", &st.pool), ("write", &st.write_pool), ("replica", &st.replica_pool)] {
        let s = pool.state();
        metrics::gauge!("lvyue_db_pool_connections", "pool" => name).set(f64::from(s.connections));
        metrics::gauge!("lvyue_db_pool_idle", "pool" => name).set(f64::from(s.idle_connections));
    }
    for consumer in [
        lvyue_credit_record::from_case::CONSUMER,
        lvyue_credit_record::from_contract::CONSUMER,
        lvyue_sanction::follow::CONSUMER,
        lvyue_oversight::facts::CONSUMER,
        lvyue_oversight::typical::follow::CONSUMER,
        lvyue_obligation::contract::breach::CONSUMER,
        lvyue_ledger::from_case::CONSUMER,
    ] {
        if let Some(lag) = lvyue_outbox::consumer::lag(conn, consumer)? {
            metrics::gauge!("lvyue_consumer_lag_events", "consumer" => consumer).set(lag as f64);
        }
    }
    let subs: Vec<(String, String, i64, i64)> = webhook_subscriptions::table
        .select((
            webhook_subscriptions::id,
            webhook_subscriptions::name,
            webhook_subscriptions::feed_txid,
            webhook_subscriptions::feed_id,
        ))
        .load(conn)?;
    for (id, name, txid, feed_id) in subs {
        let lag = lvyue_outbox::events::behind(conn, Some((txid, feed_id)))?;
        metrics::gauge!("lvyue_webhook_subscription_lag_events", "subscription" => id, "name" => name).set(lag as f64);
    }
    let by_status: Vec<(String, i64)> = webhook_deliveries::table
        .group_by(webhook_deliveries::status)
        .select((webhook_deliveries::status, diesel::dsl::count_star()))
        .load(conn)?;
    for status in ["pending", "delivered", "failed"] {
        let n = by_status.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n);
        metrics::gauge!("lvyue_webhook_deliveries", "status" => status).set(n as f64);
    }
    let dead = lvyue_outbox::dead_letter::open_count(conn)?;
    metrics::gauge!("lvyue_dead_letters_open").set(dead as f64);
    let today = lvyue_core::time::shanghai_date(st.clock.now());
    let overdue: i64 = deadline_watch::table.filter(deadline_watch::due_on.lt(today)).count().get_result(conn)?;
    metrics::gauge!("lvyue_cases_overdue").set(overdue as f64);
    Ok(())
}
