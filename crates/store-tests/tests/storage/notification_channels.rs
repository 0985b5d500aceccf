//! Notification channels: stored whole, unique by name per organisation,
//! scoped by organisation, a rotation keeps the replaced secret for its
//! grace period, a 410 disables with a reason, and the last delivery is
//! remembered.

use vocal_store::{ChannelDelivery, ChannelEvent, ChannelKind, NewChannel, Store, StoreError};

use crate::fixtures::new_org;

storage_tests!(
    a_channel_is_stored_whole_and_listed_per_organisation,
    a_channel_name_is_unique_in_its_organisation_only,
    a_rotation_keeps_the_previous_secret_until_its_grace_ends,
    a_disabled_channel_says_why_and_the_last_delivery_is_kept,
    a_removed_channel_is_gone_and_other_organisations_cannot_touch_one,
);

fn webhook(name: &str) -> NewChannel {
    NewChannel {
        kind: ChannelKind::Webhook,
        name: name.into(),
        url: "https://crm.example.com/hooks/vocal".into(),
        events: vec![ChannelEvent::CaseOpened, ChannelEvent::CaseResolved],
        secret: Some("whsec_c2VjcmV0LWJ5dGVzLWZvci10ZXN0aW5nLW9ubHk=".into()),
        config: None,
    }
}

async fn a_channel_is_stored_whole_and_listed_per_organisation<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let hook = store.create_channel(acme, webhook("crm")).await.unwrap();
    let gateway = NewChannel {
        kind: ChannelKind::SmsGateway,
        name: "twilio".into(),
        url: "https://api.twilio.example/Messages.json".into(),
        events: vec![ChannelEvent::CaseOpened],
        secret: None,
        config: Some(r#"{"fields":[{"name":"Body","value":"{{text}}"}]}"#.into()),
    };
    let sms = store.create_channel(acme, gateway).await.unwrap();
    store.create_channel(other, webhook("crm")).await.unwrap();

    assert_eq!((hook.kind, hook.name.as_str(), hook.enabled), (ChannelKind::Webhook, "crm", true));
    assert_eq!(hook.events, vec![ChannelEvent::CaseOpened, ChannelEvent::CaseResolved]);
    assert_eq!(hook.secret.as_deref(), Some("whsec_c2VjcmV0LWJ5dGVzLWZvci10ZXN0aW5nLW9ubHk="));
    assert_eq!((hook.previous_secret.as_deref(), hook.disabled_reason.as_deref()), (None, None));
    assert_eq!(hook.last_delivery, None);
    assert!(!format!("{hook:?}").contains("c2VjcmV0"), "Debug hides the secret");
    assert_eq!(sms.config.as_deref(), Some(r#"{"fields":[{"name":"Body","value":"{{text}}"}]}"#));

    let listed = store.channels(acme).await.unwrap();
    assert_eq!(listed, vec![hook.clone(), sms], "oldest first, exactly as stored");
    assert_eq!(store.channel(acme, hook.id).await.unwrap(), Some(hook));
}

async fn a_channel_name_is_unique_in_its_organisation_only<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    store.create_channel(acme, webhook("crm")).await.unwrap();
    let again = store.create_channel(acme, webhook("crm")).await;
    assert!(matches!(again, Err(StoreError::Conflict { field: "name" })), "{again:?}");
    assert_eq!(store.channels(acme).await.unwrap().len(), 1);
}

async fn a_rotation_keeps_the_previous_secret_until_its_grace_ends<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let hook = store.create_channel(acme, webhook("crm")).await.unwrap();
    let t0 = 1_800_000_000_000;
    let until = t0 + 86_400_000;
    let rotated = store.rotate_channel_secret(acme, hook.id, "whsec_bmV3", until).await.unwrap().unwrap();
    assert_eq!(rotated.secret.as_deref(), Some("whsec_bmV3"));
    assert_eq!(rotated.previous_secret, hook.secret);
    assert_eq!(rotated.previous_secret_expires_at_ms, Some(until));
    let old = hook.secret.as_deref().unwrap();
    assert_eq!(rotated.signing_secrets(t0), vec!["whsec_bmV3", old]);
    assert_eq!(rotated.signing_secrets(until), vec!["whsec_bmV3"], "the grace ends at its time");
    assert_eq!(store.rotate_channel_secret(acme, hook.id + 99, "whsec_eA==", until).await.unwrap(), None);
}

async fn a_disabled_channel_says_why_and_the_last_delivery_is_kept<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let hook = store.create_channel(acme, webhook("crm")).await.unwrap();
    let failed = ChannelDelivery { at_ms: 1_800_000_000_000, status: "failed".into(), error: Some("410 Gone".into()) };
    store.record_channel_delivery(acme, hook.id, failed.clone()).await.unwrap();
    assert!(store.disable_channel(acme, hook.id, "the receiver answered 410 Gone").await.unwrap());
    let stored = store.channel(acme, hook.id).await.unwrap().unwrap();
    assert!(!stored.enabled);
    assert_eq!(stored.disabled_reason.as_deref(), Some("the receiver answered 410 Gone"));
    assert_eq!(stored.last_delivery, Some(failed));

    let delivered = ChannelDelivery { at_ms: 1_800_000_001_000, status: "delivered".into(), error: None };
    store.record_channel_delivery(acme, hook.id, delivered.clone()).await.unwrap();
    assert_eq!(store.channel(acme, hook.id).await.unwrap().unwrap().last_delivery, Some(delivered));
}

async fn a_removed_channel_is_gone_and_other_organisations_cannot_touch_one<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let hook = store.create_channel(acme, webhook("crm")).await.unwrap();
    assert_eq!(store.channel(other, hook.id).await.unwrap(), None);
    assert!(!store.delete_channel(other, hook.id).await.unwrap());
    assert!(!store.disable_channel(other, hook.id, "x").await.unwrap());
    assert_eq!(store.rotate_channel_secret(other, hook.id, "whsec_eA==", 0).await.unwrap(), None);
    assert!(store.channel(acme, hook.id).await.unwrap().unwrap().enabled);

    assert!(store.delete_channel(acme, hook.id).await.unwrap());
    assert_eq!(store.channel(acme, hook.id).await.unwrap(), None);
    assert!(!store.delete_channel(acme, hook.id).await.unwrap());
}
