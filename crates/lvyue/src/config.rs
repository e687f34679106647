//! Configuration from environment variables (`LVYUE_*`), read once by both the server and the CLI.
//!
//! Each variable is parsed into its type by serde (envy), the optional file of
//! `LVYUE_CONFIG_FILE` by dotenvy; a value that does not parse names its variable. Defaults
//! are safe for a laptop; `LVYUE_ENV=production` refuses to start with a generated or short
//! token secret.

use lvyue_core::case_number::parse_prefix;
use lvyue_core::settings::{DomainSettings, TimeLimits};
use lvyue_db::DatabaseUrl;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Development or production.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Local use: generated secret allowed, pretty logs by default.
    Development,
    /// Production: a real secret is required, JSON logs by default.
    Production,
}

/// Log output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line.
    Json,
    /// Human-readable.
    Pretty,
}

/// An identity provider whose RS256/ES256 tokens are accepted.
#[derive(Debug, Clone)]
pub struct ExternalIdp {
    /// PEM public-key files; each file's stem is its `kid`.
    pub key_files: Vec<PathBuf>,
    /// Required `iss`.
    pub issuer: String,
    /// Required `aud`.
    pub audience: String,
}

/// Everything configurable.
#[derive(Debug, Clone)]
pub struct Config {
    /// `LVYUE_ENV`.
    pub environment: Environment,
    /// `LVYUE_DATABASE_URL` (default `sqlite://data/lvyue.db`).
    pub database_url: DatabaseUrl,
    /// `LVYUE_DATABASE_READ_URL`: a streaming replica (hot standby) of `database_url` for the
    /// reads that may lag — lists, figures, exports, the public pages, the feed. PostgreSQL only.
    pub database_read_url: Option<DatabaseUrl>,
    /// `LVYUE_LEAN_READS` (default on): the hottest reads on the async workers over PostgreSQL
    /// connections of their own (`lvyue_db::lean`), where no TLS is needed. Off, they use the
    /// read pool like every other read.
    pub lean_reads: bool,
    /// `LVYUE_BIND` (default `127.0.0.1:8080`).
    pub bind: SocketAddr,
    /// `LVYUE_DATA_DIR` (default `data`): where a generated development secret is kept.
    pub data_dir: PathBuf,
    /// `LVYUE_JWT_SECRET`: the HS256 secret of lvyue's own tokens.
    pub jwt_secret: Option<String>,
    /// `LVYUE_JWT_PUBLIC_KEYS`, `LVYUE_JWT_ISSUER`, `LVYUE_JWT_AUDIENCE`.
    pub external_idp: Option<ExternalIdp>,
    /// `LVYUE_LOG_FORMAT`.
    pub log_format: LogFormat,
    /// `LVYUE_MAX_BODY_BYTES` (default 1 MiB).
    pub max_body_bytes: usize,
    /// `LVYUE_CORS_ORIGINS`: the origins (`https://portal.example.gov.cn`) whose front ends may
    /// call the API from a browser; none by default.
    pub cors_origins: Vec<String>,
    /// `LVYUE_DB_POOL_SIZE` (default 16 on PostgreSQL, 6 on SQLite, which has one writer).
    pub pool_size: u32,
    /// `LVYUE_WORKERS` (default: the number of cores).
    pub workers: usize,
    /// Case prefix and time limits.
    pub domain: DomainSettings,
    /// Whether this process runs the scheduled jobs (`LVYUE_JOBS`, default on; any number of
    /// replicas may run them).
    pub run_jobs: bool,
    /// How often the housekeeping jobs run (`LVYUE_JOB_INTERVAL_MS`, default 60000).
    pub job_interval: std::time::Duration,
    /// How often the event consumers inside lvyue (determination → credit record) poll the feed.
    pub consumer_poll: std::time::Duration,
    /// The webhook dispatcher.
    pub webhooks: lvyue_webhooks::WebhookSettings,
    /// What protects the service from slow, greedy or stolen callers.
    pub guards: Guards,
}

