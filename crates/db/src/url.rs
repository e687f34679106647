//! Parsing `LVYUE_DATABASE_URL`: a SQLite path or a PostgreSQL URL, nothing else.

use std::path::PathBuf;

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An embedded SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

/// A database URL that is neither.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("LVYUE_DATABASE_URL must be sqlite://PATH, a bare file path ending in .db/.sqlite, or postgres://…; got {0:?}")]
pub struct BadDatabaseUrl(pub String);

impl DatabaseUrl {
    /// Parses `sqlite://PATH`, a bare path (`data/lvyue.db`), or `postgres://` / `postgresql://`.
    /// Anything else is an error — never a silently created file.
    pub fn parse(raw: &str) -> Result<DatabaseUrl, BadDatabaseUrl> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err(BadDatabaseUrl(raw.to_owned()));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(without_tls_on_this_host(raw)));
        }
        let looks_like_file = !raw.contains("://")
            && !raw.is_empty()
            && [".db", ".sqlite", ".sqlite3"].iter().any(|ext| raw.ends_with(ext));
        if looks_like_file {
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(raw)));
        }
        Err(BadDatabaseUrl(raw.to_owned()))
    }

    /// The URL with any password hidden, for logs.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
            DatabaseUrl::Postgres(u) => match (u.find("://"), u.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let creds = &u[s + 3..at];
                    let user = creds.split(':').next().unwrap_or("");
                    format!("{}{}:***{}", &u[..s + 3], user, &u[at..])
                }
                _ => u.clone(),
            },
        }
    }
}

/// The host a PostgreSQL URL names: `127.0.0.1`, `db`, `::1`; empty for a unix socket (no host,
/// or a `host=/path` parameter).
fn pg_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    if url.contains("host=/") {
        return String::new();
    }
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(v6) = host_port.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("").to_owned();
    }
    host_port.split(':').next().unwrap_or("").to_owned()
}

/// `url` with `sslmode=disable` added when it names no `sslmode` and PostgreSQL runs on this host
/// (loopback or a unix socket): TLS there encrypts nothing anyone could read and cost about 6 % of
/// the CPU on each side (docs/performance.md). A remote host keeps libpq's default (`prefer`)
/// unless the URL says otherwise — production names `sslmode=verify-full`.
fn without_tls_on_this_host(url: &str) -> String {
    if url.contains("sslmode=") {
        return url.to_owned();
    }
    let host = pg_host(url);
    if !(host.is_empty() || host == "localhost" || host == "::1" || host.starts_with("127.")) {
        return url.to_owned();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}sslmode=disable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_tls_on_this_host_unless_asked() {
        let pg = |u: &str| match DatabaseUrl::parse(u).unwrap() {
            DatabaseUrl::Postgres(s) => s,
            DatabaseUrl::Sqlite(_) => unreachable!(),
        };
        assert_eq!(pg("postgres://postgres@127.0.0.1:5432/x"), "postgres://postgres@127.0.0.1:5432/x?sslmode=disable");
        assert_eq!(
            pg("postgres://a:b@localhost/x?application_name=l"),
            "postgres://a:b@localhost/x?application_name=l&sslmode=disable"
        );
        assert_eq!(pg("postgres://a@[::1]:5432/x"), "postgres://a@[::1]:5432/x?sslmode=disable");
        assert_eq!(pg("postgres:///x?host=/run/postgresql"), "postgres:///x?host=/run/postgresql&sslmode=disable");
        assert_eq!(pg("postgres://a@db.internal:5432/x"), "postgres://a@db.internal:5432/x");
        assert_eq!(pg("postgres://a@127.0.0.1/x?sslmode=require"), "postgres://a@127.0.0.1/x?sslmode=require");
    }

    #[test]
    fn accepts_and_refuses() {
        assert_eq!(DatabaseUrl::parse("sqlite://data/lvyue.db").unwrap(), DatabaseUrl::Sqlite("data/lvyue.db".into()));
        assert_eq!(DatabaseUrl::parse("x/y.db").unwrap(), DatabaseUrl::Sqlite("x/y.db".into()));
        assert!(matches!(DatabaseUrl::parse("postgres://u@h/db").unwrap(), DatabaseUrl::Postgres(_)));
        assert!(DatabaseUrl::parse("mysql://u@h/db").is_err());
        assert!(DatabaseUrl::parse("lvyue").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn redacts_passwords() {
        let u = DatabaseUrl::parse("postgres://app:secret@db:5432/lvyue").unwrap();
        assert_eq!(u.redacted(), "postgres://app:***@db:5432/lvyue");
    }
}
