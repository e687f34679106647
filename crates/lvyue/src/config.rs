//! Configuration from environment variables (`LVYUE_*`), read once by both the server and the CLI.
//!
//! Defaults are safe for a laptop; `LVYUE_ENV=production` refuses to start with
//! a generated or short token secret.

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
}

/// A setting that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// The minimum length of a production secret.
pub const MIN_SECRET_BYTES: usize = 32;

fn var(get: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(
    get: &dyn Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> Result<T, ConfigError> {
    match var(get, name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| ConfigError(format!("{name} must be a number, got {v:?}"))),
    }
}

impl Config {
    /// Reads the process environment, and the optional file named by `LVYUE_CONFIG_FILE`
    /// (`KEY=VALUE` lines, `#` comments); a variable set in the environment wins over the file.
    pub fn from_env() -> Result<Config, ConfigError> {
        let file = match std::env::var("LVYUE_CONFIG_FILE") {
            Ok(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| ConfigError(format!("LVYUE_CONFIG_FILE {path}: {e}")))?;
                parse_config_file(&text)?
            }
            Err(_) => std::collections::HashMap::new(),
        };
        Config::from_lookup(&|k| {
            std::env::var(k).ok().filter(|v| !v.trim().is_empty()).or_else(|| file.get(k).cloned())
        })
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let environment = match var(get, "LVYUE_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => {
                return Err(ConfigError(format!("LVYUE_ENV must be development or production, got {other:?}")))
            }
        };
        let database_url =
            DatabaseUrl::parse(&var(get, "LVYUE_DATABASE_URL").unwrap_or_else(|| "sqlite://data/lvyue.db".into()))
                .map_err(|e| ConfigError(e.to_string()))?;
        let bind_raw = var(get, "LVYUE_BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind =
            bind_raw.parse().map_err(|_| ConfigError(format!("LVYUE_BIND must be HOST:PORT, got {bind_raw:?}")))?;
        let log_format = match var(get, "LVYUE_LOG_FORMAT").as_deref() {
            None if environment == Environment::Production => LogFormat::Json,
            None => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            Some(other) => return Err(ConfigError(format!("LVYUE_LOG_FORMAT must be json or pretty, got {other:?}"))),
        };
        let external_idp = match var(get, "LVYUE_JWT_PUBLIC_KEYS") {
            None => None,
            Some(files) => Some(ExternalIdp {
                key_files: files.split(',').map(|f| PathBuf::from(f.trim())).collect(),
                issuer: var(get, "LVYUE_JWT_ISSUER")
                    .ok_or_else(|| ConfigError("LVYUE_JWT_ISSUER is required with LVYUE_JWT_PUBLIC_KEYS".into()))?,
                audience: var(get, "LVYUE_JWT_AUDIENCE")
                    .ok_or_else(|| ConfigError("LVYUE_JWT_AUDIENCE is required with LVYUE_JWT_PUBLIC_KEYS".into()))?,
            }),
        };
        let jwt_secret = var(get, "LVYUE_JWT_SECRET");
        if environment == Environment::Production {
            match &jwt_secret {
                None => {
                    return Err(ConfigError(
                        "LVYUE_ENV=production needs LVYUE_JWT_SECRET; a generated secret is for development only"
                            .into(),
                    ))
                }
                Some(s) if s.len() < MIN_SECRET_BYTES => {
                    return Err(ConfigError(format!(
                        "LVYUE_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes in production"
                    )))
                }
                Some(_) => {}
            }
        }
        let defaults = TimeLimits::default();
        let case_prefix = parse_prefix(&var(get, "LVYUE_CASE_PREFIX").unwrap_or_else(|| "LY".into()))
            .map_err(|e| ConfigError(format!("LVYUE_CASE_PREFIX: {}", e.message.en)))?;
        let pool_default = if matches!(database_url, DatabaseUrl::Sqlite(_)) { 6u32 } else { 16u32 };
        let pool_size = number(get, "LVYUE_DB_POOL_SIZE", pool_default)?;
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Ok(Config {
            environment,
            database_url,
            bind,
            data_dir: PathBuf::from(var(get, "LVYUE_DATA_DIR").unwrap_or_else(|| "data".into())),
            jwt_secret,
            external_idp,
            log_format,
            max_body_bytes: number(get, "LVYUE_MAX_BODY_BYTES", 1usize << 20)?,
            cors_origins: cors_origins(var(get, "LVYUE_CORS_ORIGINS").as_deref())?,
            pool_size,
            workers: number(get, "LVYUE_WORKERS", cores)?,
            webhooks: {
                let d = lvyue_webhooks::WebhookSettings::default();
                lvyue_webhooks::WebhookSettings {
                    poll: std::time::Duration::from_millis(number(get, "LVYUE_WEBHOOK_POLL_MS", 1000u64)?.max(10)),
                    retry_base: std::time::Duration::from_millis(number(
                        get,
                        "LVYUE_WEBHOOK_RETRY_BASE_MS",
                        d.retry_base.as_millis() as u64,
                    )?),
                    give_up_after: chrono::Duration::hours(
                        number(get, "LVYUE_WEBHOOK_RETRY_HOURS", 72i64)?.clamp(1, 24 * 30),
                    ),
                    timeout: std::time::Duration::from_secs(
                        number(get, "LVYUE_WEBHOOK_TIMEOUT_SECS", 15u64)?.clamp(1, 120),
                    ),
                    concurrency: number(get, "LVYUE_WEBHOOK_CONCURRENCY", d.concurrency)?.clamp(1, 64),
                }
            },
            run_jobs: !matches!(var(get, "LVYUE_JOBS").as_deref(), Some("off" | "false" | "0")),
            job_interval: std::time::Duration::from_millis(number(get, "LVYUE_JOB_INTERVAL_MS", 60_000u64)?.max(10)),
            consumer_poll: std::time::Duration::from_millis(number(get, "LVYUE_CONSUMER_POLL_MS", 1000u64)?.max(10)),
            domain: DomainSettings {
                case_prefix,
                time_limits: TimeLimits {
                    route_working_days: number(get, "LVYUE_ROUTE_WORKING_DAYS", defaults.route_working_days)?,
                    route_working_days_sme: number(
                        get,
                        "LVYUE_ROUTE_WORKING_DAYS_SME",
                        defaults.route_working_days_sme,
                    )?,
                    accept_working_days: number(get, "LVYUE_ACCEPT_WORKING_DAYS", defaults.accept_working_days)?,
                    verify_working_days: number(get, "LVYUE_VERIFY_WORKING_DAYS", defaults.verify_working_days)?,
                    verify_calendar_days_sme: number(
                        get,
                        "LVYUE_VERIFY_CALENDAR_DAYS_SME",
                        defaults.verify_calendar_days_sme,
                    )?,
                    extension_limit_days_sme: number(
                        get,
                        "LVYUE_EXTENSION_LIMIT_DAYS_SME",
                        defaults.extension_limit_days_sme,
                    )?,
                    negotiation_working_days: number(
                        get,
                        "LVYUE_NEGOTIATION_WORKING_DAYS",
                        defaults.negotiation_working_days,
                    )?,
                    litigation_calendar_days: number(
                        get,
                        "LVYUE_LITIGATION_CALENDAR_DAYS",
                        defaults.litigation_calendar_days,
                    )?,
                    reopen_window_working_days: number(
                        get,
                        "LVYUE_REOPEN_WINDOW_WORKING_DAYS",
                        defaults.reopen_window_working_days,
                    )?,
                    sanction_ack_working_days: number(
                        get,
                        "LVYUE_SANCTION_ACK_WORKING_DAYS",
                        defaults.sanction_ack_working_days,
                    )?,
                },
                repair: {
                    let d = lvyue_core::settings::RepairSettings::default();
                    lvyue_core::settings::RepairSettings {
                        decision_working_days: number(
                            get,
                            "LVYUE_REPAIR_DECISION_WORKING_DAYS",
                            d.decision_working_days,
                        )?
                        .max(1),
                        objection_working_days: number(
                            get,
                            "LVYUE_OBJECTION_DECISION_WORKING_DAYS",
                            d.objection_working_days,
                        )?
                        .max(1),
                        objection_suspends_measures: match var(get, "LVYUE_OBJECTION_SUSPENDS_MEASURES").as_deref() {
                            None => d.objection_suspends_measures,
                            Some("true" | "1" | "on") => true,
                            Some("false" | "0" | "off") => false,
                            Some(other) => {
                                return Err(ConfigError(format!(
                                    "LVYUE_OBJECTION_SUSPENDS_MEASURES must be true or false, not {other:?}"
                                )))
                            }
                        },
                    }
                },
                publicity: {
                    let d = lvyue_core::credit::PublicityPeriods::default();
                    let pair = |grade: &str, (min, max): (u32, u32)| -> Result<(u32, u32), ConfigError> {
                        let min = number(get, &format!("LVYUE_PUBLICITY_{grade}_MIN_MONTHS"), min)?;
                        let max = number(get, &format!("LVYUE_PUBLICITY_{grade}_MAX_MONTHS"), max)?;
                        if min > max {
                            return Err(ConfigError(format!(
                                "LVYUE_PUBLICITY_{grade}_MIN_MONTHS is above the maximum"
                            )));
                        }
                        Ok((min, max))
                    };
                    lvyue_core::credit::PublicityPeriods {
                        minor: pair("MINOR", d.minor)?,
                        general: pair("GENERAL", d.general)?,
                        serious: pair("SERIOUS", d.serious)?,
                    }
                },
            },
        })
    }
}

