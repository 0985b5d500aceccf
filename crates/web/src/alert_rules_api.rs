//! `GET` and `PUT /api/v1/alert-rules`: the organisation's alert rules as
//! JSON (docs/alerts.md). `PUT` replaces them whole after the same checks as
//! `vocal rules apply`, every bad field named and nothing half-applied; the
//! same body twice changes nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use vocal_app::closed_loop::rules::{RulesError, apply_rules, current_rules};
use vocal_domain::alerts::AlertRules;
use vocal_store::Store;

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::server::App;

/// Hundreds of rules with long phrase lists fit.
pub const RULES_BODY_LIMIT: usize = 256 * 1024;

#[derive(serde::Serialize)]
pub struct AlertRulesJson {
    /// RFC 3339, UTC; `null` while the default rule applies (none were applied).
    updated_at: Option<String>,
    definition: AlertRules,
}

fn answer(definition: AlertRules, updated_at_ms: Option<i64>) -> Json<AlertRulesJson> {
    let updated_at = updated_at_ms
        .map(|ms| jiff::Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string()));
    Json(AlertRulesJson { updated_at, definition })
}

pub async fn get_alert_rules<S: Store>(State(app): State<App<S>>, key: ApiKey) -> ApiResult<Json<AlertRulesJson>> {
    if !key.may_read() {
        return Err(ApiError::Unauthorized);
    }
    let (rules, updated_at_ms) = current_rules(&app.store, key.0.org_id).await?;
    Ok(answer(rules, updated_at_ms))
}

/// 200 with the rules in force; 422 naming every bad field (`rules[1].when.score.max`).
pub async fn put_alert_rules<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    body: Bytes,
) -> ApiResult<Json<AlertRulesJson>> {
    key.require_write()?;
    let rules: AlertRules = crate::json_body::parse(&body)?;
    let (stored, _) = apply_rules(&app.store, key.0.org_id, rules).await.map_err(|error| match error {
        RulesError::Invalid(errors) => {
            ApiError::Unprocessable(errors.into_iter().map(|e| FieldError::new(e.key, e.message)).collect())
        }
        RulesError::Store(error) => error.into(),
    })?;
    Ok(answer(stored.rules, Some(stored.updated_at_ms)))
}
