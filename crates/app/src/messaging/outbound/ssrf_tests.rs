//! The guard against every host form the brief lists, each expectation
//! written by hand from the address ranges' definitions.

use super::ssrf::{TargetPolicy, UrlRefused, check_url, non_public_range, parse_url};

const DENY: TargetPolicy = TargetPolicy { allow_private: false };
const ALLOW: TargetPolicy = TargetPolicy { allow_private: true };

fn refused_address(url: &str) -> String {
    match parse_url(url, DENY) {
        Err(UrlRefused::Private { address, .. }) => address.to_string(),
        other => panic!("{url} should be refused as private, got {other:?}"),
    }
}

#[test]
fn every_listed_private_form_is_refused_with_the_address_it_means() {
    let cases = [
        ("http://127.0.0.1/hook", "127.0.0.1"),
        ("http://127.8.9.10/", "127.8.9.10"),
        ("http://10.1.2.3/", "10.1.2.3"),
        ("http://172.16.0.1/", "172.16.0.1"),
        ("http://172.31.255.255/", "172.31.255.255"),
        ("http://192.168.1.1/", "192.168.1.1"),
        ("http://100.64.0.1/", "100.64.0.1"),
        ("http://100.127.255.254/", "100.127.255.254"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://0.0.0.0/", "0.0.0.0"),
        ("http://224.0.0.1/", "224.0.0.1"),
        ("http://255.255.255.255/", "255.255.255.255"),
        ("http://[::1]/", "::1"),
        ("http://[::]/", "::"),
        ("http://[fc00::1]/", "fc00::1"),
        ("http://[fd12:3456::1]/", "fd12:3456::1"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://[ff02::1]/", "ff02::1"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
        ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254"),
        ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1"),
        // 2130706433 = 127·2²⁴ + 1
        ("http://2130706433/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
        ("http://0x7f.0.0.1/", "127.0.0.1"),
        ("http://0x7f000001/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1"),
        // 0xA9FEA9FE = 169.254.169.254
        ("http://0xa9fea9fe/", "169.254.169.254"),
        ("http://012.0.0.1/", "10.0.0.1"),
    ];
    for (url, address) in cases {
        assert_eq!(refused_address(url), address, "{url}");
    }
}

#[test]
fn public_addresses_and_names_pass_the_parse() {
    for url in [
        "https://hooks.slack.com/services/T0/B0/XYZ",
        "http://93.184.215.14/",
        "https://8.8.8.8:8443/x",
        "http://172.32.0.1/",
        "http://100.128.0.1/",
        "http://192.169.0.1/",
        "http://[2606:4700::1111]/",
        "http://[::ffff:8.8.8.8]/",
    ] {
        assert!(parse_url(url, DENY).is_ok(), "{url}");
    }
}

#[test]
fn ranges_are_named_by_their_kind() {
    assert_eq!(non_public_range("10.0.0.1".parse().unwrap()), Some("private (RFC 1918)"));
    assert_eq!(non_public_range("169.254.169.254".parse().unwrap()), Some("link-local (cloud metadata)"));
    assert_eq!(non_public_range("64:ff9b::7f00:1".parse().unwrap()), Some("loopback"), "NAT64 of 127.0.0.1");
    assert_eq!(non_public_range("2002:7f00:1::".parse().unwrap()), Some("loopback"), "6to4 of 127.0.0.1");
    assert_eq!(non_public_range("1.1.1.1".parse().unwrap()), None);
}

#[test]
fn only_http_and_https_without_credentials_are_accepted() {
    assert_eq!(parse_url("ftp://example.com/", DENY), Err(UrlRefused::Scheme("ftp".into())));
    assert_eq!(parse_url("file:///etc/passwd", DENY), Err(UrlRefused::Scheme("file".into())));
    assert_eq!(parse_url("gopher://example.com/", DENY), Err(UrlRefused::Scheme("gopher".into())));
    assert_eq!(parse_url("https://user:pw@example.com/", DENY), Err(UrlRefused::Credentials));
    assert!(matches!(parse_url("not a url", DENY), Err(UrlRefused::Unparsable(_))));
}

#[test]
fn allowing_private_targets_lets_them_through() {
    assert!(parse_url("http://127.0.0.1:9000/", ALLOW).is_ok());
    assert!(parse_url("http://[::1]/", ALLOW).is_ok());
}

#[tokio::test]
async fn a_name_is_checked_by_every_address_it_resolves_to_and_those_are_pinned() {
    let refused = check_url("http://localhost:9/hook", DENY).await;
    assert!(matches!(refused, Err(UrlRefused::Private { range: "loopback", .. })), "{refused:?}");
    let allowed = check_url("http://localhost:9/hook", ALLOW).await.unwrap();
    assert_eq!(allowed.domain.as_deref(), Some("localhost"));
    assert!(!allowed.addresses.is_empty() && allowed.addresses.iter().all(|a| a.ip().is_loopback() && a.port() == 9));
    let literal = check_url("http://127.0.0.1:9/", ALLOW).await.unwrap();
    assert_eq!((literal.domain, literal.addresses), (None, vec!["127.0.0.1:9".parse().unwrap()]));
}
