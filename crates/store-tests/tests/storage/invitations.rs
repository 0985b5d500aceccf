//! Invitations: created all or none, found by their token's hash from any
//! organisation and by id within their own, each with its contact matched
//! by email, else by phone.

use std::collections::BTreeMap;

use vocal_domain::{InvitationId, OrgId, SurveyId};
use vocal_store::{InvitationContext, NewContact, NewInvitation, Store, StoreError};

use crate::fixtures::{email, new_org, path, phone, survey};

storage_tests!(
    invitations_are_found_by_token_hash_and_by_id,
    another_organisations_invitation_is_not_found_by_id,
    a_known_email_is_matched_and_its_missing_details_filled,
    a_known_phone_is_matched_when_no_email_matches,
    a_different_email_on_a_known_phone_is_another_contact,
    a_bad_survey_stores_no_invitation_and_no_contact,
);

fn by_email(address: &str) -> NewContact {
    NewContact { email: Some(email(address)), ..NewContact::default() }
}

fn by_phone(number: &str) -> NewContact {
    NewContact { phone: Some(phone(number)), ..NewContact::default() }
}

/// An invitation whose token hash is made of `token`.
fn invitation(survey_id: SurveyId, contact: NewContact, token: u8) -> NewInvitation {
    NewInvitation {
        survey_id,
        contact,
        channel: "email".into(),
        token_hash: [token; 32],
        token_seal: vec![token, 0, 0xFF, token],
        expires_at_ms: 1_800_000_000_000,
        context: InvitationContext::default(),
    }
}

async fn org_with_survey<S: Store>(store: &S, name: &str) -> (OrgId, SurveyId) {
    let org = new_org(store, name).await;
    (org, store.put_survey(org, survey("relationship")).await.unwrap().id)
}

async fn invitations_are_found_by_token_hash_and_by_id<S: Store>(store: S) {
    let (org, relationship) = org_with_survey(&store, "Acme").await;
    let context = InvitationContext {
        unit: Some(path("EMEA/Paris")),
        agent: Some("Ana".into()),
        touchpoint: Some("delivery".into()),
        attributes: BTreeMap::from([("order".to_string(), "A-17".to_string())]),
        ..InvitationContext::default()
    };
    let by_sms =
        NewInvitation { channel: "sms".into(), context, ..invitation(relationship, by_phone("+44 20 7946 0100"), 2) };

    let created = store
        .create_invitations(org, vec![invitation(relationship, by_email("a@example.com"), 1), by_sms.clone()])
        .await
        .unwrap();

    assert_eq!(created.len(), 2);
    assert_ne!(created[0].id, created[1].id);
    let sms = &created[1];
    assert_eq!((sms.org_id, sms.survey_id, sms.channel.as_str()), (org, relationship, "sms"));
    assert_eq!(
        (sms.token_hash, &sms.token_seal, sms.expires_at_ms),
        ([2; 32], &by_sms.token_seal, by_sms.expires_at_ms)
    );
    assert_eq!(sms.context, by_sms.context);
    assert_eq!(sms.contact.details, by_phone("+44 20 7946 0100"));
    assert_eq!(created[0].contact.details.email.as_deref(), Some("a@example.com"));
    for stored in &created {
        assert_eq!(store.invitation_by_token_hash(stored.token_hash).await.unwrap().as_ref(), Some(stored));
        assert_eq!(store.invitation(org, stored.id).await.unwrap().as_ref(), Some(stored));
    }
    assert_eq!(store.invitation_by_token_hash([3; 32]).await.unwrap(), None);
    assert_eq!(store.invitation(org, InvitationId(created[1].id.0 + 1000)).await.unwrap(), None);
    assert_eq!(store.list_contacts(org).await.unwrap().len(), 2);
}

