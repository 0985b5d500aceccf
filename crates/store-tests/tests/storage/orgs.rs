//! Organisations, and the wall between them.

use vocal_domain::OrgId;
use vocal_store::{ApiScope, NewApiKey, NewContact, Store, StoreError};

use crate::fixtures::{all_responses, email, keyed, new_org, path, response};

storage_tests!(
    a_new_organisation_is_listed_with_its_time_zone,
    an_organisation_name_is_taken_only_once,
    organisations_are_listed_by_name_in_byte_order,
    the_time_zone_can_be_changed_for_an_existing_organisation_only,
    the_instance_id_is_set_and_stable,
    two_organisations_never_see_each_others_data,
);

async fn a_new_organisation_is_listed_with_its_time_zone<S: Store>(store: S) {
    let created = store.create_org("Acme", "Europe/Berlin").await.unwrap();

    let listed = store.list_orgs().await.unwrap();

    assert_eq!(created.name, "Acme");
    assert_eq!(created.time_zone, "Europe/Berlin");
    assert_eq!(listed, vec![created]);
}

async fn an_organisation_name_is_taken_only_once<S: Store>(store: S) {
    store.create_org("Acme", "UTC").await.unwrap();

    let second = store.create_org("Acme", "Europe/Paris").await;

    assert!(matches!(second, Err(StoreError::Conflict { field: "organisation name" })), "got {second:?}");
    let listed = store.list_orgs().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].time_zone, "UTC");
}

async fn organisations_are_listed_by_name_in_byte_order<S: Store>(store: S) {
    for name in ["beta", "Émile", "alpha", "Alpha"] {
        new_org(&store, name).await;
    }

    let names: Vec<String> = store.list_orgs().await.unwrap().into_iter().map(|o| o.name).collect();

    // Code point order: 'A' (0x41) < 'a' (0x61) < 'b' < 'É' (0xC9).
    assert_eq!(names, ["Alpha", "alpha", "beta", "Émile"]);
}

async fn the_time_zone_can_be_changed_for_an_existing_organisation_only<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    store.set_org_time_zone(org, "America/Los_Angeles").await.unwrap();
    let missing = store.set_org_time_zone(OrgId(org.0 + 1000), "UTC").await;

    assert_eq!(store.list_orgs().await.unwrap()[0].time_zone, "America/Los_Angeles");
    assert!(matches!(missing, Err(StoreError::NotFound("organisation"))), "got {missing:?}");
}

async fn the_instance_id_is_set_and_stable<S: Store>(store: S) {
    let first = store.instance_id().await.unwrap();
    new_org(&store, "Acme").await;

    let second = store.instance_id().await.unwrap();

    assert!(first.len() >= 16, "instance id {first:?} is too short to be unique");
    assert_eq!(first, second);
}

async fn two_organisations_never_see_each_others_data<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let in_sales = |score, key| {
        let mut r = keyed(score, key);
        r.unit = Some(path("Sales"));
        r.agent = Some("Ana".into());
        r.contact_email = Some(email("pat@example.com"));
        r
    };
    // The same unit path, agent, email and de-duplication key in both.
    store.insert_responses(acme, vec![in_sales(9, 1), in_sales(8, 2)]).await.unwrap();
    let globex_outcome = store.insert_responses(globex, vec![in_sales(3, 1)]).await.unwrap();
    store.insert_responses(globex, vec![response(4)]).await.unwrap();
    let acme_key = store
        .create_api_key(
            acme,
            NewApiKey { name: "ci".into(), scope: ApiScope::Read, key_hash: "h1".into(), prefix: "vk_1".into() },
        )
        .await
        .unwrap();
    store
        .upsert_contact(globex, NewContact { email: Some(email("lee@example.com")), ..NewContact::default() })
        .await
        .unwrap();

    let acme_rows = all_responses(&store, acme).await;
    let globex_rows = all_responses(&store, globex).await;
    let globex_ids: Vec<_> = globex_rows.iter().map(|r| r.id).collect();

    assert_eq!(globex_outcome.inserted, 1, "a key stored by another organisation is no duplicate");
    assert_eq!(acme_rows.iter().map(|r| r.score.value()).collect::<Vec<_>>(), [9, 8]);
    assert_eq!(globex_rows.iter().map(|r| r.score.value()).collect::<Vec<_>>(), [3, 4]);
    assert!(store.responses_by_ids(acme, &globex_ids).await.unwrap().is_empty());
    assert_eq!(store.max_seq(globex).await.unwrap(), globex_rows[1].seq);
    assert_eq!(store.max_seq(acme).await.unwrap(), acme_rows[1].seq);

    let acme_units = store.list_units(acme).await.unwrap();
    let globex_units = store.list_units(globex).await.unwrap();
    assert_eq!((acme_units.len(), globex_units.len()), (1, 1));
    assert_ne!(acme_units[0].id, globex_units[0].id);
    assert_eq!(acme_rows[0].unit_id, Some(acme_units[0].id));
    assert_eq!(globex_rows[0].unit_id, Some(globex_units[0].id));

    let acme_agents = store.list_agents(acme).await.unwrap();
    let globex_agents = store.list_agents(globex).await.unwrap();
    assert_ne!(acme_agents[0].id, globex_agents[0].id);
    assert_eq!(acme_rows[0].agent_id, Some(acme_agents[0].id));

    let emails =
        |contacts: Vec<vocal_store::Contact>| contacts.into_iter().filter_map(|c| c.details.email).collect::<Vec<_>>();
    assert_eq!(emails(store.list_contacts(acme).await.unwrap()), ["pat@example.com"]);
    assert_eq!(emails(store.list_contacts(globex).await.unwrap()), ["pat@example.com", "lee@example.com"]);

    assert!(store.list_api_keys(globex).await.unwrap().is_empty());
    assert!(!store.revoke_api_key(globex, acme_key.id).await.unwrap(), "another organisation's key");
    assert_eq!(store.list_api_keys(acme).await.unwrap()[0].revoked_at_ms, None);
}
