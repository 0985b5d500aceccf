//! Invitations over the API: create one or a batch (all or nothing), read
//! one back with its links, and get the email-safe 0–10 block to paste
//! into any email tool. Links carry the token, so every route here needs a
//! write key.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use vocal_app::collect::invitations::{InvitationInput, Issued};
use vocal_domain::InvitationId;
use vocal_store::Store;

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult};
use crate::server::App;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    invitations: Vec<InvitationInput>,
}

#[derive(serde::Serialize)]
pub struct InvitationJson {
    id: InvitationId,
    survey_id: i64,
    channel: String,
    contact: ContactJson,
    expires_at: String,
    created_at: String,
    survey_url: String,
    /// Index = score.
    score_urls: [String; 11],
    #[serde(flatten)]
    context: vocal_store::InvitationContext,
}

#[derive(serde::Serialize)]
pub struct ContactJson {
    id: i64,
    email: Option<vocal_domain::Email>,
    phone: Option<vocal_domain::Phone>,
    name: Option<String>,
    language: Option<String>,
}

fn json(issued: Issued) -> InvitationJson {
    let i = issued.invitation;
    let time = |ms: i64| jiff::Timestamp::from_millisecond(ms).map(|t| t.to_string()).unwrap_or_default();
    InvitationJson {
        id: i.id,
        survey_id: i.survey_id.0,
        channel: i.channel,
        contact: ContactJson {
            id: i.contact.id.0,
            email: i.contact.details.email,
            phone: i.contact.details.phone,
            name: i.contact.details.name,
            language: i.contact.details.language,
        },
        expires_at: time(i.expires_at_ms),
        created_at: time(i.created_at_ms),
        survey_url: issued.links.survey_url,
        score_urls: issued.links.score_urls,
        context: i.context,
    }
}

pub async fn post_invitation<S: Store>(State(app): State<App<S>>, key: ApiKey, body: Bytes) -> ApiResult<Response> {
    key.require_write()?;
    let input: InvitationInput = crate::json_body::parse(&body)?;
    let issued = app.collector.invite(key.0.org_id, vec![input], false).await?;
    let one = issued.into_iter().next().ok_or_else(|| ApiError::internal("no invitation stored"))?;
    Ok((StatusCode::CREATED, Json(json(one))).into_response())
}

pub async fn post_batch<S: Store>(State(app): State<App<S>>, key: ApiKey, body: Bytes) -> ApiResult<Response> {
    key.require_write()?;
    let batch: Batch = crate::json_body::parse(&body)?;
    let issued = app.collector.invite(key.0.org_id, batch.invitations, true).await?;
    let list: Vec<InvitationJson> = issued.into_iter().map(json).collect();
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "invitations": list }))).into_response())
}

async fn issued<S: Store>(app: &App<S>, key: &ApiKey, id: &str) -> ApiResult<Issued> {
    key.require_write()?;
    let id = id.parse::<i64>().map(InvitationId).map_err(|_| ApiError::NotFound)?;
    app.collector.invitation_links(key.0.org_id, id).await?.ok_or(ApiError::NotFound)
}

pub async fn get_invitation<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(id): Path<String>,
) -> ApiResult<Json<InvitationJson>> {
    Ok(Json(json(issued(&app, &key, &id).await?)))
}

/// The 0–10 scale as email-safe HTML (tables and inline styles) in the
/// invitation's language.
pub async fn get_email_html<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let issued = issued(&app, &key, &id).await?;
    let survey = app.store.survey_by_id(key.0.org_id, issued.invitation.survey_id).await?.ok_or(ApiError::NotFound)?;
    let invitation = &issued.invitation;
    let language = crate::survey_page::pick_language(
        &survey.definition,
        invitation.context.language.as_deref().or(invitation.contact.details.language.as_deref()),
        None,
        None,
    );
    let html = crate::survey_page::render_email_block(
        &survey.definition,
        &language,
        &issued.links.score_urls,
        &issued.links.survey_url,
    );
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}
