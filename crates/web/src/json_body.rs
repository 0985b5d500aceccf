//! Request bodies as JSON: refused unless valid UTF-8 and well-formed, with
//! unknown fields rejected, and any error named by the path of the field
//! (`responses[2].score`) so the caller can fix exactly that.

use axum::body::Bytes;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError};

/// Parses the body into `T`; a wrong type, a missing or an unknown field is
/// a 422 naming the field.
pub fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::invalid("body", format!("is not valid UTF-8 (byte {} is the first bad one)", e.valid_up_to()))
    })?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        // A syntax error has no field to blame: the body as a whole is not JSON.
        let whole = path == "." || path == "?" || inner.is_syntax() || inner.is_eof();
        let field = if whole { "body".to_string() } else { path };
        ApiError::Unprocessable(vec![FieldError::new(field, describe(&inner))])
    })?;
    deserializer.end().map_err(|e| ApiError::invalid("body", describe(&e)))?;
    Ok(value)
}

/// serde's message without its "at line 1 column 9" suffix when the field is named.
fn describe(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) if error.is_data() => text[..cut].to_string(),
        _ => text,
    }
}
