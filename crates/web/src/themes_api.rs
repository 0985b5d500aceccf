//! `GET` and `PUT /api/v1/themes`: the organisation's theme taxonomy as
//! JSON (docs/themes.md), the same shape as the TOML file (`{"theme":
//! [...]}`). `PUT` replaces it whole after the checks of `vocal themes
//! apply`, every bad field named and nothing half-applied; audited.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use vocal_app::organisation::audit::Actor;
use vocal_app::why::{ApplyError, apply_taxonomy};
use vocal_domain::text::themes::{Taxonomy, TaxonomyDefinition};
use vocal_store::Store;

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::server::App;

#[derive(serde::Serialize)]
pub struct ThemesJson {
    /// RFC 3339, UTC; `null` while the default taxonomy applies.
    updated_at: Option<String>,
    definition: TaxonomyDefinition,
}

pub async fn get_themes<S: Store>(State(app): State<App<S>>, key: ApiKey) -> ApiResult<Json<ThemesJson>> {
    if !key.may_read() {
        return Err(ApiError::Unauthorized);
    }
    let stored = app.store.theme_taxonomy(key.0.org_id).await?;
    let updated_at = stored.as_ref().map(|(_, ms)| rfc3339(*ms));
    let taxonomy = vocal_app::why::current_taxonomy(&app.store, key.0.org_id).await?;
    Ok(Json(ThemesJson { updated_at, definition: taxonomy.into_definition() }))
}

/// 200 with the taxonomy in force; 422 naming every bad field (`theme[2].phrases.de[0]`).
pub async fn put_themes<S: Store>(State(app): State<App<S>>, key: ApiKey, body: Bytes) -> ApiResult<Json<ThemesJson>> {
    key.require_write()?;
    let definition: TaxonomyDefinition = crate::json_body::parse(&body)?;
    let taxonomy: Taxonomy = definition.validate().map_err(unprocessable)?;
    let actor = Actor::ApiKey { org: key.0.org_id, name: &key.0.name };
    let applied = apply_taxonomy(&app.store, actor, &taxonomy.to_toml()).await.map_err(|error| match error {
        ApplyError::Invalid(errors) => unprocessable(errors),
        ApplyError::Store(error) => error.into(),
    })?;
    Ok(Json(ThemesJson { updated_at: Some(rfc3339(vocal_app::now_ms())), definition: applied.into_definition() }))
}

fn unprocessable(errors: Vec<vocal_domain::text::themes::TaxonomyError>) -> ApiError {
    ApiError::Unprocessable(errors.into_iter().map(|e| FieldError::new(e.key, e.message)).collect())
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string())
}
