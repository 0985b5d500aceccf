//! Queuing what channels receive: a case's event to every enabled channel
//! subscribed to it (one job each, its `webhook-id` chosen here), and one
//! text message to the organisation's SMS gateway. Workers post them
//! (`delivery`); nothing here touches the network.

use vocal_domain::{OrgId, Phone};
use vocal_store::{Case, ChannelEvent, ChannelKind, Job, NewJob, Store, StoreError};

use super::delivery::{DELIVERY_ATTEMPTS, SMS_JOB, SmsPayload, WEBHOOK_JOB, WebhookPayload};
use super::payloads::{CaseNotice, case_body};
use super::signing::new_webhook_id;

/// Queues the `case.opened` event of a case just opened to every enabled
/// webhook, Slack and Teams channel of its organisation subscribed to it.
/// `public_url` is the server's address (`Settings::public_url()`), for
/// the case link `{public_url}/cases/{id}`.
pub async fn enqueue_case_webhooks<S: Store>(store: &S, case: &Case, public_url: &str) -> Result<Vec<Job>, StoreError> {
    enqueue_case_event(store, case, ChannelEvent::CaseOpened, public_url).await
}

/// Queues `event` about `case` to every enabled channel subscribed to it
/// (SMS gateways excepted: a text goes to a person, see [`enqueue_sms`]).
pub async fn enqueue_case_event<S: Store>(
    store: &S,
    case: &Case,
    event: ChannelEvent,
    public_url: &str,
) -> Result<Vec<Job>, StoreError> {
    let channels: Vec<_> = store
        .channels(case.org_id)
        .await?
        .into_iter()
        .filter(|c| c.enabled && c.kind != ChannelKind::SmsGateway && c.events.contains(&event))
        .collect();
    if channels.is_empty() {
        return Ok(Vec::new());
    }
    let notice = case_notice(store, case, public_url).await?;
    let now = crate::now_ms();
    let mut jobs = Vec::with_capacity(channels.len());
    for channel in channels {
        let Some(body) = case_body(channel.kind, event, &notice, now) else { continue };
        jobs.push(enqueue_event(store, case.org_id, channel.id, event, body.to_string()).await?);
    }
    Ok(jobs)
}

/// Queues one event body for one channel.
pub(super) async fn enqueue_event<S: Store>(
    store: &S,
    org: OrgId,
    channel_id: i64,
    event: ChannelEvent,
    body: String,
) -> Result<Job, StoreError> {
    let payload = WebhookPayload { channel_id, event: event.as_str().into(), webhook_id: new_webhook_id(), body };
    let job = NewJob {
        kind: WEBHOOK_JOB.into(),
        payload: serde_json::to_string(&payload).map_err(|e| StoreError::Database(e.to_string()))?,
        max_attempts: DELIVERY_ATTEMPTS,
        run_at_ms: crate::now_ms(),
    };
    store.enqueue_job(org, job).await
}

/// What channels show about a case: its response's score and comment, its
/// unit's name, the rules it matched, and its link.
pub async fn case_notice<S: Store>(store: &S, case: &Case, public_url: &str) -> Result<CaseNotice, StoreError> {
    let response = store.responses_by_ids(case.org_id, &[case.response_id]).await?.into_iter().next();
    let unit_id = response.as_ref().and_then(|r| r.indexed.unit_id);
    let unit = match unit_id {
        Some(id) => store.list_units(case.org_id).await?.into_iter().find(|u| u.id == id).map(|u| u.name),
        None => None,
    };
    Ok(CaseNotice {
        case_id: case.id.0,
        case_url: format!("{}/cases/{}", public_url.trim_end_matches('/'), case.id.0),
        response_id: case.response_id.0,
        score: response.as_ref().map_or(0, |r| r.indexed.score.value()),
        comment: response.and_then(|r| r.comment),
        unit,
        rules: case.rules.clone(),
    })
}

/// Queues a text message to `to` through the organisation's first enabled
/// SMS gateway. `None` when it has none (the caller may fall back to email).
pub async fn enqueue_sms<S: Store>(store: &S, org: OrgId, to: &Phone, text: &str) -> Result<Option<Job>, StoreError> {
    enqueue_case_sms(store, org, to, text, None).await
}

/// [`enqueue_sms`] about a case: the template's `{{case_id}}` and
/// `{{case_url}}` are filled from `case` (`(id, url)`).
pub async fn enqueue_case_sms<S: Store>(
    store: &S,
    org: OrgId,
    to: &Phone,
    text: &str,
    case: Option<(i64, &str)>,
) -> Result<Option<Job>, StoreError> {
    let gateway = store.channels(org).await?.into_iter().find(|c| c.enabled && c.kind == ChannelKind::SmsGateway);
    let Some(gateway) = gateway else { return Ok(None) };
    let payload = SmsPayload {
        channel_id: gateway.id,
        to: to.to_string(),
        text: text.to_string(),
        case_id: case.map(|(id, _)| id),
        case_url: case.map(|(_, url)| url.to_string()),
    };
    enqueue_sms_payload(store, org, &payload).await.map(Some)
}

async fn enqueue_sms_payload<S: Store>(store: &S, org: OrgId, payload: &SmsPayload) -> Result<Job, StoreError> {
    let job = NewJob {
        kind: SMS_JOB.into(),
        payload: serde_json::to_string(payload).map_err(|e| StoreError::Database(e.to_string()))?,
        max_attempts: DELIVERY_ATTEMPTS,
        run_at_ms: crate::now_ms(),
    };
    store.enqueue_job(org, job).await
}

/// Queues a sample `case.opened` event (case 0, a test comment) to one
/// channel, whatever its events, so an admin sees the receiver get it; an
/// SMS gateway needs the number `to` send the sample text to. `None` when
/// the channel does not exist (or is a gateway and `to` is missing).
pub async fn enqueue_test<S: Store>(
    store: &S,
    org: OrgId,
    channel_id: i64,
    to: Option<&Phone>,
    public_url: &str,
) -> Result<Option<Job>, StoreError> {
    let Some(channel) = store.channel(org, channel_id).await? else { return Ok(None) };
    let url = format!("{}/cases/0", public_url.trim_end_matches('/'));
    let notice = CaseNotice {
        case_id: 0,
        case_url: url.clone(),
        response_id: 0,
        score: 3,
        comment: Some("A test from Vocal: this channel works.".into()),
        unit: None,
        rules: vec!["test".into()],
    };
    let event = ChannelEvent::CaseOpened;
    match case_body(channel.kind, event, &notice, crate::now_ms()) {
        Some(body) => enqueue_event(store, org, channel.id, event, body.to_string()).await.map(Some),
        None => {
            let Some(to) = to else { return Ok(None) };
            let payload = SmsPayload {
                channel_id: channel.id,
                to: to.to_string(),
                text: "A test from Vocal: this SMS gateway works.".into(),
                case_id: Some(0),
                case_url: Some(url),
            };
            enqueue_sms_payload(store, org, &payload).await.map(Some)
        }
    }
}
