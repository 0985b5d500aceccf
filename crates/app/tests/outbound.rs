//! Outbound HTTP with real parts: a local axum receiver gets signed
//! webhooks (verified here from the Standard Webhooks spec, independently
//! of the signing code), Slack payloads and SMS gateway forms, through the
//! job queue's worker step. Retries reuse the `webhook-id`; 410 disables
//! the channel; a 302 is a failure and its target is never contacted; the
//! SSRF guard refuses 127.0.0.1 at save and at send unless private
//! targets are allowed.

#[path = "support/http_receiver.rs"]
mod http_receiver;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use vocal_app::closed_loop::alert::queue_sms_alert;
use vocal_app::jobs::worker::{Handlers, Step, step_with};
use vocal_app::messaging::email::Mailer;
use vocal_app::messaging::outbound::channels::{self, ChannelError, ChannelSpec, Created};
use vocal_app::messaging::outbound::enqueue::{enqueue_case_webhooks, enqueue_sms, enqueue_test};
use vocal_app::messaging::outbound::sms_template::{BasicAuth, FormField, SmsTemplate};
use vocal_app::messaging::outbound::{Outbound, TargetPolicy};
use vocal_app::organisation::audit::Actor;
use vocal_domain::{Email, OrgId, Phone, Role, Score, UnitPath};
use vocal_store::prelude::*;
use vocal_store::{CaseOpening, ChannelEvent, ChannelKind, Job, JobState, NewCase, NewResponse, NewUser};
use vocal_store_sqlite::SqliteStore;

const ALLOW: TargetPolicy = TargetPolicy { allow_private: true };
const DENY: TargetPolicy = TargetPolicy { allow_private: false };
const HOUR_MS: i64 = 3_600_000;

async fn store_with_org() -> (tempfile::TempDir, SqliteStore, OrgId) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    (dir, store, org.id)
}

fn handlers(allow_private: bool) -> Handlers {
    Handlers::new(Mailer::new(None, None).unwrap()).with_outbound(Outbound::new(allow_private))
}

fn spec(kind: ChannelKind, url: &str) -> ChannelSpec {
    ChannelSpec { kind, name: format!("{} receiver", kind.as_str()), url: url.into(), events: vec![], sms: None }
}

async fn add(store: &SqliteStore, org: OrgId, spec: ChannelSpec) -> Created {
    channels::add(store, Actor::CommandLine(org), ALLOW, spec).await.unwrap()
}

/// Runs the next due job at `now_ms` as if `vocal serve` did.
async fn run_next(store: &SqliteStore, allow_private: bool, now_ms: i64) -> Job {
    match step_with(store, &handlers(allow_private), "w1", now_ms).await.unwrap() {
        Step::Done(job) => store.job(job.org_id, job.id).await.unwrap().unwrap(),
        Step::Empty => panic!("a due job"),
    }
}

/// The Standard Webhooks verification, written from the spec: the secret's
/// base64 after `whsec_` is the HMAC-SHA256 key over `id.timestamp.body`;
/// the header holds space-separated `v1,<base64>` signatures, any of which
/// may match. Returns how many of `secrets` signed.
fn verify(secrets: &[&str], id: &str, timestamp: &str, body: &str, header: &str) -> usize {
    let offered: Vec<Vec<u8>> = header
        .split(' ')
        .map(|part| {
            let (version, signature) = part.split_once(',').expect("version,signature");
            assert_eq!(version, "v1");
            STANDARD.decode(signature).expect("base64")
        })
        .collect();
    secrets
        .iter()
        .filter(|secret| {
            let key = STANDARD.decode(secret.strip_prefix("whsec_").expect("whsec_ prefix")).unwrap();
            offered.iter().any(|signature| {
                let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
                mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
                mac.verify_slice(signature).is_ok()
            })
        })
        .count()
}

