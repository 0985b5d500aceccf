//! Where a thank-you page may send people. A redirect is only followed to a
//! host the survey lists, so neither a survey nor an invitation can turn
//! Vocal into an open redirect for phishing links.

use url::{Host, Url};

use crate::survey::SurveyDefinition;
use crate::survey_rules::Problems;

impl SurveyDefinition {
    /// Whether the thank-you page may redirect to `url`: `https://` (or
    /// plain `http://` to localhost, for tests), no user name or password,
    /// and a host listed in `redirect_hosts`. The web layer checks an
    /// invitation's own redirect with this before storing it.
    pub fn redirect_allowed(&self, url: &str) -> bool {
        redirect_problem(&self.redirect_hosts, url).is_none()
    }
}

pub(crate) fn check(survey: &SurveyDefinition, problems: &mut Problems) {
    for (index, host) in survey.redirect_hosts.iter().enumerate() {
        if !is_hostname(host) {
            problems.add(
                format!("redirect_hosts[{index}]"),
                "must be a bare host name like www.example.com (no scheme, port, path or *)",
            );
        }
    }
    if let Some(url) = &survey.redirect_url
        && let Some(message) = redirect_problem(&survey.redirect_hosts, url)
    {
        problems.add("redirect_url", message);
    }
}

/// Why `url` is not an allowed redirect, if it is not.
fn redirect_problem(hosts: &[String], url: &str) -> Option<String> {
    let Ok(parsed) = Url::parse(url) else {
        return Some("is not an absolute URL".into());
    };
    let host = match parsed.host() {
        Some(Host::Domain(domain)) => domain.to_ascii_lowercase(),
        Some(Host::Ipv4(address)) => address.to_string(),
        Some(Host::Ipv6(_)) | None => return Some("must name a host".into()),
    };
    let local = host == "localhost" || host == "127.0.0.1";
    match parsed.scheme() {
        "https" => {}
        "http" if local => {}
        _ => return Some("must start with https://".into()),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some("must not contain a user name or password".into());
    }
    if !hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(&host)) {
        return Some(format!("host {host:?} is not listed in redirect_hosts"));
    }
    None
}

/// Letters, digits and hyphens in dot-separated labels (IDNs as `xn--…`).
fn is_hostname(host: &str) -> bool {
    (1..=253).contains(&host.len())
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}