/// Parses `KEY=VALUE` lines; blank lines and `#` comments are skipped, quotes around values removed.
pub fn parse_config_file(text: &str) -> Result<std::collections::HashMap<String, String>, ConfigError> {
    let mut map = std::collections::HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| ConfigError(format!("config file line {}: expected KEY=VALUE", n + 1)))?;
        let value = value.trim().trim_matches('"').trim_matches('\'');
        map.insert(key.trim().to_owned(), value.to_owned());
    }
    Ok(map)
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
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(&move |k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_local() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, DatabaseUrl::Sqlite("data/lvyue.db".into()));
        assert_eq!(c.max_body_bytes, 1 << 20);
    }

    #[test]
    fn production_refuses_missing_or_short_secret() {
        assert!(cfg(&[("LVYUE_ENV", "production")]).is_err());
        assert!(cfg(&[("LVYUE_ENV", "production"), ("LVYUE_JWT_SECRET", "short")]).is_err());
        let long = "x".repeat(40);
        assert!(cfg(&[("LVYUE_ENV", "production"), ("LVYUE_JWT_SECRET", &long)]).is_ok());
    }

    #[test]
    fn config_files_are_key_value_lines() {
        let map = parse_config_file("# comment\nLVYUE_BIND=0.0.0.0:9000\n\nLVYUE_CASE_PREFIX=\"BB\"\n").unwrap();
        assert_eq!(map["LVYUE_BIND"], "0.0.0.0:9000");
        assert_eq!(map["LVYUE_CASE_PREFIX"], "BB");
        assert!(parse_config_file("nonsense").is_err());
    }

    #[test]
    fn refuses_unknown_database_urls() {
        assert!(cfg(&[("LVYUE_DATABASE_URL", "mysql://x")]).is_err());
        assert!(cfg(&[("LVYUE_DATABASE_URL", "lvyue")]).is_err());
    }
}
