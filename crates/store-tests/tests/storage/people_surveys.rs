//! Users who sign in, contacts who are surveyed, and survey wording.

use std::collections::BTreeMap;

use vocal_domain::Role;
use vocal_domain::survey::SurveyTexts;
use vocal_store::{NewContact, NewUser, Store, StoreError, User};

use crate::fixtures::{all_responses, email, new_org, path, phone, response, survey};

storage_tests!(
    users_are_created_and_listed_by_email,
    a_user_email_is_taken_once_per_organisation,
    upserting_a_contact_with_a_known_email_updates_it,
    contacts_without_email_are_always_new,
    a_response_reuses_the_contact_with_its_email,
    putting_a_survey_again_replaces_its_definition,
);

fn user(email: &str, role: Role) -> NewUser {
    NewUser {
        email: crate::fixtures::email(email),
        name: format!("Name of {email}"),
        role,
        unit_id: None,
        agent_id: None,
    }
}

async fn users_are_created_and_listed_by_email<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let reno = store.ensure_unit(org, &path("Americas/Reno")).await.unwrap();
    let ana = store.assign_agent(org, "Ana", Some(reno)).await.unwrap();

    let zed = store
        .create_user(org, NewUser { unit_id: Some(reno), ..user("zed@example.com", Role::Manager) })
        .await
        .unwrap();
    let amy = store
        .create_user(org, NewUser { agent_id: Some(ana.id), ..user("amy@example.com", Role::Agent) })
        .await
        .unwrap();
    let admin = store.create_user(org, user("Boss@example.com", Role::Admin)).await.unwrap();

    let expected_zed = User {
        id: zed.id,
        org_id: org,
        email: email("zed@example.com"),
        name: "Name of zed@example.com".into(),
        role: Role::Manager,
        unit_id: Some(reno),
        agent_id: None,
        disabled: false,
    };
    assert_eq!(zed, expected_zed);
    assert_eq!(admin.email, "boss@example.com", "an Email is lower case");
    assert_eq!(store.list_users(org).await.unwrap(), vec![amy, admin, expected_zed], "by email");
}

async fn a_user_email_is_taken_once_per_organisation<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Globex").await;
    store.create_user(org, user("amy@example.com", Role::Admin)).await.unwrap();

    let again = store.create_user(org, user("amy@example.com", Role::Analyst)).await;
    let elsewhere = store.create_user(other, user("amy@example.com", Role::Analyst)).await;

    assert!(matches!(again, Err(StoreError::Conflict { field: "user email" })), "got {again:?}");
    assert!(elsewhere.is_ok(), "got {elsewhere:?}");
    assert_eq!(store.list_users(org).await.unwrap()[0].role, Role::Admin);
}

async fn upserting_a_contact_with_a_known_email_updates_it<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let first = NewContact {
        email: Some(email("pat@example.com")),
        name: Some("Pat".into()),
        phone: Some(phone("+44 20 7946 0100")),
        attributes: BTreeMap::from([("tier".into(), "gold".into()), ("region".into(), "west".into())]),
        ..NewContact::default()
    };
    let created = store.upsert_contact(org, first).await.unwrap();
    let second = NewContact {
        email: Some(email("pat@example.com")),
        name: Some("Patricia 🌻".into()),
        account: Some("ACME-7".into()),
        language: Some("de".into()),
        attributes: BTreeMap::from([("tier".into(), "platinum".into())]),
        ..NewContact::default()
    };

    let updated = store.upsert_contact(org, second.clone()).await.unwrap();

    assert_eq!(updated.id, created.id);
    let listed = store.list_contacts(org).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, created.id);
    assert_eq!(listed[0].details, second, "every detail is replaced, the phone included");
    assert!(!listed[0].unsubscribed);
}

async fn contacts_without_email_are_always_new<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let walk_in = || NewContact { phone: Some(phone("+44 20 7946 0199")), ..NewContact::default() };

    let first = store.upsert_contact(org, walk_in()).await.unwrap();
    let second = store.upsert_contact(org, walk_in()).await.unwrap();

    assert_ne!(first.id, second.id);
    assert_eq!(store.list_contacts(org).await.unwrap().len(), 2);
}

async fn a_response_reuses_the_contact_with_its_email<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let contact =
        NewContact { email: Some(email("pat@example.com")), name: Some("Pat".into()), ..NewContact::default() };
    let pat = store.upsert_contact(org, contact.clone()).await.unwrap();

    let from_pat = vocal_store::NewResponse { contact_email: Some(email("pat@example.com")), ..response(9) };
    store.insert_responses(org, vec![from_pat]).await.unwrap();

    let id = all_responses(&store, org).await[0].id;
    let record = store.responses_by_ids(org, &[id]).await.unwrap().remove(0);
    assert_eq!(record.contact_id, Some(pat.id));
    let listed = store.list_contacts(org).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].details, contact, "an import does not overwrite the contact's details");
}

async fn putting_a_survey_again_replaces_its_definition<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let first = survey("relationship");
    let created = store.put_survey(org, first.clone()).await.unwrap();
    let mut second = first.clone();
    second.name = "Relationship 2026".into();
    second.default_language = "fr".into();
    let french = SurveyTexts { question: "Nous recommanderiez-vous ?".into(), ..first.texts["en"].clone() };
    let japanese = SurveyTexts { question: "おすすめしますか？".into(), ..first.texts["en"].clone() };
    second.texts = [("fr".to_string(), french), ("ja".to_string(), japanese)].into();
    let other = survey("after-call");

    let replaced = store.put_survey(org, second.clone()).await.unwrap();
    let after_call = store.put_survey(org, other.clone()).await.unwrap();

    assert_eq!(replaced.id, created.id);
    assert_eq!(replaced.definition, second);
    let listed = store.list_surveys(org).await.unwrap();
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), [after_call.id, created.id], "by slug");
    assert_eq!(listed[0].definition, other);
    assert_eq!(listed[1].definition, second, "the English text is gone");
    assert_eq!(listed[1].org_id, org);
}
