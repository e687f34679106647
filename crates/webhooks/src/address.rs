//! Where deliveries may go (issue 17): a subscription's URL is `https` (or `http` outside
//! production), carries no user-info, and — in production, unless
//! `LVYUE_WEBHOOK_ALLOW_PRIVATE=true` — names no loopback, link-local or private address. The
//! address is checked again when a delivery is sent, on every name resolution (a name may
//! resolve to a private address later), so a subscription cannot be turned into a way into the
//! government network lvyue sits in.

use lvyue_core::AppError;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

/// What a subscription's URL may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlPolicy {
    /// Plain `http` is accepted (development only).
    pub allow_http: bool,
    /// Loopback, link-local and private addresses are accepted.
    pub allow_private: bool,
}

impl UrlPolicy {
    /// Production: `https` only, public addresses only.
    pub const STRICT: UrlPolicy = UrlPolicy { allow_http: false, allow_private: false };
    /// Development: `http` and local receivers too.
    pub const LOCAL: UrlPolicy = UrlPolicy { allow_http: true, allow_private: true };
}

/// True for an address on the public internet: not loopback, private, link-local, shared
/// (CGNAT), unspecified, broadcast, documentation or multicast; IPv4-mapped IPv6 as its IPv4.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => public_v4(v4),
            None => public_v6(v6),
        },
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)))
}

fn public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80)
}

fn refused(code: &'static str, zh: &'static str, en: &'static str) -> AppError {
    AppError::invalid("url", code, zh, en)
}

/// Checks a subscription's URL against `policy` (422 on `url`).
pub fn check_url(raw: &str, policy: UrlPolicy) -> Result<Url, AppError> {
    let url = Url::parse(raw.trim()).map_err(|_| refused("invalid_url", "不是有效的网址", "not a valid URL"))?;
    match url.scheme() {
        "https" => {}
        "http" if policy.allow_http => {}
        "http" => {
            return Err(refused("https_required", "生产环境只接受 https 地址", "production accepts https URLs only"))
        }
        _ => {
            return Err(refused(
                "unsupported_scheme",
                "只接受 https（开发环境也接受 http）地址",
                "only https (and http outside production) URLs",
            ))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refused("user_info", "网址不得包含用户名或密码", "a URL may not carry a user name or password"));
    }
    let Some(host) = url.host() else {
        return Err(refused("invalid_url", "网址缺少主机名", "the URL has no host"));
    };
    if !policy.allow_private {
        let literal = match host {
            url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
            url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
            url::Host::Domain(d) if d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost") => {
                Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
            }
            url::Host::Domain(_) => None,
        };
        if literal.is_some_and(|ip| !is_public(ip)) {
            return Err(refused(
                "private_address",
                "不得指向本机、链路本地或内网地址",
                "the URL may not point at a loopback, link-local or private address",
            ));
        }
    }
    Ok(url)
}

/// The resolver deliveries use when private addresses are refused: it drops every address
/// that is not public, and fails when none is left, so a name that later resolves inside the
/// network is never connected to.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let resolved = tokio::task::spawn_blocking(move || (host.as_str(), 0).to_socket_addrs())
                .await
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)??;
            let public: Vec<SocketAddr> = resolved.filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err("the name resolves to no public address".into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_https_urls_pass_the_strict_policy() {
        let strict = UrlPolicy::STRICT;
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "gopher://example.cn/",
            "http://hotline.example.gov.cn/hook",
            "https://user:pw@hotline.example.gov.cn/hook",
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://169.254.169.254/latest",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "https://localhost/hook",
        ] {
            assert!(check_url(bad, strict).is_err(), "{bad}");
        }
        assert!(check_url("https://hotline.example.gov.cn/hook", strict).is_ok());
        assert!(check_url("https://8.8.8.8/hook", strict).is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook", UrlPolicy::LOCAL).is_ok());
        assert!(check_url("file:///etc/passwd", UrlPolicy::LOCAL).is_err());
    }
}
