//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the whole
//! API, kept true by `tests/api/openapi.rs` (every route documented, every
//! documented operation answering as described).

use axum::http::header;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn get_openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