#[tokio::test]
async fn a_webhook_arrives_signed_so_an_independent_verifier_accepts_it() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    let created = add(&store, org, spec(ChannelKind::Webhook, &receiver.url)).await;
    let secret = created.secret.clone().expect("a webhook's secret is shown on creation");
    assert!(channels::list(&store, org).await.unwrap()[0].last_delivery.is_none());

    let queued = enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap().unwrap();
    let now = vocal_app::now_ms();
    let job = run_next(&store, true, now).await;
    assert_eq!((job.id, job.state), (queued.id, JobState::Done));

    let got = receiver.received();
    assert_eq!(got.len(), 1);
    let request = &got[0];
    assert_eq!((request.method.as_str(), request.uri.path()), ("POST", "/hook"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    let id = request.header("webhook-id").expect("webhook-id");
    let timestamp = request.header("webhook-timestamp").expect("webhook-timestamp");
    assert_eq!(timestamp, (now / 1000).to_string(), "the attempt's time, in seconds");
    let signature = request.header("webhook-signature").expect("webhook-signature");
    assert_eq!(verify(&[&secret], id, timestamp, &request.text(), signature), 1);
    assert_eq!(
        verify(&[&secret], id, timestamp, &request.text().replace("3", "4"), signature),
        0,
        "a changed body fails"
    );
    let body: serde_json::Value = serde_json::from_str(&request.text()).unwrap();
    assert_eq!(body["type"], "case.opened");
    assert_eq!(body["data"]["case_url"], "https://nps.example.com/cases/0");

    let listed = &channels::list(&store, org).await.unwrap()[0];
    assert_eq!(listed.last_delivery.as_ref().map(|d| d.status.as_str()), Some("delivered"));
}

#[tokio::test]
async fn a_500_is_retried_under_the_same_webhook_id_and_delivered_once() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    receiver.answer(&[(500, None)]);
    let created = add(&store, org, spec(ChannelKind::Webhook, &receiver.url)).await;
    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap();

    let now = vocal_app::now_ms();
    let failed = run_next(&store, true, now).await;
    assert_eq!(failed.state, JobState::Failed);
    assert!(failed.last_error.as_deref().unwrap().contains("500"), "{:?}", failed.last_error);
    let listed = &channels::list(&store, org).await.unwrap()[0];
    assert_eq!(listed.last_delivery.as_ref().map(|d| d.status.as_str()), Some("failed"));

    let done = run_next(&store, true, now + HOUR_MS).await;
    assert_eq!((done.state, done.attempts), (JobState::Done, 2));
    let got = receiver.received();
    assert_eq!(got.len(), 2, "one failed attempt, one delivery");
    assert_eq!(got[0].header("webhook-id"), got[1].header("webhook-id"), "the retry carries the same id");
    assert_eq!(got[0].body, got[1].body);
    assert_ne!(got[0].header("webhook-timestamp"), got[1].header("webhook-timestamp"), "each attempt's own time");
    let secret = created.secret.unwrap();
    let second = &got[1];
    let valid = verify(
        &[&secret],
        second.header("webhook-id").unwrap(),
        second.header("webhook-timestamp").unwrap(),
        &second.text(),
        second.header("webhook-signature").unwrap(),
    );
    assert_eq!(valid, 1);
    assert!(matches!(step_with(&store, &handlers(true), "w1", now + 2 * HOUR_MS).await.unwrap(), Step::Empty));
}

