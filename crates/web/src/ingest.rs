//! `POST /api/v1/responses` and `POST /api/v1/responses:batch`: responses
//! pushed by integrations, acknowledged only once durable (see
//! `vocal_app::collect::committer`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use vocal_app::collect::fields::ResponseInput;
use vocal_app::collect::ingest::{Ingested, check_idempotency_key};
use vocal_store::Store;

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult};
use crate::server::App;

/// Body limits: one response with a 10,000-character comment fits easily;
/// a batch of 10,000 such responses does too.
pub const SINGLE_BODY_LIMIT: usize = 256 * 1024;
pub const BATCH_BODY_LIMIT: usize = 64 * 1024 * 1024;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    responses: Vec<ResponseInput>,
}

pub async fn post_response<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    key.require_write()?;
    let idempotency = idempotency_key(&headers)?;
    let input: ResponseInput = crate::json_body::parse(&body)?;
    let ingested = app.collector.ingest(key.0.org_id, vec![input], false, idempotency.as_deref()).await?;
    let id = ingested.ids.first().copied().ok_or_else(|| ApiError::internal("no id for a stored response"))?;
    Ok(created(serde_json::json!({ "id": id }), &ingested))
}

pub async fn post_batch<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    key.require_write()?;
    let idempotency = idempotency_key(&headers)?;
    let batch: Batch = crate::json_body::parse(&body)?;
    let ingested = app.collector.ingest(key.0.org_id, batch.responses, true, idempotency.as_deref()).await?;
    Ok(created(serde_json::json!({ "ids": ingested.ids, "count": ingested.ids.len() }), &ingested))
}

/// 201 with the body; a replay says so in `Idempotent-Replayed: true`.
fn created(body: serde_json::Value, ingested: &Ingested) -> Response {
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if ingested.replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| ApiError::invalid("Idempotency-Key", "must be printable ASCII"))?;
    let key = check_idempotency_key(text).map_err(|e| ApiError::Unprocessable(vec![e]))?;
    Ok(Some(key.to_string()))
}
