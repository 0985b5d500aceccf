//! The SSRF guard: a channel's URL must lead to the public internet, not
//! to this server, its private network or the cloud's metadata service.
//! Checked when a channel is saved and again at every send; the addresses
//! checked at send are the ones the connection uses (they are pinned in
//! the request's client), so a DNS answer that changes between the check
//! and the connection cannot slip through. Host forms such as
//! `http://2130706433/` or `http://0177.0.0.1/` are normalised by the
//! `url` crate (the WHATWG parser) before anything is classified.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::{Host, Url};

/// Why a URL may not be posted to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefused {
    #[error("is not a URL: {0}")]
    Unparsable(String),
    #[error("must start with http:// or https://, not {0}://")]
    Scheme(String),
    #[error("has no host")]
    NoHost,
    #[error("must not carry a user name or password")]
    Credentials,
    #[error("leads to {address}, a {range} address (set allow_private_webhooks for on-premise receivers)")]
    Private { address: IpAddr, range: &'static str },
    #[error("host {host} could not be resolved: {reason}")]
    Unresolved { host: String, reason: String },
}

/// Whether private targets are allowed (`allow_private_webhooks`): for
/// tests and on-premise receivers only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TargetPolicy {
    pub allow_private: bool,
}

/// A URL that passed the guard, with the addresses to connect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedTarget {
    pub url: Url,
    /// The host name to pin (`None` when the URL names an IP address).
    pub domain: Option<String>,
    pub addresses: Vec<SocketAddr>,
}

/// Parses `text` and checks what can be checked without DNS: the scheme,
/// no credentials, and an IP-literal host's range.
pub fn parse_url(text: &str, policy: TargetPolicy) -> Result<Url, UrlRefused> {
    let url = Url::parse(text.trim()).map_err(|e| UrlRefused::Unparsable(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlRefused::Scheme(url.scheme().to_string()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlRefused::Credentials);
    }
    match url.host() {
        None => return Err(UrlRefused::NoHost),
        Some(Host::Ipv4(ip)) => check_address(IpAddr::V4(ip), policy)?,
        Some(Host::Ipv6(ip)) => check_address(IpAddr::V6(ip), policy)?,
        Some(Host::Domain(_)) => {}
    }
    Ok(url)
}

/// Parses `text`, resolves its host once, and refuses it when any address
/// is not public. The answer's addresses are the ones to connect to.
pub async fn check_url(text: &str, policy: TargetPolicy) -> Result<CheckedTarget, UrlRefused> {
    let url = parse_url(text, policy)?;
    let port = url.port_or_known_default().ok_or(UrlRefused::NoHost)?;
    let (domain, addresses) = match url.host() {
        Some(Host::Ipv4(ip)) => (None, vec![SocketAddr::new(IpAddr::V4(ip), port)]),
        Some(Host::Ipv6(ip)) => (None, vec![SocketAddr::new(IpAddr::V6(ip), port)]),
        Some(Host::Domain(name)) => {
            let unresolved = |reason: String| UrlRefused::Unresolved { host: name.to_string(), reason };
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((name, port)).await.map_err(|e| unresolved(e.to_string()))?.collect();
            if found.is_empty() {
                return Err(unresolved("no addresses".into()));
            }
            for address in &found {
                check_address(address.ip(), policy)?;
            }
            (Some(name.to_string()), found)
        }
        None => return Err(UrlRefused::NoHost),
    };
    Ok(CheckedTarget { url, domain, addresses })
}

fn check_address(address: IpAddr, policy: TargetPolicy) -> Result<(), UrlRefused> {
    match non_public_range(address) {
        Some(range) if !policy.allow_private => Err(UrlRefused::Private { address, range }),
        _ => Ok(()),
    }
}

/// The name of the non-public range `address` is in, or `None` for a
/// public address.
pub fn non_public_range(address: IpAddr) -> Option<&'static str> {
    match address {
        IpAddr::V4(v4) => v4_range(v4),
        IpAddr::V6(v6) => v6_range(v6),
    }
}

fn v4_range(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    let range = match (a, b, c) {
        (0, ..) => "\"this network\" (0.0.0.0/8)",
        (127, ..) => "loopback",
        (10, ..) | (172, 16..=31, _) | (192, 168, _) => "private (RFC 1918)",
        (100, 64..=127, _) => "carrier-grade NAT (100.64.0.0/10)",
        (169, 254, _) => "link-local (cloud metadata)",
        (192, 0, 0) => "IETF protocol assignment",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (198, 18..=19, _) => "benchmarking",
        (224..=239, ..) => "multicast",
        (240..=255, ..) => "reserved or broadcast",
        _ => return None,
    };
    Some(range)
}

fn v6_range(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = embedded_v4(ip) {
        return v4_range(v4);
    }
    let first = ip.segments()[0];
    let range = if ip.is_loopback() {
        "loopback"
    } else if ip.is_unspecified() {
        "unspecified"
    } else if first & 0xfe00 == 0xfc00 {
        "unique local (fc00::/7)"
    } else if first & 0xffc0 == 0xfe80 {
        "link-local (fe80::/10)"
    } else if first & 0xffc0 == 0xfec0 {
        "site-local (fec0::/10)"
    } else if first & 0xff00 == 0xff00 {
        "multicast"
    } else if first == 0x2001 && ip.segments()[1] == 0x0db8 {
        "documentation"
    } else {
        return None;
    };
    Some(range)
}

/// The IPv4 address an IPv6 one carries and a stack would reach: mapped
/// `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4
/// `2002:aabb:ccdd::`. (`::` and `::1` are not IPv4-compatible here.)
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(tail),
        [0, 0, 0, 0, 0, 0, _, _] if !ip.is_loopback() && !ip.is_unspecified() => Some(tail),
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail),
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8)),
        _ => None,
    }
}
