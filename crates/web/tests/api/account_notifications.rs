//! The account page's alert settings: shown as stored, changed by the
//! person themselves, refused naming the field with nothing stored.

use vocal_domain::Role;
use vocal_store::NotificationPreferences;
use vocal_store::prelude::*;

use crate::helpers::spawn;

#[tokio::test]
async fn a_person_sets_how_alerts_reach_them_and_a_bad_number_stores_nothing() {
    let server = spawn(vec![]).await;
    let li = server.sign_in_as("li@example.com", Role::Analyst, None, None).await;
    let stored = || async { server.store.notification_preferences(server.org, li.user.id).await.unwrap() };

    let (status, page) = li.get("/account").await;
    assert_eq!(status, 200);
    assert!(page.contains("How alerts reach you"), "{page}");
    assert!(page.contains(r#"name="email" value="on" checked"#), "email is on by default: {page}");
    assert!(page.contains(r#"<option value="de">Deutsch</option>"#), "{page}");

    let bad = [("email", "on"), ("sms", "on"), ("mobile", "030 901820"), ("language", "de")];
    let (status, _, body) = li.post_form("/account/notifications", &bad).await;
    assert_eq!(status, 422);
    assert!(body.contains(r#"id="mobile-error""#) && body.contains("does not start with +"), "{body}");
    assert!(body.contains(r#"value="030 901820""#), "what was typed is kept: {body}");
    assert_eq!(stored().await, NotificationPreferences::default(), "nothing stored");

    let (status, _, body) = li.post_form("/account/notifications", &[("sms", "on"), ("language", "en")]).await;
    assert_eq!(status, 422);
    assert!(body.contains(r#"id="sms-error""#) && body.contains("SMS alerts need a mobile number."), "{body}");

    let good = [("sms", "on"), ("mobile", "+49 30 901820"), ("language", "de")];
    let (status, location, _) = li.post_form("/account/notifications", &good).await;
    assert_eq!((status, location.as_deref()), (303, Some("/account?done=notifications")));
    let now = stored().await;
    assert_eq!((now.email, now.sms, now.language.as_str()), (false, true, "de"), "an unticked box is off");
    assert_eq!(now.mobile.unwrap().as_str(), "+4930901820");
    let (_, page) = li.get("/account?done=notifications").await;
    assert!(page.contains("Your alert settings are saved."), "{page}");
    assert!(page.contains(r#"<option value="de" selected>"#) && page.contains(r#"value="+4930901820""#), "{page}");
    let audit = server.store.list_audit(server.org, None, 10).await.unwrap();
    assert!(audit.iter().any(|e| e.entry.action == "user.notifications"), "{audit:?}");
}
