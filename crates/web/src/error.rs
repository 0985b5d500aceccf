//! One error type for the API: the client's mistakes as typed 4xx here, the
//! server's as a [`Fault`] (one mapping for every surface, in
//! [`crate::fault`]): its detail goes to the log with the request id, and
//! the client gets a fixed message with that id.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Missing, malformed, unknown or revoked key: one answer for all.
    #[error("unauthorized")]
    Unauthorized,
    /// A parameter is wrong; the message names it.
    #[error("{message}")]
    BadRequest { field: String, message: String },
    /// A valid key without the scope the route needs (a read key writing).
    #[error("forbidden")]
    Forbidden,
    /// The body parsed but its values are wrong: every bad field is named,
    /// with its index in a batch (`items[3].score`).
    #[error("invalid input")]
    Unprocessable(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    /// The thing changed under the request (another writer acted first), or
    /// its state no longer allows it: reload and decide again.
    #[error("{0}")]
    Conflict(String),
    /// Not the client's doing: 503 (retry later) or 500.
    #[error("{}", crate::fault::fixed_message(.0.kind()))]
    Fault(Fault),
}

use crate::fault::{Fault, FaultKind, Surface};

pub use vocal_app::collect::FieldError;

impl ApiError {
    /// A 422 naming one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Unprocessable(vec![FieldError::new(field, message)])
    }

    /// A 500 for something that cannot happen; `detail` is logged only.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        ApiError::Fault(Fault::internal(detail))
    }

    pub fn bad(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::BadRequest { field: field.into(), message: message.into() }
    }
}

impl From<Fault> for ApiError {
    fn from(fault: Fault) -> Self {
        ApiError::Fault(fault)
    }
}

impl From<vocal_store::StoreError> for ApiError {
    fn from(error: vocal_store::StoreError) -> Self {
        ApiError::Fault(error.into())
    }
}

impl From<vocal_app::live_index::IndexError> for ApiError {
    fn from(error: vocal_app::live_index::IndexError) -> Self {
        ApiError::Fault(error.into())
    }
}

/// The client's mistakes are 422 naming each field; the rest is a fault.
impl From<vocal_app::collect::CollectError> for ApiError {
    fn from(error: vocal_app::collect::CollectError) -> Self {
        match error {
            vocal_app::collect::CollectError::Invalid(errors) => ApiError::Unprocessable(errors),
            vocal_app::collect::CollectError::Form(problems) => ApiError::Unprocessable(
                problems.into_iter().map(|(field, problem)| FieldError::new(field, format!("{problem:?}"))).collect(),
            ),
            vocal_app::collect::CollectError::Store(store) => store.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::Fault(fault) => return fault.respond(Surface::Api),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, serde_json::json!({ "error": "unauthorized" })),
            ApiError::BadRequest { field, message } => {
                (StatusCode::BAD_REQUEST, serde_json::json!({ "error": message, "field": field }))
            }
            ApiError::Forbidden => (StatusCode::FORBIDDEN, serde_json::json!({ "error": "forbidden" })),
            ApiError::Unprocessable(errors) => {
                (StatusCode::UNPROCESSABLE_ENTITY, serde_json::json!({ "error": "invalid input", "errors": errors }))
            }
            ApiError::NotFound => (StatusCode::NOT_FOUND, serde_json::json!({ "error": "not found" })),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, serde_json::json!({ "error": message })),
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The JSON body of a fault: the fixed message and the id to quote when
/// reporting it (the same id as the `x-request-id` header and the log line).
pub fn fault_json(kind: FaultKind, request_id: &str) -> Response {
    Json(serde_json::json!({ "error": crate::fault::fixed_message(kind), "request_id": request_id })).into_response()
}

/// Errors raised before a handler runs (a body over its limit, a method the
/// route does not have) come from axum as plain text; API clients get the
/// same JSON shape as every other error. Pages never produce these.
pub async fn bodiless_errors_as_json(response: Response) -> Response {
    let message = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is over the limit for this route",
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this route",
        _ => return response,
    };
    let is_json =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    let body = serde_json::json!({ "error": message }).to_string();
    Response::from_parts(parts, axum::body::Body::from(body))
}
