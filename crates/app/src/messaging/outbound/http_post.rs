//! One guarded POST: the URL is checked against the SSRF rules, its host's
//! checked addresses are pinned in a client made for this request, and
//! redirects are never followed (a 3xx is the answer). What the answer
//! means for the job is decided here once for every channel kind.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::redirect::Policy;

use super::ssrf::{TargetPolicy, UrlRefused, check_url};

/// How long one delivery may take, connection included.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// What to post.
pub enum Body {
    Json(String),
    Form(Vec<(String, String)>),
}

/// How a delivery ended, as the queue needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    /// A 2xx answer.
    Ok,
    /// 410 Gone: the receiver asks to be forgotten; the channel is disabled.
    Gone,
    /// Worth another try later: 3xx (a redirect is never followed), 408,
    /// 429, 5xx, a timeout or a connection that failed.
    Retry(String),
    /// No retry mends it: another 4xx, or a URL the guard refuses.
    Refused(String),
}

/// Posts `body` to `url` with `headers` (and basic auth, if any).
pub async fn post(
    url: &str,
    policy: TargetPolicy,
    headers: HeaderMap,
    basic_auth: Option<(&str, &str)>,
    body: Body,
) -> Delivered {
    let target = match check_url(url, policy).await {
        Ok(target) => target,
        Err(error @ UrlRefused::Unresolved { .. }) => return Delivered::Retry(format!("the URL {error}")),
        Err(error) => return Delivered::Refused(format!("the URL {error}")),
    };
    crate::install_crypto_provider();
    let mut client = reqwest::Client::builder().redirect(Policy::none()).timeout(DELIVERY_TIMEOUT).no_proxy();
    if let Some(domain) = &target.domain {
        client = client.resolve_to_addrs(domain, &target.addresses);
    }
    let client = match client.build() {
        Ok(client) => client,
        Err(error) => return Delivered::Retry(format!("building the HTTP client: {error}")),
    };
    let mut request = client.post(target.url.clone()).headers(headers);
    if let Some((user, password)) = basic_auth {
        request = request.basic_auth(user, Some(password));
    }
    request = match body {
        Body::Json(json) => request.header(reqwest::header::CONTENT_TYPE, "application/json").body(json),
        Body::Form(fields) => request.form(&fields),
    };
    match request.send().await {
        Ok(response) => meaning(response.status(), response.headers().get(reqwest::header::LOCATION)),
        Err(error) if error.is_timeout() => Delivered::Retry(format!("no answer within {DELIVERY_TIMEOUT:?}")),
        Err(error) => Delivered::Retry(format!("posting failed: {}", error_chain(&error))),
    }
}

fn meaning(status: reqwest::StatusCode, location: Option<&reqwest::header::HeaderValue>) -> Delivered {
    let code = status.as_u16();
    match code {
        200..=299 => Delivered::Ok,
        410 => Delivered::Gone,
        300..=399 => {
            let to = location.and_then(|l| l.to_str().ok()).unwrap_or("nowhere");
            Delivered::Retry(format!("the receiver answered {status} (redirect to {to}, not followed)"))
        }
        408 | 429 | 500..=599 => Delivered::Retry(format!("the receiver answered {status}")),
        _ => Delivered::Refused(format!("the receiver answered {status}")),
    }
}

/// The error with its causes, which reqwest keeps out of `Display`.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_mean_what_the_queue_needs() {
        let code = |c: u16| meaning(reqwest::StatusCode::from_u16(c).unwrap(), None);
        assert_eq!(code(200), Delivered::Ok);
        assert_eq!(code(204), Delivered::Ok);
        assert_eq!(code(410), Delivered::Gone);
        assert!(matches!(code(302), Delivered::Retry(_)));
        assert!(matches!(code(301), Delivered::Retry(_)));
        assert!(matches!(code(500), Delivered::Retry(_)));
        assert!(matches!(code(503), Delivered::Retry(_)));
        assert!(matches!(code(429), Delivered::Retry(_)));
        assert!(matches!(code(400), Delivered::Refused(_)));
        assert!(matches!(code(404), Delivered::Refused(_)));
        assert!(matches!(code(401), Delivered::Refused(_)));
    }
}
