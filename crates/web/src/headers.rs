//! Headers every answer gets unless its handler chose otherwise: no type
//! sniffing (a JSON error must never be run as a script or page), and no
//! caching — API answers, 404s, survey pages and everything behind sign-in
//! hold someone's data or a personal link, which neither a shared proxy nor
//! the browser's back button should keep. Handlers that want caching (the
//! fingerprinted assets) set their own `Cache-Control`, which is kept.

use axum::http::{HeaderValue, header};
use axum::response::Response;

pub async fn nosniff_and_no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}
