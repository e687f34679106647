//! Starting the service: pool, migrations, shipped calendar, token keys, the HTTP server.

use crate::api;
use crate::config::{Config, ExternalIdp};
use crate::error::RunError;
use crate::secret::jwt_secret;
use actix_web::dev::Server;
use actix_web::HttpServer;
use chrono::Datelike;
use jsonwebtoken::{Algorithm, DecodingKey};
use lvyue_core::clock::{Clock, SystemClock};
use lvyue_db::pool::{build_pool, build_pools, build_unflushed_pool};
use lvyue_db::{DatabaseUrl, LeanReads, PoolOptions, Pools};
use lvyue_web::auth::ExternalKey;
use lvyue_web::{AppState, TokenVerifier};
use std::net::TcpListener;
use std::sync::{Arc, RwLock};

/// Opens the pool and brings the schema and the shipped calendar up to date.
pub fn prepare_database(config: &Config, clock: &dyn Clock) -> Result<Pools, RunError> {
    let pools = build_pools(
        &config.database_url,
        &PoolOptions { max_size: config.pool_size, connection_timeout: config.guards.db_checkout_timeout },
    )?;
    let mut conn = pools.write.get()?;
    let applied = lvyue_db::migrate::run_pending(&mut conn)?;
    lvyue_db::migrate::refresh_statistics(&mut conn)?;
    if !applied.is_empty() {
        tracing::info!(?applied, "applied migrations");
    }
    lvyue_db::calendar::ensure_shipped(&mut conn, lvyue_core::time::to_stored(clock.now()))?;
    // The append-only tables' month partitions, three months ahead (PostgreSQL).
    lvyue_db::partitions::ensure_ahead(&mut conn).map_err(RunError::Domain)?;
    // Case-number sequences for this year and the next, so intake never creates one under load.
    let year = lvyue_core::time::to_shanghai(clock.now()).year();
    for y in [year, year + 1] {
        let scope = lvyue_intake::submit::case_scope(&config.domain.case_prefix, y);
        lvyue_db::counters::ensure_scope(&mut conn, &scope)?;
    }
    drop(conn);
    Ok(pools)
}

fn external_keys(idp: &ExternalIdp) -> Result<Vec<ExternalKey>, RunError> {
    let mut keys = Vec::new();
    for path in &idp.key_files {
        let pem = std::fs::read(path).map_err(|e| RunError::file(path, e))?;
        let kid = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        if let Ok(key) = DecodingKey::from_rsa_pem(&pem) {
            keys.push(ExternalKey { kid, algorithm: Algorithm::RS256, key });
        } else if let Ok(key) = DecodingKey::from_ec_pem(&pem) {
            keys.push(ExternalKey { kid, algorithm: Algorithm::ES256, key });
        } else {
            return Err(RunError::Key(path.clone()));
        }
    }
    Ok(keys)
}

/// The token verifier for this configuration.
pub fn token_verifier(config: &Config) -> Result<TokenVerifier, RunError> {
    let secret = jwt_secret(config)?;
    let (keys, iss_aud) = match &config.external_idp {
        Some(idp) => (external_keys(idp)?, Some((idp.issuer.clone(), idp.audience.clone()))),
        None => (Vec::new(), None),
    };
    Ok(TokenVerifier::new(&secret, keys, iss_aud).with_max_ttl(config.guards.max_token_ttl_seconds))
}