#[tokio::test]
async fn a_410_disables_the_channel_and_ends_the_job_until_it_is_enabled_again() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    receiver.answer(&[(410, None)]);
    let created = add(&store, org, spec(ChannelKind::Webhook, &receiver.url)).await;
    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap();

    let job = run_next(&store, true, vocal_app::now_ms()).await;
    assert_eq!(job.state, JobState::Dead, "no retry after 410 Gone");
    let channel = store.channel(org, created.channel.id).await.unwrap().unwrap();
    assert!(!channel.enabled);
    assert!(channel.disabled_reason.as_deref().unwrap().contains("410"), "{:?}", channel.disabled_reason);

    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap();
    let next = run_next(&store, true, vocal_app::now_ms()).await;
    assert_eq!(next.state, JobState::Dead);
    assert!(next.last_error.as_deref().unwrap().contains("disabled"));
    assert_eq!(receiver.received().len(), 1, "a disabled channel is not posted to");

    // The receiver is back: an admin turns the channel on again.
    let enabled = channels::enable(&store, Actor::CommandLine(org), created.channel.id).await.unwrap();
    assert!(enabled.enabled);
    assert_eq!(enabled.disabled_reason, None, "the reason is forgotten");
    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap();
    let after = run_next(&store, true, vocal_app::now_ms()).await;
    assert_eq!(after.state, JobState::Done, "{:?}", after.last_error);
    assert_eq!(receiver.received().len(), 2, "posted to again");
    let audit = store.list_audit(org, None, 10).await.unwrap();
    assert!(audit.iter().any(|e| e.entry.action == "channel.enable" && e.entry.detail.contains("410")), "{audit:?}");
    let other = store.create_org("Other", "UTC").await.unwrap().id;
    assert!(
        channels::enable(&store, Actor::CommandLine(other), created.channel.id).await.is_err(),
        "not across organisations"
    );
}

#[tokio::test]
async fn a_redirect_is_a_failure_and_its_target_is_never_contacted() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    let elsewhere = http_receiver::start().await;
    receiver.answer(&[(302, Some(&elsewhere.url))]);
    let created = add(&store, org, spec(ChannelKind::Webhook, &receiver.url)).await;
    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap();

    let job = run_next(&store, true, vocal_app::now_ms()).await;
    assert_eq!(job.state, JobState::Failed, "retried later, as a failure");
    assert!(job.last_error.as_deref().unwrap().contains("302"), "{:?}", job.last_error);
    assert_eq!(receiver.received().len(), 1);
    assert!(elsewhere.received().is_empty(), "the redirect is not followed");
}

#[tokio::test]
async fn a_loopback_url_is_refused_at_save_and_at_send_unless_private_targets_are_allowed() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    let refused = channels::add(&store, Actor::CommandLine(org), DENY, spec(ChannelKind::Webhook, &receiver.url)).await;
    match refused {
        Err(ChannelError::Invalid { field, problem }) => {
            assert_eq!(field, "url");
            assert!(problem.contains("127.0.0.1") && problem.contains("loopback"), "{problem}");
        }
        other => panic!("refused at save, got {other:?}"),
    }
    assert!(store.channels(org).await.unwrap().is_empty(), "nothing stored");

    // Saved while allowed (say, before the setting changed): still refused at send.
    let created = add(&store, org, spec(ChannelKind::Webhook, &receiver.url)).await;
    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap();
    let job = run_next(&store, false, vocal_app::now_ms()).await;
    assert_eq!(job.state, JobState::Dead, "a refused URL is not retried");
    assert!(job.last_error.as_deref().unwrap().contains("loopback"), "{:?}", job.last_error);
    assert!(receiver.received().is_empty(), "nothing reached the receiver");
}

#[tokio::test]
async fn during_a_rotation_both_secrets_sign_each_delivery() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    let created = add(&store, org, spec(ChannelKind::Webhook, &receiver.url)).await;
    let old = created.secret.unwrap();
    let now = vocal_app::now_ms();
    let (_, new) = channels::rotate_secret(&store, Actor::CommandLine(org), created.channel.id, now).await.unwrap();
    assert_ne!(old, new);

    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap();
    run_next(&store, true, now + HOUR_MS).await;
    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com").await.unwrap();
    run_next(&store, true, now + 25 * HOUR_MS).await;

    let got = receiver.received();
    let check = |r: &http_receiver::Received, secrets: &[&str]| {
        let header = r.header("webhook-signature").unwrap();
        let ids = (r.header("webhook-id").unwrap(), r.header("webhook-timestamp").unwrap());
        (header.split(' ').count(), verify(secrets, ids.0, ids.1, &r.text(), header))
    };
    assert_eq!(check(&got[0], &[&old, &new]), (2, 2), "within 24 h: two signatures, one per secret");
    assert_eq!(check(&got[1], &[&new]), (1, 1), "after 24 h: the new secret only");
    assert_eq!(check(&got[1], &[&old]), (1, 0));
}