/// What protects the service from slow, greedy or stolen callers (issue 17).
#[derive(Debug, Clone)]
pub struct Guards {
    /// `LVYUE_MAX_TOKEN_TTL` (default `24h`): the longest lifetime a token may have; longer
    /// ones are refused, and `lvyue token` will not sign one.
    pub max_token_ttl_seconds: i64,
    /// `LVYUE_MAX_IMPORT_BYTES` (default 512 MiB): the largest import upload, spooled to a
    /// temporary file before any write transaction starts.
    pub max_import_bytes: usize,
    /// `LVYUE_CLIENT_TIMEOUT_SECS` (default 30): how long a client may take to send its
    /// request headers, and its body; then the connection is closed (408 where an answer can
    /// still be sent).
    pub client_timeout: std::time::Duration,
    /// `LVYUE_DB_CHECKOUT_TIMEOUT_MS` (default 1000): how long a request waits for a database
    /// connection before its 503 with `Retry-After`.
    pub db_checkout_timeout: std::time::Duration,
    /// `LVYUE_RATE_LIMIT_PER_MINUTE` (default 6000): requests per caller (token subject and
    /// role) per minute; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// `LVYUE_SANCTION_CHECK_RATE_LIMIT_PER_MINUTE` (default 60000): the same for the sanction
    /// check, which approval systems call in bulk.
    pub sanction_check_rate_limit_per_minute: u32,
    /// `LVYUE_PUBLIC_RATE_LIMIT_PER_MINUTE` (default 600): requests without a token (the public
    /// face) per address per minute.
    pub public_rate_limit_per_minute: u32,
    /// `LVYUE_METRICS` (default off): serve `GET /metrics` without a token.
    pub metrics: bool,
    /// `LVYUE_METRICS_TOKEN`: serve `GET /metrics` to `Authorization: Bearer` this token.
    pub metrics_token: Option<String>,
}

impl Default for Guards {
    fn default() -> Self {
        Guards {
            max_token_ttl_seconds: lvyue_web::auth::DEFAULT_MAX_TTL_SECONDS,
            max_import_bytes: 512 << 20,
            client_timeout: std::time::Duration::from_secs(30),
            db_checkout_timeout: std::time::Duration::from_millis(1000),
            rate_limit_per_minute: 6_000,
            sanction_check_rate_limit_per_minute: 60_000,
            public_rate_limit_per_minute: 600,
            metrics: false,
            metrics_token: None,
        }
    }
}

/// A setting that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// The minimum length of a production secret.
pub const MIN_SECRET_BYTES: usize = 32;

/// The prefix of every setting.
const PREFIX: &str = "LVYUE_";

/// An on/off setting: `on`, `true` or `1`; `off`, `false` or `0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Switch(bool);

impl<'de> serde::Deserialize<'de> for Switch {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        match raw.as_str() {
            "on" | "true" | "1" => Ok(Switch(true)),
            "off" | "false" | "0" => Ok(Switch(false)),
            other => Err(serde::de::Error::custom(format!("must be on or off (true/false, 1/0), not {other:?}"))),
        }
    }
}

/// `LVYUE_ENV`.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum EnvName {
    #[serde(alias = "dev")]
    Development,
    #[serde(alias = "prod")]
    Production,
}

/// `LVYUE_LOG_FORMAT`.
#[derive(Debug, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum LogName {
    Json,
    Pretty,
}