/// A running server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Builds the server with the system clock.
    pub fn build(config: Config) -> Result<Application, RunError> {
        Application::build_with_clock(config, Arc::new(SystemClock))
    }

    /// Builds the server with a given clock (tests move it to check deadlines).
    pub fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Application, RunError> {
        let pools = prepare_database(&config, clock.as_ref())?;
        let calendar = {
            let mut conn = pools.read.get()?;
            lvyue_db::calendar::load(&mut conn)?
        };
        // The metrics recorder, once per process, when metrics are served at all.
        if config.guards.metrics || config.guards.metrics_token.is_some() {
            let _ = crate::metrics::handle();
        }
        let replica_pool = match &config.database_read_url {
            Some(url) => build_pool(
                url,
                &PoolOptions { max_size: config.pool_size, connection_timeout: config.guards.db_checkout_timeout },
            )?,
            None => pools.read.clone(),
        };
        let lean_for = |url: &DatabaseUrl| {
            let lean = config.lean_reads.then(|| LeanReads::for_url(url, config.guards.db_checkout_timeout));
            lean.flatten().map(Arc::new)
        };
        let lean = lean_for(&config.database_url);
        let lean_replica = match &config.database_read_url {
            Some(url) => lean_for(url),
            None => lean.clone(),
        };
        let state = AppState {
            replica_pool,
            lean,
            lean_replica,
            pool: pools.read,
            write_pool: pools.write,
            clock,
            calendar: Arc::new(RwLock::new(Arc::new(calendar))),
            settings: Arc::new(config.domain.clone()),
            max_body_bytes: config.max_body_bytes,
            max_import_bytes: config.guards.max_import_bytes,
            client_timeout: config.guards.client_timeout,
        };
        let verifier = Arc::new(token_verifier(&config)?);
        let listener = TcpListener::bind(config.bind).map_err(|source| RunError::Bind { addr: config.bind, source })?;
        let port = listener.local_addr().map_err(RunError::Server)?.port();
        let app_state = state.clone();
        let workers = config.workers.max(1);
        // Database work runs on blocking threads; more of them than there are connections
        // only wait on the pool (and each costs memory and context switches).
        let blocking_per_worker = (config.pool_size as usize + 1).div_ceil(workers).max(2);
        let runtimes = api::Runtimes {
            webhooks: lvyue_webhooks::http::WebhookRuntime {
                settings: config.webhooks.clone(),
                client: lvyue_webhooks::worker::client(&config.webhooks)?,
            },
            check_log: lvyue_sanction::log_writer::CheckLogWriter::start(
                build_unflushed_pool(&config.database_url, &PoolOptions::default())?
                    .unwrap_or_else(|| state.write_pool.clone()),
            )
            .map_err(RunError::Server)?,
            intake: lvyue_intake::writer::IntakeWriter::start(state.clone()).map_err(RunError::Server)?,
            cors_origins: Arc::new(config.cors_origins.clone()),
            metrics: actix_web::web::Data::new(crate::metrics::MetricsAccess {
                enabled: config.guards.metrics,
                token: config.guards.metrics_token.clone(),
            }),
            quotas: actix_web::web::Data::new(lvyue_web::quota::Quotas::new(
                config.guards.rate_limit_per_minute,
                config.guards.sanction_check_rate_limit_per_minute,
                config.guards.public_rate_limit_per_minute,
            )),
        };
        let server = HttpServer::new(move || api::app(app_state.clone(), Arc::clone(&verifier), runtimes.clone()))
            .workers(workers)
            .worker_max_blocking_threads(blocking_per_worker)
            // Request headers within the client timeout, or the connection is closed (408).
            .client_request_timeout(config.guards.client_timeout)
            .listen(listener)
            .map_err(RunError::Server)?
            .run();
        let intervals =
            crate::jobs::JobIntervals { housekeeping: config.job_interval, consumers: config.consumer_poll };
        crate::jobs::spawn_calendar_refresh(&state, intervals);
        if config.run_jobs {
            crate::jobs::spawn(&state, intervals);
            lvyue_webhooks::worker::spawn(state.clone(), config.webhooks.clone())?;
        }
        let host = config.bind.ip();
        tracing::info!(port, database = %config.database_url.redacted(), "lvyue is listening");
        tracing::info!("API docs: http://{host}:{port}/docs/ (the spec: http://{host}:{port}/api-docs/openapi.json)");
        Ok(Application { port, server, state })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests reach the pool through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
