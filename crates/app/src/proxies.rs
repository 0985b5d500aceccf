//! Which address a request comes from, behind a reverse proxy. Throttles
//! count guesses per client (docs/accounts.md); behind nginx or a load
//! balancer every request's peer is the proxy, so one stranger's guesses
//! would block everyone. With `trusted_proxies` set, a request whose peer
//! is one of them is attributed to the right-most address of its
//! `X-Forwarded-For` that is not a trusted proxy: the hop the first trusted
//! proxy saw. Addresses to its left were written by the client and are not
//! believed. Without the setting, or from any other peer, the header is
//! ignored (anyone can send it).

use std::net::IpAddr;
use std::str::FromStr;

/// An address or a network a trusted reverse proxy sends from:
/// `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl FromStr for Network {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let addr: IpAddr =
            addr.parse().map_err(|_| format!("{text:?} is not an IP address or network (10.0.0.0/8)"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?}: the prefix must be 0 to {max}"))?,
        };
        Ok(Network { addr, prefix })
    }
}

impl<'de> serde::Deserialize<'de> for Network {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (canonical(self.addr), ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => same_prefix(&net.octets(), &ip.octets(), self.prefix),
            _ => false,
        }
    }
}

/// An IPv4 address seen as `::ffff:a.b.c.d` is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn same_prefix(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = (usize::from(bits / 8), bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

/// The client of a request from `peer` carrying `forwarded_for` (every
/// `X-Forwarded-For` header, joined with commas).
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[Network]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return canonical(peer);
    }
    let Some(header) = forwarded_for else { return canonical(peer) };
    let mut client = canonical(peer);
    for hop in header.rsplit(',') {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else { break };
        client = canonical(ip);
        if !is_trusted(client) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<Network> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn networks_hold_what_their_prefix_says() {
        let private = "10.0.0.0/8".parse::<Network>().unwrap();
        assert!(private.contains(ip("10.255.1.2")) && !private.contains(ip("11.0.0.1")));
        let odd = "192.168.4.0/22".parse::<Network>().unwrap();
        assert!(odd.contains(ip("192.168.7.255")) && !odd.contains(ip("192.168.8.0")), "a prefix inside a byte");
        assert!("127.0.0.1".parse::<Network>().unwrap().contains(ip("::ffff:127.0.0.1")), "IPv4 seen through IPv6");
        assert!("fd00::/8".parse::<Network>().unwrap().contains(ip("fd12::1")));
        assert!(!"::1".parse::<Network>().unwrap().contains(ip("127.0.0.1")));
        for bad in ["nginx", "10.0.0.0/33", "::/129", "10.0.0.0/x", ""] {
            assert!(bad.parse::<Network>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_client_is_the_first_untrusted_hop_from_the_right() {
        let trusted = nets(&["127.0.0.1", "10.0.0.0/8"]);
        let proxy = ip("127.0.0.1");
        assert_eq!(client_ip(proxy, Some("203.0.113.7"), &trusted), ip("203.0.113.7"));
        // The client wrote 1.2.3.4 itself; the proxies appended the rest.
        assert_eq!(client_ip(proxy, Some("1.2.3.4, 203.0.113.7, 10.1.1.1"), &trusted), ip("203.0.113.7"));
        assert_eq!(client_ip(proxy, None, &trusted), proxy, "no header: the peer");
        assert_eq!(client_ip(proxy, Some("garbage"), &trusted), proxy, "an unreadable hop stops the walk");
        assert_eq!(
            client_ip(ip("198.51.100.9"), Some("203.0.113.7"), &trusted),
            ip("198.51.100.9"),
            "not a proxy: ignored"
        );
        assert_eq!(client_ip(proxy, Some("203.0.113.7"), &[]), proxy, "no proxies trusted: ignored");
    }
}
