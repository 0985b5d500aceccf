//! Signed webhooks and chat messages: what a receiver gets, retried, refused or redirected.

use super::*;

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