/// Every `LVYUE_*` variable as set (the prefix taken off, lower case), each parsed by serde
/// into its type; one that is not set takes its default in [`Config::from_vars`].
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Vars {
    env: Option<EnvName>,
    database_url: Option<String>,
    database_read_url: Option<String>,
    lean_reads: Option<Switch>,
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    jwt_secret: Option<String>,
    jwt_public_keys: Option<String>,
    jwt_issuer: Option<String>,
    jwt_audience: Option<String>,
    log_format: Option<LogName>,
    max_body_bytes: Option<usize>,
    cors_origins: Option<String>,
    db_pool_size: Option<u32>,
    workers: Option<usize>,
    jobs: Option<Switch>,
    job_interval_ms: Option<u64>,
    consumer_poll_ms: Option<u64>,
    webhook_poll_ms: Option<u64>,
    webhook_retry_base_ms: Option<u64>,
    webhook_retry_hours: Option<i64>,
    webhook_timeout_secs: Option<u64>,
    webhook_concurrency: Option<usize>,
    case_prefix: Option<String>,
    route_working_days: Option<u32>,
    route_working_days_sme: Option<u32>,
    accept_working_days: Option<u32>,
    verify_working_days: Option<u32>,
    verify_calendar_days_sme: Option<u32>,
    extension_limit_days_sme: Option<u32>,
    negotiation_working_days: Option<u32>,
    litigation_calendar_days: Option<u32>,
    reopen_window_working_days: Option<u32>,
    sanction_ack_working_days: Option<u32>,
    warning_working_days: Option<u32>,
    warning_escalate_working_days: Option<u32>,
    escalate_working_days: Option<u32>,
    repair_decision_working_days: Option<u32>,
    objection_decision_working_days: Option<u32>,
    objection_suspends_measures: Option<Switch>,
    publicity_minor_min_months: Option<u32>,
    publicity_minor_max_months: Option<u32>,
    publicity_general_min_months: Option<u32>,
    publicity_general_max_months: Option<u32>,
    publicity_serious_min_months: Option<u32>,
    publicity_serious_max_months: Option<u32>,
    max_token_ttl: Option<String>,
    max_import_bytes: Option<usize>,
    client_timeout_secs: Option<u64>,
    db_checkout_timeout_ms: Option<u64>,
    rate_limit_per_minute: Option<u32>,
    sanction_check_rate_limit_per_minute: Option<u32>,
    public_rate_limit_per_minute: Option<u32>,
    metrics: Option<Switch>,
    metrics_token: Option<String>,
    webhook_allow_private: Option<Switch>,
}

impl Vars {
    /// Parses `vars` (any names; those without the prefix, and blank values, are left out).
    fn parse(vars: impl IntoIterator<Item = (String, String)>) -> Result<Vars, ConfigError> {
        let set = vars
            .into_iter()
            .filter(|(k, _)| k.starts_with(PREFIX))
            .map(|(k, v)| (k, v.trim().to_owned()))
            .filter(|(_, v)| !v.is_empty());
        envy::prefixed(PREFIX).from_iter(set).map_err(|e| {
            // envy names the variable without its prefix, in lower case: name it as it is set.
            let text = e.to_string();
            match text.rsplit_once(" provided by ") {
                Some((what, name)) => ConfigError(format!("{PREFIX}{}: {what}", name.to_ascii_uppercase())),
                None => ConfigError(text),
            }
        })
    }
}

impl Config {
    /// Reads the process environment, and the optional file named by `LVYUE_CONFIG_FILE`
    /// (dotenv syntax: `KEY=VALUE` lines, `#` comments, quotes); a variable set in the
    /// environment wins over the file.
    pub fn from_env() -> Result<Config, ConfigError> {
        let mut vars: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        if let Ok(path) = std::env::var("LVYUE_CONFIG_FILE") {
            vars.extend(read_config_file(std::path::Path::new(&path))?);
        }
        vars.extend(std::env::vars().filter(|(_, v)| !v.trim().is_empty()));
        Config::from_vars(vars)
    }

