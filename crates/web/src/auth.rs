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

/// The token of an `Authorization: Bearer …` value. Auth schemes are
/// case-insensitive (RFC 9110 §11.1), so `bearer` and `BEARER` work too.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

impl<S: Store> FromRequestParts<App<S>> for ApiKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &App<S>) -> Result<Self, Self::Rejection> {
        let State(app) = State::<App<S>>::from_request_parts(parts, state).await.map_err(|_| ApiError::Unauthorized)?;
        let presented = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .ok_or(ApiError::Unauthorized)?;
        let record =
            vocal_app::accounts::api_keys::authenticate(&app.store, presented).await?.ok_or(ApiError::Unauthorized)?;
        Ok(ApiKey(record))
    }
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_bearer_scheme_is_case_insensitive_and_other_schemes_are_not_bearer() {
        for value in ["Bearer vocal_x", "bearer vocal_x", "BEARER  vocal_x ", "bEaReR vocal_x"] {
            assert_eq!(bearer_token(value), Some("vocal_x"), "{value:?}");
        }
        for value in ["Basic vocal_x", "Bearervocal_x", "Bearer ", "vocal_x", ""] {
            assert_eq!(bearer_token(value), None, "{value:?}");
        }
    }
}