#[tokio::test]
async fn a_slack_channel_gets_a_slack_message_with_the_case_link() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    let created = add(&store, org, spec(ChannelKind::Slack, &receiver.url)).await;
    assert_eq!(created.secret, None, "chat webhooks are not signed");
    enqueue_test(&store, org, created.channel.id, None, "https://nps.example.com/").await.unwrap();
    run_next(&store, true, vocal_app::now_ms()).await;
    let got = receiver.received();
    assert_eq!(got[0].header("webhook-signature"), None);
    let body: serde_json::Value = serde_json::from_str(&got[0].text()).unwrap();
    assert!(body["text"].as_str().unwrap().ends_with("https://nps.example.com/cases/0"));
    assert_eq!(body["blocks"][3]["elements"][0]["url"], "https://nps.example.com/cases/0");
}

fn gateway_template() -> SmsTemplate {
    let field = |name: &str, value: &str| FormField { name: name.into(), value: value.into() };
    SmsTemplate {
        fields: vec![field("To", "{{to}}"), field("From", "+15005550006"), field("Body", "Vocal: {{text}}")],
        basic_auth: Some(BasicAuth { username: "AC123".into(), password: "tok&en".into() }),
        header: None,
    }
}

#[tokio::test]
async fn an_sms_reaches_the_gateway_as_the_templates_form() {
    let (_dir, store, org) = store_with_org().await;
    let phone = Phone::parse("+14155550100").unwrap();
    assert_eq!(enqueue_sms(&store, org, &phone, "hi").await.unwrap(), None, "no gateway, nothing queued");
    let receiver = http_receiver::start().await;
    let gateway = ChannelSpec { sms: Some(gateway_template()), ..spec(ChannelKind::SmsGateway, &receiver.url) };
    add(&store, org, gateway).await;

    let text = "Score 2 & \"cancel\" = now\nline 2";
    enqueue_sms(&store, org, &phone, text).await.unwrap().expect("queued");
    let job = run_next(&store, true, vocal_app::now_ms()).await;
    assert_eq!(job.state, JobState::Done);

    let got = receiver.received();
    assert_eq!(got[0].header("content-type"), Some("application/x-www-form-urlencoded"));
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&got[0].body).into_owned().collect();
    let expected =
        [("To", "+14155550100"), ("From", "+15005550006"), ("Body", "Vocal: Score 2 & \"cancel\" = now\nline 2")];
    assert_eq!(form, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    // "AC123:tok&en" in base64, worked out by hand with `printf 'AC123:tok&en' | base64`.
    assert_eq!(got[0].header("authorization"), Some("Basic QUMxMjM6dG9rJmVu"));
}

#[tokio::test]
async fn a_gateway_whose_template_does_not_render_is_refused_naming_the_field() {
    let (_dir, store, org) = store_with_org().await;
    let mut template = gateway_template();
    template.fields[2].value = "{{message}}".into();
    let gateway = ChannelSpec { sms: Some(template), ..spec(ChannelKind::SmsGateway, "http://127.0.0.1:9/sms") };
    let error = channels::add(&store, Actor::CommandLine(org), ALLOW, gateway).await.unwrap_err();
    assert_eq!(error.field(), Some("fields[2] (Body)"));
    assert!(error.to_string().contains("unknown placeholder {{message}}"), "{error}");
    assert!(store.channels(org).await.unwrap().is_empty());
}