    /// Reads settings from `vars` (the environment, or a map in tests).
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Config, ConfigError> {
        let vars: Vec<(String, String)> = vars.into_iter().collect();
        let repair_min = repair_minimums(&vars)?;
        let v = Vars::parse(vars)?;
        let (webhooks, time_limits, repair) = (webhooks(&v), time_limits(&v), repair(&v));
        let guards = guards(&v)?;
        let publicity = publicity(&v, repair_min)?;
        let environment = match v.env {
            None | Some(EnvName::Development) => Environment::Development,
            Some(EnvName::Production) => Environment::Production,
        };
        let database_url = DatabaseUrl::parse(v.database_url.as_deref().unwrap_or("sqlite://data/lvyue.db"))
            .map_err(|e| ConfigError(e.to_string()))?;
        let database_read_url = match v.database_read_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(raw) => match (&database_url, DatabaseUrl::parse(raw)) {
                (DatabaseUrl::Postgres(_), Ok(replica @ DatabaseUrl::Postgres(_))) => Some(replica),
                _ => {
                    return Err(ConfigError(
                        "LVYUE_DATABASE_READ_URL names a PostgreSQL streaming replica, with a PostgreSQL LVYUE_DATABASE_URL"
                            .into(),
                    ))
                }
            },
        };
        let bind_raw = v.bind.unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind =
            bind_raw.parse().map_err(|_| ConfigError(format!("LVYUE_BIND must be HOST:PORT, got {bind_raw:?}")))?;
        let log_format = match (v.log_format, environment) {
            (Some(LogName::Json), _) | (None, Environment::Production) => LogFormat::Json,
            (Some(LogName::Pretty), _) | (None, Environment::Development) => LogFormat::Pretty,
        };
        let external_idp = match v.jwt_public_keys {
            None => None,
            Some(files) => Some(ExternalIdp {
                key_files: files.split(',').map(|f| PathBuf::from(f.trim())).collect(),
                issuer: v
                    .jwt_issuer
                    .ok_or_else(|| ConfigError("LVYUE_JWT_ISSUER is required with LVYUE_JWT_PUBLIC_KEYS".into()))?,
                audience: v
                    .jwt_audience
                    .ok_or_else(|| ConfigError("LVYUE_JWT_AUDIENCE is required with LVYUE_JWT_PUBLIC_KEYS".into()))?,
            }),
        };
        if environment == Environment::Production {
            check_production_secret(v.jwt_secret.as_deref())?;
        }
        let production = environment == Environment::Production;
        let webhooks = lvyue_webhooks::WebhookSettings {
            url_policy: lvyue_webhooks::address::UrlPolicy {
                allow_http: !production,
                allow_private: v.webhook_allow_private.map_or(!production, |s| s.0),
            },
            ..webhooks
        };
        let case_prefix = parse_prefix(v.case_prefix.as_deref().unwrap_or("LY"))
            .map_err(|e| ConfigError(format!("LVYUE_CASE_PREFIX: {}", e.message.en)))?;
        let pool_default = if matches!(database_url, DatabaseUrl::Sqlite(_)) { 6u32 } else { 16u32 };
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let ms = std::time::Duration::from_millis;
        Ok(Config {
            environment,
            database_url,
            database_read_url,
            bind,
            data_dir: v.data_dir.unwrap_or_else(|| PathBuf::from("data")),
            jwt_secret: v.jwt_secret,
            external_idp,
            log_format,
            max_body_bytes: v.max_body_bytes.unwrap_or(1 << 20),
            cors_origins: cors_origins(v.cors_origins.as_deref())?,
            pool_size: v.db_pool_size.unwrap_or(pool_default),
            workers: v.workers.unwrap_or(cores),
            webhooks,
            run_jobs: v.jobs.is_none_or(|s| s.0),
            lean_reads: v.lean_reads.is_none_or(|s| s.0),
            job_interval: ms(v.job_interval_ms.unwrap_or(60_000).max(10)),
            consumer_poll: ms(v.consumer_poll_ms.unwrap_or(1000).max(10)),
            domain: DomainSettings { case_prefix, time_limits, repair, publicity },
            guards,
        })
    }
}

/// A duration as `30m`, `24h`, `7d`, `3600s` or plain seconds.
pub fn parse_duration_seconds(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let (digits, factor) = match raw.char_indices().last() {
        Some((i, 's')) => (&raw[..i], 1),
        Some((i, 'm')) => (&raw[..i], 60),
        Some((i, 'h')) => (&raw[..i], 3600),
        Some((i, 'd')) => (&raw[..i], 86_400),
        _ => (raw, 1),
    };
    digits.parse::<i64>().ok().filter(|n| *n > 0).and_then(|n| n.checked_mul(factor))
}

/// The guards' settings.
fn guards(v: &Vars) -> Result<Guards, ConfigError> {
    let d = Guards::default();
    let max_token_ttl_seconds = match v.max_token_ttl.as_deref() {
        None => d.max_token_ttl_seconds,
        Some(raw) => parse_duration_seconds(raw)
            .ok_or_else(|| ConfigError(format!("LVYUE_MAX_TOKEN_TTL must be like 24h, 30m or 3600s, got {raw:?}")))?,
    };
    Ok(Guards {
        max_token_ttl_seconds,
        max_import_bytes: v.max_import_bytes.unwrap_or(d.max_import_bytes).max(1024),
        client_timeout: std::time::Duration::from_secs(v.client_timeout_secs.unwrap_or(30).clamp(1, 3600)),
        db_checkout_timeout: std::time::Duration::from_millis(
            v.db_checkout_timeout_ms.unwrap_or(1000).clamp(10, 60_000),
        ),
        rate_limit_per_minute: v.rate_limit_per_minute.unwrap_or(d.rate_limit_per_minute),
        sanction_check_rate_limit_per_minute: v
            .sanction_check_rate_limit_per_minute
            .unwrap_or(d.sanction_check_rate_limit_per_minute),
        public_rate_limit_per_minute: v.public_rate_limit_per_minute.unwrap_or(d.public_rate_limit_per_minute),
        metrics: v.metrics.is_some_and(|s| s.0),
        metrics_token: v.metrics_token.clone(),
    })
}

