//! HTML responses for customer-facing pages, with the headers every such
//! page needs: a Content-Security-Policy that allows only this page's own
//! inline style and script (by nonce), no referrer (the URL carries a
//! token), no caching, no framing, no indexing.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub fn html_page(status: StatusCode, html: String, nonce: &str) -> Response {
    let csp = format!(
        "default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; img-src data:; \
         connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    );
    with_page_headers((status, html).into_response(), &csp)
}

/// The headers of every HTML page, with its Content-Security-Policy.
pub fn with_page_headers(mut response: Response, csp: &str) -> Response {
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    if let Ok(value) = HeaderValue::from_str(csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// Remembers for a year that this browser answered (public links that allow one answer per browser).
pub fn set_cookie(response: &mut Response, name: &str, path: &str) {
    let cookie = format!("{name}=1; Max-Age=31536000; Path={path}; HttpOnly; SameSite=Lax");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}
