//! `POST /api/v1/responses` and `POST /api/v1/responses:batch`: responses
//! pushed by integrations, acknowledged only once durable (see
//! `vocal_app::collect::committer`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::value::RawValue;
use vocal_app::collect::fields::{ReadResponse, ResponseInput};
use vocal_app::collect::ingest::{Ingested, check_idempotency_key};
use vocal_store::Store;

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult};
use crate::json_body::read_fields;
use crate::server::App;

/// Body limits: one response with a 10,000-character comment fits easily;
/// a batch of 10,000 such responses does too.
pub const SINGLE_BODY_LIMIT: usize = 256 * 1024;
pub const BATCH_BODY_LIMIT: usize = 64 * 1024 * 1024;

/// Items are read one field at a time ([`read`]), so the batch holds each
/// as its text until then: a JSON tree of the whole 64 MB body would be
/// several times its size.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    responses: Vec<Box<RawValue>>,
}

/// One response as sent: every field of the wrong type is named, and the
/// others are still checked by value (a wrong or missing score stands in as 0).
fn read(item: &RawValue) -> ReadResponse {
    let item: serde_json::Value = serde_json::from_str(item.get()).unwrap_or_default(); // well-formed: parsed once already
    let (input, type_errors) = read_fields::<ResponseInput>(item, &[("score", serde_json::json!(0))]);
    ReadResponse { input: input.unwrap_or_default(), type_errors }
}

pub async fn post_response<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    key.require_write()?;
    let idempotency = idempotency_key(&headers)?;
    let mut input = read(&crate::json_body::parse::<Box<RawValue>>(&body)?);
    for error in &mut input.type_errors {
        if error.field.is_empty() {
            error.field = "body".into();
        }
    }
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
    let inputs = batch.responses.into_iter().map(|item| read(&item)).collect();
    let ingested = app.collector.ingest(key.0.org_id, inputs, true, idempotency.as_deref()).await?;
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