/// A production deployment refuses a generated or short token secret.
fn check_production_secret(secret: Option<&str>) -> Result<(), ConfigError> {
    match secret {
        None => Err(ConfigError(
            "LVYUE_ENV=production needs LVYUE_JWT_SECRET; a generated secret is for development only".into(),
        )),
        Some(s) if s.len() < MIN_SECRET_BYTES => {
            Err(ConfigError(format!("LVYUE_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes in production")))
        }
        Some(_) => Ok(()),
    }
}

/// The webhook dispatcher's settings.
fn webhooks(v: &Vars) -> lvyue_webhooks::WebhookSettings {
    let d = lvyue_webhooks::WebhookSettings::default();
    lvyue_webhooks::WebhookSettings {
        poll: std::time::Duration::from_millis(v.webhook_poll_ms.unwrap_or(1000).max(10)),
        retry_base: v.webhook_retry_base_ms.map_or(d.retry_base, std::time::Duration::from_millis),
        give_up_after: chrono::Duration::hours(v.webhook_retry_hours.unwrap_or(72).clamp(1, 24 * 30)),
        timeout: std::time::Duration::from_secs(v.webhook_timeout_secs.unwrap_or(15).clamp(1, 120)),
        concurrency: v.webhook_concurrency.unwrap_or(d.concurrency).clamp(1, 64),
        ..d
    }
}

/// The workflow's time limits.
fn time_limits(v: &Vars) -> TimeLimits {
    let d = TimeLimits::default();
    TimeLimits {
        route_working_days: v.route_working_days.unwrap_or(d.route_working_days),
        route_working_days_sme: v.route_working_days_sme.unwrap_or(d.route_working_days_sme),
        accept_working_days: v.accept_working_days.unwrap_or(d.accept_working_days),
        verify_working_days: v.verify_working_days.unwrap_or(d.verify_working_days),
        verify_calendar_days_sme: v.verify_calendar_days_sme.unwrap_or(d.verify_calendar_days_sme),
        extension_limit_days_sme: v.extension_limit_days_sme.unwrap_or(d.extension_limit_days_sme),
        negotiation_working_days: v.negotiation_working_days.unwrap_or(d.negotiation_working_days),
        litigation_calendar_days: v.litigation_calendar_days.unwrap_or(d.litigation_calendar_days),
        reopen_window_working_days: v.reopen_window_working_days.unwrap_or(d.reopen_window_working_days),
        sanction_ack_working_days: v.sanction_ack_working_days.unwrap_or(d.sanction_ack_working_days),
        warning_working_days: v.warning_working_days.unwrap_or(d.warning_working_days),
        warning_escalate_working_days: v.warning_escalate_working_days.unwrap_or(d.warning_escalate_working_days),
        escalate_working_days: v.escalate_working_days.unwrap_or(d.escalate_working_days),
    }
}

/// Repair's and objections' settings.
fn repair(v: &Vars) -> lvyue_core::settings::RepairSettings {
    let d = lvyue_core::settings::RepairSettings::default();
    lvyue_core::settings::RepairSettings {
        decision_working_days: v.repair_decision_working_days.unwrap_or(d.decision_working_days).max(1),
        objection_working_days: v.objection_decision_working_days.unwrap_or(d.objection_working_days).max(1),
        objection_suspends_measures: v.objection_suspends_measures.map_or(d.objection_suspends_measures, |s| s.0),
    }
}

/// The prefix of the months before a repair, per record kind and grade.
const REPAIR_MIN: &str = "LVYUE_REPAIR_MIN_MONTHS_";