async fn another_organisations_invitation_is_not_found_by_id<S: Store>(store: S) {
    let (acme, relationship) = org_with_survey(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let created =
        store.create_invitations(acme, vec![invitation(relationship, by_email("a@example.com"), 1)]).await.unwrap();

    assert_eq!(store.invitation(globex, created[0].id).await.unwrap(), None);
    let by_token = store.invitation_by_token_hash([1; 32]).await.unwrap().unwrap();
    assert_eq!(by_token.org_id, acme, "a token names its organisation");
}

async fn a_known_email_is_matched_and_its_missing_details_filled<S: Store>(store: S) {
    let (org, relationship) = org_with_survey(&store, "Acme").await;
    let known = NewContact {
        name: Some("Pat".into()),
        attributes: BTreeMap::from([("tier".to_string(), "gold".to_string())]),
        ..by_email("pat@example.com")
    };
    let pat = store.upsert_contact(org, known).await.unwrap();
    let offered = NewContact {
        name: Some("Patricia".into()),
        phone: Some(phone("+44 20 7946 0100")),
        language: Some("de".into()),
        attributes: BTreeMap::from([
            ("tier".to_string(), "bronze".to_string()),
            ("region".to_string(), "west".to_string()),
        ]),
        ..by_email("pat@example.com")
    };

    let created = store
        .create_invitations(
            org,
            vec![invitation(relationship, offered.clone(), 1), invitation(relationship, offered, 2)],
        )
        .await
        .unwrap();

    let expected = NewContact {
        email: Some(email("pat@example.com")),
        phone: Some(phone("+44 20 7946 0100")),
        name: Some("Pat".into()),
        account: None,
        language: Some("de".into()),
        attributes: BTreeMap::from([
            ("tier".to_string(), "gold".to_string()),
            ("region".to_string(), "west".to_string()),
        ]),
    };
    assert_eq!(created[0].contact.id, pat.id);
    assert_eq!(created[1].contact.id, pat.id);
    assert_eq!(created[0].contact.details, expected, "what was known is kept, what was missing is filled");
    let listed = store.list_contacts(org).await.unwrap();
    assert_eq!(listed.len(), 1, "no duplicate contact");
    assert_eq!(listed[0].details, expected);
}

async fn a_known_phone_is_matched_when_no_email_matches<S: Store>(store: S) {
    let (org, relationship) = org_with_survey(&store, "Acme").await;
    let walk_in = store.upsert_contact(org, by_phone("+44 20 7946 0000")).await.unwrap();
    let with_email = NewContact { name: Some("Sam".into()), ..by_email("sam@example.com") };
    let identified = NewContact { phone: Some(phone("+44 20 7946 0000")), ..with_email };

    let created = store
        .create_invitations(
            org,
            vec![invitation(relationship, identified, 1), invitation(relationship, by_phone("+44 20 7946 0000"), 2)],
        )
        .await
        .unwrap();

    assert_eq!(created[0].contact.id, walk_in.id);
    assert_eq!(created[1].contact.id, walk_in.id);
    assert_eq!(created[0].contact.details.email.as_deref(), Some("sam@example.com"), "the email is filled in");
    let listed = store.list_contacts(org).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].details.name.as_deref(), Some("Sam"));
}

async fn a_different_email_on_a_known_phone_is_another_contact<S: Store>(store: S) {
    let (org, relationship) = org_with_survey(&store, "Acme").await;
    let parent = store
        .upsert_contact(org, NewContact { phone: Some(phone("+44 20 7946 0100")), ..by_email("mum@example.com") })
        .await
        .unwrap();
    let child = NewContact { phone: Some(phone("+44 20 7946 0100")), ..by_email("kid@example.com") };

    let created = store.create_invitations(org, vec![invitation(relationship, child.clone(), 1)]).await.unwrap();

    assert_ne!(created[0].contact.id, parent.id, "a shared phone does not merge two emails");
    assert_eq!(created[0].contact.details, child);
    assert_eq!(store.list_contacts(org).await.unwrap().len(), 2);
}

async fn a_bad_survey_stores_no_invitation_and_no_contact<S: Store>(store: S) {
    let (acme, relationship) = org_with_survey(&store, "Acme").await;
    let (_, theirs) = org_with_survey(&store, "Globex").await;

    for culprit in [theirs, SurveyId(theirs.0 + 1000)] {
        let outcome = store
            .create_invitations(
                acme,
                vec![
                    invitation(relationship, by_email("a@example.com"), 1),
                    invitation(culprit, by_email("b@example.com"), 2),
                ],
            )
            .await;

        assert!(matches!(outcome, Err(StoreError::NotFound("survey"))), "got {outcome:?}");
    }
    assert_eq!(store.invitation_by_token_hash([1; 32]).await.unwrap(), None);
    assert!(store.list_contacts(acme).await.unwrap().is_empty());
}