/// A detractor's case, opened in the store as the evaluator would.
async fn opened_case(store: &SqliteStore, org: OrgId, comment: &str) -> vocal_store::Case {
    let response = NewResponse {
        dedupe_key: None,
        score: Score::new(2).unwrap(),
        comment: Some(comment.into()),
        submitted_at_ms: vocal_app::now_ms(),
        channel: None,
        touchpoint: None,
        unit: Some(UnitPath::parse("Americas/Reno Support").unwrap()),
        agent: None,
        contact_email: None,
        account: None,
        language: None,
        survey_id: None,
        source: "test".into(),
        attributes: Default::default(),
    };
    store.insert_responses(org, vec![response]).await.unwrap();
    let stored = store.responses_after(org, 0, 10).await.unwrap().remove(0);
    let case = NewCase {
        response_id: stored.id,
        response_seq: stored.seq,
        unit_id: stored.unit_id,
        owner: None,
        routed_by: "admins".into(),
        rules: vec!["detractors".into(), "churn words".into()],
        first_contact_due_ms: 0,
        resolve_due_ms: 0,
        opened_note: "opened".into(),
        opened_at_ms: stored.submitted_at_ms,
        alert_backstop_at_ms: None,
    };
    match store.open_case(org, case).await.unwrap() {
        CaseOpening::Opened(case) | CaseOpening::AlreadyOpen(case) => case,
    }
}

#[tokio::test]
async fn an_opened_case_goes_to_each_enabled_subscribed_channel_with_its_facts() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    let hostile = "I'll \"cancel\" <!channel>\nnow";
    let case = opened_case(&store, org, hostile).await;
    add(&store, org, spec(ChannelKind::Webhook, &receiver.url)).await;
    add(&store, org, spec(ChannelKind::Teams, &receiver.url)).await;
    let resolved_only =
        ChannelSpec { events: vec![ChannelEvent::CaseResolved], ..spec(ChannelKind::Slack, &receiver.url) };
    add(&store, org, resolved_only).await;
    let gateway = ChannelSpec { sms: Some(gateway_template()), ..spec(ChannelKind::SmsGateway, &receiver.url) };
    add(&store, org, gateway).await;

    let jobs = enqueue_case_webhooks(&store, &case, "https://nps.example.com/").await.unwrap();
    assert_eq!(jobs.len(), 2, "the webhook and Teams: not the resolved-only Slack, not the gateway");
    let now = vocal_app::now_ms();
    run_next(&store, true, now).await;
    run_next(&store, true, now).await;
    let got = receiver.received();
    let webhook: serde_json::Value = serde_json::from_str(&got[0].text()).unwrap();
    let url = format!("https://nps.example.com/cases/{}", case.id.0);
    assert_eq!(webhook["type"], "case.opened");
    assert_eq!(
        webhook["data"],
        serde_json::json!({
            "case_id": case.id.0, "case_url": url, "response_id": case.response_id.0, "score": 2,
            "comment": hostile, "unit": "Reno Support", "rules": ["detractors", "churn words"]
        })
    );
    let teams: serde_json::Value = serde_json::from_str(&got[1].text()).unwrap();
    assert_eq!(teams["@type"], "MessageCard");
    assert_eq!(teams["sections"][0]["text"], "I'll \"cancel\" &lt;!channel&gt;\nnow");
    assert_eq!(teams["potentialAction"][0]["targets"][0]["uri"], url.as_str());
}

#[tokio::test]
async fn an_alert_text_the_gateway_refuses_is_noted_on_its_case() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    receiver.answer(&[(400, None)]);
    add(&store, org, ChannelSpec { sms: Some(gateway_template()), ..spec(ChannelKind::SmsGateway, &receiver.url) })
        .await;
    let case = opened_case(&store, org, "call me").await;
    let ana = NewUser {
        email: Email::parse("ana@example.com").unwrap(),
        name: "Ana".into(),
        role: Role::Admin,
        unit_id: None,
        agent_id: None,
    };
    let ana = store.create_user(org, ana).await.unwrap();
    let phone = Phone::parse("+14155550100").unwrap();
    let link = format!("https://nps.example.com/cases/{}", case.id.0);
    assert!(queue_sms_alert(&store, &ana, &phone, "Detractor 2/10", (case.id.0, &link)).await.unwrap());
    let job = run_next(&store, true, vocal_app::now_ms()).await;
    assert_eq!(job.state, JobState::Dead, "a 400 is not retried");
    let events = store.case_events(org, case.id).await.unwrap();
    let note = events.iter().find(|e| e.text.contains("could not be delivered")).expect("noted on the case");
    assert!(note.text.starts_with("The text message to +14155550100"), "{}", note.text);
}
