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
            return Ok(DatabaseUrl::Postgres(raw.to_owned()));
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

#[cfg(test)]
mod tests {
    use super::*;

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
