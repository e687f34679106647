//! `lvyue token`: a signed token for bootstrap and scripts.

use crate::config::Config;
use crate::error::RunError;
use crate::secret::jwt_secret;
use lvyue_core::{ChannelCode, Role, Uscc};
use lvyue_web::TokenIssuer;

/// Parses `30m`, `1h`, `7d`, `3600s` or plain seconds.
pub fn parse_ttl(raw: &str) -> Result<i64, RunError> {
    let raw = raw.trim();
    let (digits, unit) = match raw.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&raw[..i], c),
        _ => (raw, 's'),
    };
    let n: i64 = digits.parse().map_err(|_| RunError::usage(format!("bad --ttl {raw:?}: use 30m, 1h, 7d or 3600s")))?;
    let factor = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return Err(RunError::usage(format!("bad --ttl unit in {raw:?}: use s, m, h or d"))),
    };
    if n <= 0 {
        return Err(RunError::usage("--ttl must be positive"));
    }
    Ok(n * factor)
}

/// Signs a token from the command-line arguments.
pub fn run(
    config: &Config,
    role: &str,
    org: Option<&str>,
    channel: Option<&str>,
    ttl: &str,
    sub: Option<&str>,
) -> Result<String, RunError> {
    let role = Role::from_code(role)
        .ok_or_else(|| RunError::usage(format!("unknown role {role:?}; one of {}", Role::codes_joined())))?;
    let org = org.map(Uscc::parse).transpose().map_err(|e| RunError::usage(format!("--org: {}", e.message.en)))?;
    let channel = channel
        .map(ChannelCode::parse)
        .transpose()
        .map_err(|e| RunError::usage(format!("--channel: {}", e.message.en)))?;
    match role {
        Role::Department | Role::CreditOffice | Role::DataProvider if org.is_none() => {
            return Err(RunError::usage(format!("--org is required for {role}")))
        }
        Role::Channel if channel.is_none() => return Err(RunError::usage("--channel is required for channel")),
        _ => {}
    }
    let ttl = parse_ttl(ttl)?;
    let max = config.guards.max_token_ttl_seconds;
    if ttl > max {
        return Err(RunError::usage(format!(
            "--ttl {ttl}s is longer than the maximum lifetime of {max}s (LVYUE_MAX_TOKEN_TTL); the server would refuse it"
        )));
    }
    let subject = sub.map(str::to_owned).unwrap_or_else(|| format!("cli:{}", role.code()));
    let secret = jwt_secret(config)?;
    Ok(TokenIssuer::new(&secret).issue(&subject, role, org.as_ref(), channel.as_ref(), ttl)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttls() {
        assert_eq!(parse_ttl("1h").unwrap(), 3600);
        assert_eq!(parse_ttl("30m").unwrap(), 1800);
        assert_eq!(parse_ttl("7d").unwrap(), 604_800);
        assert_eq!(parse_ttl("90").unwrap(), 90);
        assert!(parse_ttl("1y").is_err());
        assert!(parse_ttl("0h").is_err());
    }
}
