//! API key authentication: `Authorization: Bearer vocal_…`.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use vocal_store::{ApiKeyRecord, ApiScope, Store};

use crate::error::ApiError;
use crate::server::App;

/// The authenticated caller of an `/api/` route.
pub struct ApiKey(pub ApiKeyRecord);

impl ApiKey {
    /// Read routes accept read and write keys.
    pub fn may_read(&self) -> bool {
        matches!(self.0.scope, ApiScope::Read | ApiScope::Write)
    }

    /// Write routes need a write key; a read key gets 403 (see [`ApiError::Forbidden`]).
    pub fn require_write(&self) -> Result<(), ApiError> {
        match self.0.scope {
            ApiScope::Write => Ok(()),
            ApiScope::Read => Err(ApiError::Forbidden),
        }
    }
}

impl<S: Store> FromRequestParts<App<S>> for ApiKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &App<S>) -> Result<Self, Self::Rejection> {
        let State(app) = State::<App<S>>::from_request_parts(parts, state).await.map_err(|_| ApiError::Unauthorized)?;
        let presented = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::Unauthorized)?;
        let record =
            vocal_app::accounts::api_keys::authenticate(&app.store, presented).await?.ok_or(ApiError::Unauthorized)?;
        Ok(ApiKey(record))
    }
}
