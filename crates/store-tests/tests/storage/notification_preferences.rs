//! Each user's notification preferences, and the contact history an alert
//! shows, on both backends.

use vocal_domain::{ResponseId, Score};
use vocal_store::{NewResponse, NotificationPreferences, Store, StoreError};

use crate::fixtures::{all_responses, email, new_org, phone, response};
use crate::web_fixtures::new_user;

storage_tests!(
    a_user_who_never_chose_gets_email_in_english_and_no_sms,
    preferences_are_read_back_as_set_and_replaced_whole,
    preferences_belong_to_one_user_of_one_organisation,
    previous_answers_are_the_contacts_earlier_ones_newest_first,
);

async fn a_user_who_never_chose_gets_email_in_english_and_no_sms<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let defaults = store.notification_preferences(org, ana.id).await.unwrap();
    let expected = NotificationPreferences { language: "en".into(), email: true, sms: false, mobile: None };
    assert_eq!(defaults, expected);
}

async fn preferences_are_read_back_as_set_and_replaced_whole<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let german_sms = NotificationPreferences {
        language: "de".into(),
        email: false,
        sms: true,
        mobile: Some(phone("+49 30 901820")),
    };
    store.set_notification_preferences(org, ana.id, &german_sms).await.unwrap();
    assert_eq!(store.notification_preferences(org, ana.id).await.unwrap(), german_sms);
    let back_to_email = NotificationPreferences { email: true, sms: false, ..german_sms.clone() };
    store.set_notification_preferences(org, ana.id, &back_to_email).await.unwrap();
    let read = store.notification_preferences(org, ana.id).await.unwrap();
    assert_eq!(read, back_to_email, "replaced whole; the number is kept with SMS off");
    assert_eq!(read.mobile.unwrap().as_str(), "+4930901820");
}

async fn preferences_belong_to_one_user_of_one_organisation<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let bo = new_user(&store, org, "bo@example.com").await;
    let quiet = NotificationPreferences { email: false, ..NotificationPreferences::default() };
    store.set_notification_preferences(org, ana.id, &quiet).await.unwrap();
    assert!(store.notification_preferences(org, bo.id).await.unwrap().email, "Bo keeps the defaults");
    let refused = store.set_notification_preferences(other, bo.id, &quiet).await;
    assert!(matches!(refused, Err(StoreError::NotFound(_))), "{refused:?}");
    assert!(store.notification_preferences(org, bo.id).await.unwrap().email, "nothing stored through another org");
    assert!(store.notification_preferences(other, ana.id).await.unwrap().email, "another org reads no row");
}

async fn previous_answers_are_the_contacts_earlier_ones_newest_first<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let by = |score: i64, at: i64, who: &str, comment: Option<&str>| NewResponse {
        submitted_at_ms: at,
        contact_email: Some(email(who)),
        comment: comment.map(str::to_string),
        ..response(score)
    };
    let rows = vec![
        by(9, 100, "ana@example.com", Some("great")),
        by(7, 200, "ana@example.com", None),
        by(1, 150, "bo@example.com", Some("not Ana's")),
        by(8, 250, "ana@example.com", Some("ok")),
        by(3, 300, "ana@example.com", Some("now")),
        by(2, 400, "ana@example.com", Some("after")),
    ];
    store.insert_responses(org, rows).await.unwrap();
    let ids: Vec<ResponseId> = all_responses(&store, org).await.iter().map(|r| r.id).collect();
    let records = store.responses_by_ids(org, &ids).await.unwrap();
    let now = records.iter().find(|r| r.indexed.score.value() == 3).unwrap();
    let ana = now.contact_id.unwrap();
    let seen = |limit| {
        let store = store.clone();
        async move {
            let answers = store.previous_answers(org, ana, now.indexed.id, 300, limit).await.unwrap();
            answers.into_iter().map(|a| (a.submitted_at_ms, a.score, a.comment)).collect::<Vec<_>>()
        }
    };
    let s = |v| Score::new(v).unwrap();
    let all = vec![(250, s(8), Some("ok".to_string())), (200, s(7), None), (100, s(9), Some("great".to_string()))];
    assert_eq!(seen(5).await, all, "Ana's answers before this one, newest first, nothing later, not Bo's");
    assert_eq!(seen(2).await, all[..2].to_vec(), "at most the limit");
    assert_eq!(seen(0).await, vec![]);
}
