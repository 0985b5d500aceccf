//! `GET /api/v1/surveys`, `GET` and `PUT /api/v1/surveys/{slug}`: survey
//! definitions as JSON, so integrators can keep surveys in their own
//! tooling. `PUT` is idempotent (the same body twice changes nothing) and
//! goes through the same validation as `vocal survey apply`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vocal_app::surveys::apply::{Applied, ApplyError, apply};
use vocal_domain::SurveyDefinition;
use vocal_store::{Store, Survey};

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::server::App;

/// A definition with a logo (at most 12 KB, base64) and many languages fits.
pub const SURVEY_BODY_LIMIT: usize = 1024 * 1024;

#[derive(serde::Serialize)]
pub struct SurveyJson {
    id: i64,
    slug: String,
    /// RFC 3339, UTC.
    updated_at: String,
    definition: SurveyDefinition,
}

impl From<Survey> for SurveyJson {
    fn from(survey: Survey) -> Self {
        let updated_at = jiff::Timestamp::from_millisecond(survey.updated_at_ms)
            .map_or_else(|_| survey.updated_at_ms.to_string(), |t| t.to_string());
        SurveyJson { id: survey.id.0, slug: survey.definition.slug.clone(), updated_at, definition: survey.definition }
    }
}

#[derive(serde::Serialize)]
pub struct SurveyList {
    surveys: Vec<SurveyJson>,
}

pub async fn list_surveys<S: Store>(State(app): State<App<S>>, key: ApiKey) -> ApiResult<Json<SurveyList>> {
    if !key.may_read() {
        return Err(ApiError::Unauthorized);
    }
    let surveys = app.store.list_surveys(key.0.org_id).await?;
    Ok(Json(SurveyList { surveys: surveys.into_iter().map(SurveyJson::from).collect() }))
}

/// 404 for a slug of another organisation too: keys see only their own.
pub async fn get_survey<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(slug): Path<String>,
) -> ApiResult<Json<SurveyJson>> {
    if !key.may_read() {
        return Err(ApiError::Unauthorized);
    }
    let survey = app.store.survey_by_slug(key.0.org_id, &slug).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(survey.into()))
}

/// 201 when created, 200 when updated or unchanged; 422 naming every bad field.
pub async fn put_survey<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    key.require_write()?;
    let definition: SurveyDefinition = crate::json_body::parse(&body)?;
    if definition.slug != slug {
        return Err(ApiError::invalid("slug", format!("must equal the slug in the URL ({slug:?})")));
    }
    let (survey, applied) = apply(&app.store, key.0.org_id, definition).await.map_err(|error| match error {
        ApplyError::Invalid(errors) => {
            ApiError::Unprocessable(errors.into_iter().map(|e| FieldError::new(e.key, e.message)).collect())
        }
        ApplyError::Store(error) => error.into(),
    })?;
    let status = if applied == Applied::Created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(SurveyJson::from(survey))).into_response())
}