/// `LVYUE_REPAIR_MIN_MONTHS_{KIND}_{GRADE}` (e.g. `…_BREACH_DETERMINATION_SERIOUS=6`): the
/// months a record of that kind and grade is published before a repair may be applied for.
fn repair_minimums(vars: &[(String, String)]) -> Result<lvyue_core::credit::RepairMinimums, ConfigError> {
    use lvyue_core::credit::RecordKind;
    use lvyue_core::Grade;
    let mut minimums = lvyue_core::credit::RepairMinimums::default();
    for (name, value) in vars.iter().filter(|(n, v)| n.starts_with(REPAIR_MIN) && !v.trim().is_empty()) {
        let rest = name[REPAIR_MIN.len()..].to_ascii_lowercase();
        let pair = rest
            .rsplit_once('_')
            .and_then(|(kind, grade)| Some((RecordKind::from_code(kind)?, Grade::from_code(grade)?)));
        let Some((kind, grade)) = pair else {
            return Err(ConfigError(format!(
                "{name}: not a record kind and grade, like {REPAIR_MIN}BREACH_DETERMINATION_GENERAL"
            )));
        };
        let months = value
            .trim()
            .parse::<u32>()
            .map_err(|_| ConfigError(format!("{name}: must be a number of months, got {value:?}")))?;
        minimums.set(kind, grade, Some(months));
    }
    Ok(minimums)
}

/// The publicity periods per grade; a minimum above its maximum is refused.
fn publicity(
    v: &Vars,
    repair_min: lvyue_core::credit::RepairMinimums,
) -> Result<lvyue_core::credit::PublicityPeriods, ConfigError> {
    let d = lvyue_core::credit::PublicityPeriods::default();
    let pair = |grade: &str, (min, max): (u32, u32), set: (Option<u32>, Option<u32>)| {
        let (min, max) = (set.0.unwrap_or(min), set.1.unwrap_or(max));
        if min > max {
            return Err(ConfigError(format!("LVYUE_PUBLICITY_{grade}_MIN_MONTHS is above the maximum")));
        }
        Ok((min, max))
    };
    Ok(lvyue_core::credit::PublicityPeriods {
        minor: pair("MINOR", d.minor, (v.publicity_minor_min_months, v.publicity_minor_max_months))?,
        general: pair("GENERAL", d.general, (v.publicity_general_min_months, v.publicity_general_max_months))?,
        serious: pair("SERIOUS", d.serious, (v.publicity_serious_min_months, v.publicity_serious_max_months))?,
        repair_min,
    })
}

/// Reads a dotenv file (`KEY=VALUE` lines, `#` comments, quoted values).
pub fn read_config_file(path: &std::path::Path) -> Result<Vec<(String, String)>, ConfigError> {
    let named = |e: dotenvy::Error| ConfigError(format!("LVYUE_CONFIG_FILE {}: {e}", path.display()));
    dotenvy::from_path_iter(path).map_err(named)?.map(|item| item.map_err(named)).collect()
}

