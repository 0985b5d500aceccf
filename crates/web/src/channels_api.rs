//! `/api/v1/notification-channels`: an organisation's webhooks, Slack and
//! Teams channels and SMS gateways (docs/notifications.md), for write keys
//! only (a channel's URL can carry a chat token; a webhook's secret is
//! answered once, on creation or rotation). The checks are those of
//! `vocal channels add`: the URL against the SSRF guard, a gateway's
//! template rendered with sample values, every bad field named.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use vocal_app::messaging::outbound::TargetPolicy;
use vocal_app::messaging::outbound::channels::{self, ChannelError, ChannelSpec};
use vocal_app::messaging::outbound::sms_template::{BasicAuth, FormField, SmsTemplate, TokenHeader};
use vocal_app::organisation::audit::Actor;
use vocal_store::{Channel, ChannelKind, Store, StoreError};

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::server::App;

/// A channel as the API shows it; `secret` only right after it was made.
#[derive(Serialize)]
pub struct ChannelJson {
    id: i64,
    kind: &'static str,
    name: String,
    url: String,
    events: Vec<&'static str>,
    enabled: bool,
    disabled_reason: Option<String>,
    /// An SMS gateway's form fields (its credentials are never shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<FormField>>,
    last_delivery: Option<DeliveryJson>,
    created_at: String,
    updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

#[derive(Serialize)]
struct DeliveryJson {
    at: String,
    status: String,
    error: Option<String>,
}

#[derive(Serialize)]
pub struct ChannelList {
    channels: Vec<ChannelJson>,
}

fn time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string())
}

fn json(channel: Channel, secret: Option<String>) -> ChannelJson {
    let fields = match channel.kind {
        ChannelKind::SmsGateway => {
            channel.config.as_deref().and_then(|c| serde_json::from_str::<SmsTemplate>(c).ok()).map(|t| t.fields)
        }
        _ => None,
    };
    ChannelJson {
        id: channel.id,
        kind: channel.kind.as_str(),
        name: channel.name,
        url: channel.url,
        events: channel.events.iter().map(|e| e.as_str()).collect(),
        enabled: channel.enabled,
        disabled_reason: channel.disabled_reason,
        fields,
        last_delivery: channel.last_delivery.map(|d| DeliveryJson {
            at: time(d.at_ms),
            status: d.status,
            error: d.error,
        }),
        created_at: time(channel.created_at_ms),
        updated_at: time(channel.updated_at_ms),
        secret,
    }
}

/// The body of `POST`: `fields`, `basic_auth` and `header` for `sms_gateway` only.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewChannelJson {
    kind: String,
    name: String,
    url: String,
    #[serde(default)]
    events: Vec<String>,
    #[serde(default)]
    fields: Option<Vec<FormField>>,
    #[serde(default)]
    basic_auth: Option<BasicAuth>,
    #[serde(default)]
    header: Option<TokenHeader>,
}

fn refused(error: ChannelError) -> ApiError {
    match error {
        ChannelError::Invalid { field, problem } => ApiError::Unprocessable(vec![FieldError::new(field, problem)]),
        ChannelError::Template(errors) => {
            ApiError::Unprocessable(errors.into_iter().map(|e| FieldError::new(e.field, e.problem)).collect())
        }
        ChannelError::NotFound(_) => ApiError::NotFound,
        ChannelError::NotSigned(_) => {
            ApiError::Unprocessable(vec![FieldError::new("id", "only a webhook channel has a signing secret")])
        }
        ChannelError::Store(StoreError::Conflict { field }) => {
            ApiError::Unprocessable(vec![FieldError::new(field, "the organisation has a channel of that name")])
        }
        ChannelError::Store(error) => error.into(),
    }
}

/// A path's id; anything but a number is a channel that does not exist.
fn channel_id(text: &str) -> Result<i64, ApiError> {
    text.parse().map_err(|_| ApiError::NotFound)
}

fn actor(key: &ApiKey) -> Actor<'_> {
    Actor::ApiKey { org: key.0.org_id, name: &key.0.name }
}

pub async fn list_channels<S: Store>(State(app): State<App<S>>, key: ApiKey) -> ApiResult<Json<ChannelList>> {
    key.require_write()?;
    let channels = channels::list(&app.store, key.0.org_id).await?;
    Ok(Json(ChannelList { channels: channels.into_iter().map(|c| json(c, None)).collect() }))
}

/// 201 with the channel (and a webhook's secret, shown this once); 422 naming the field.
pub async fn post_channel<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ChannelJson>)> {
    key.require_write()?;
    let new: NewChannelJson = crate::json_body::parse(&body)?;
    let kind = channels::parse_kind(&new.kind).map_err(refused)?;
    let events = channels::parse_events(&new.events.join(",")).map_err(refused)?;
    let sms = match (new.fields, new.basic_auth, new.header) {
        (None, None, None) if kind != ChannelKind::SmsGateway => None,
        (fields, basic_auth, header) => Some(SmsTemplate { fields: fields.unwrap_or_default(), basic_auth, header }),
    };
    let spec = ChannelSpec { kind, name: new.name, url: new.url, events, sms };
    let policy = TargetPolicy { allow_private: app.settings.allow_private_webhooks };
    let created = channels::add(&app.store, actor(&key), policy, spec).await.map_err(refused)?;
    Ok((StatusCode::CREATED, Json(json(created.channel, created.secret))))
}

/// 204 when removed.
pub async fn delete_channel<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    key.require_write()?;
    let id = channel_id(&id)?;
    channels::remove(&app.store, actor(&key), id).await.map_err(refused)?;
    Ok(StatusCode::NO_CONTENT)
}

/// 200 with the channel, on again.
pub async fn enable_channel<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(id): Path<String>,
) -> ApiResult<Json<ChannelJson>> {
    key.require_write()?;
    let id = channel_id(&id)?;
    let channel = channels::enable(&app.store, actor(&key), id).await.map_err(refused)?;
    Ok(Json(json(channel, None)))
}

/// 200 with the channel and its new secret; the old one signs for 24 h more.
pub async fn rotate_secret<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    Path(id): Path<String>,
) -> ApiResult<Json<ChannelJson>> {
    key.require_write()?;
    let id = channel_id(&id)?;
    let (channel, secret) =
        channels::rotate_secret(&app.store, actor(&key), id, vocal_app::now_ms()).await.map_err(refused)?;
    Ok(Json(json(channel, Some(secret))))
}