/// `LVYUE_CORS_ORIGINS`: comma-separated origins, each `http(s)://host[:port]` and nothing more.
fn cors_origins(raw: Option<&str>) -> Result<Vec<String>, ConfigError> {
    let mut out = Vec::new();
    for origin in raw.unwrap_or("").split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let rest = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
        let valid = rest.is_some_and(|host| {
            !host.is_empty()
                && !host.contains('/')
                && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        });
        if !valid {
            return Err(ConfigError(format!(
                "LVYUE_CORS_ORIGINS: '{origin}' is not an origin like https://portal.example.gov.cn (scheme, host and optional port, no path)"
            )));
        }
        out.push(origin.to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn defaults_are_local() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, DatabaseUrl::Sqlite("data/lvyue.db".into()));
        assert_eq!(c.max_body_bytes, 1 << 20);
        assert!(c.run_jobs);
        assert_eq!(c.log_format, LogFormat::Pretty);
    }

    #[test]
    fn production_refuses_missing_or_short_secret() {
        assert!(cfg(&[("LVYUE_ENV", "production")]).is_err());
        assert!(cfg(&[("LVYUE_ENV", "production"), ("LVYUE_JWT_SECRET", "short")]).is_err());
        let long = "x".repeat(40);
        let c = cfg(&[("LVYUE_ENV", "prod"), ("LVYUE_JWT_SECRET", &long)]).unwrap();
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn config_files_are_dotenv_lines() {
        let dir = std::env::temp_dir().join(format!("lvyue-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("lvyue.env");
        std::fs::write(&file, "# comment\nLVYUE_BIND=0.0.0.0:9000\n\nLVYUE_CASE_PREFIX=\"BB\"\n").unwrap();
        let map: std::collections::HashMap<String, String> = read_config_file(&file).unwrap().into_iter().collect();
        assert_eq!(map["LVYUE_BIND"], "0.0.0.0:9000");
        assert_eq!(map["LVYUE_CASE_PREFIX"], "BB");
        std::fs::write(&file, "nonsense\n").unwrap();
        assert!(read_config_file(&file).is_err());
        assert!(read_config_file(&dir.join("missing.env")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_unknown_database_urls() {
        assert!(cfg(&[("LVYUE_DATABASE_URL", "mysql://x")]).is_err());
        assert!(cfg(&[("LVYUE_DATABASE_URL", "lvyue")]).is_err());
    }

    #[test]
    fn a_read_replica_is_a_postgresql_one_beside_a_postgresql_primary() {
        let pg = ("LVYUE_DATABASE_URL", "postgres://u@db.example/lvyue?sslmode=verify-full");
        let replica = ("LVYUE_DATABASE_READ_URL", "postgres://u@replica.example/lvyue?sslmode=verify-full");
        let c = cfg(&[pg, replica]).unwrap();
        assert!(matches!(c.database_read_url, Some(DatabaseUrl::Postgres(u)) if u.contains("replica.example")));
        assert!(cfg(&[pg]).unwrap().database_read_url.is_none());
        let e = cfg(&[replica]).unwrap_err();
        assert!(e.0.contains("LVYUE_DATABASE_READ_URL"), "{e}");
        assert!(cfg(&[pg, ("LVYUE_DATABASE_READ_URL", "sqlite://x.db")]).is_err());
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        let e = cfg(&[("LVYUE_DB_POOL_SIZE", "many")]).unwrap_err();
        assert!(e.0.starts_with("LVYUE_DB_POOL_SIZE: "), "{e}");
        let e = cfg(&[("LVYUE_JOBS", "sometimes")]).unwrap_err();
        assert!(e.0.contains("on or off"), "{e}");
        assert!(cfg(&[("LVYUE_ENV", "staging")]).is_err());
        assert!(!cfg(&[("LVYUE_JOBS", "off")]).unwrap().run_jobs);
        assert!(cfg(&[]).unwrap().lean_reads);
        assert!(!cfg(&[("LVYUE_LEAN_READS", "off")]).unwrap().lean_reads);
        assert!(cfg(&[("LVYUE_PUBLICITY_MINOR_MIN_MONTHS", "40")]).is_err());
        assert_eq!(cfg(&[("LVYUE_WORKERS", " 3 ")]).unwrap().workers, 3);
        assert_eq!(cfg(&[("LVYUE_WORKERS", "  ")]).unwrap().workers, cfg(&[]).unwrap().workers);
    }

    #[test]
    fn repair_minimums_are_set_per_kind_and_grade() {
        use lvyue_core::credit::RecordKind;
        use lvyue_core::Grade;
        let c = cfg(&[("LVYUE_REPAIR_MIN_MONTHS_BREACH_DETERMINATION_SERIOUS", "6")]).unwrap();
        let min = c.domain.publicity.repair_min;
        assert_eq!(min.get(RecordKind::BreachDetermination, Grade::Serious), Some(6));
        assert_eq!(min.get(RecordKind::BreachDetermination, Grade::General), Some(0), "000 §二(五): at once");
        assert_eq!(min.get(RecordKind::Arrears, Grade::General), None, "the grade's minimum");
        assert!(cfg(&[("LVYUE_REPAIR_MIN_MONTHS_WHATEVER_SERIOUS", "6")]).is_err());
        assert!(cfg(&[("LVYUE_REPAIR_MIN_MONTHS_ARREARS_GENERAL", "soon")]).is_err());
    }
}
