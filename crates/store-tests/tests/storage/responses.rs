//! Writing responses: all-or-nothing, creating what they name, skipping
//! de-duplication keys already stored.

use std::collections::BTreeSet;

use vocal_domain::{ResponseId, SurveyId, UnitTree};
use vocal_store::{InsertOutcome, NewResponse, Store, StoreError};

use crate::fixtures::{all_responses, dedupe_key, email, keyed, new_org, path, response, scores};

storage_tests!(
    an_empty_batch_stores_nothing,
    inserting_creates_the_units_agents_and_contacts_it_names,
    a_stored_dedupe_key_is_reported_as_a_duplicate,
    a_key_repeated_within_one_batch_is_stored_once,
    responses_without_a_dedupe_key_are_always_stored,
    a_failing_batch_stores_nothing_at_all,
);

async fn an_empty_batch_stores_nothing<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let outcome = store.insert_responses(org, Vec::new()).await.unwrap();

    assert_eq!(outcome, InsertOutcome { inserted: 0, duplicates: 0 });
    assert_eq!(store.max_seq(org).await.unwrap(), 0);
}

async fn inserting_creates_the_units_agents_and_contacts_it_names<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let with = |score, unit: &str, agent: Option<&str>, email: Option<&str>| NewResponse {
        unit: Some(path(unit)),
        agent: agent.map(String::from),
        contact_email: email.map(crate::fixtures::email),
        ..response(score)
    };

    let outcome = store
        .insert_responses(
            org,
            vec![
                with(10, "Americas/Reno", Some("Ana"), Some("a@example.com")),
                with(6, "Americas/Reno", Some("Ana"), Some("b@example.com")),
                with(8, "Americas/Tahoe", None, Some("a@example.com")),
                with(0, "EMEA", Some("Bo"), None),
            ],
        )
        .await
        .unwrap();

    assert_eq!(outcome, InsertOutcome { inserted: 4, duplicates: 0 });
    let tree = UnitTree::new(store.list_units(org).await.unwrap());
    assert_eq!(tree.units().len(), 4, "Americas, Reno, Tahoe, EMEA");
    let agents = store.list_agents(org).await.unwrap();
    assert_eq!(agents.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Ana", "Bo"]);
    assert!(agents.iter().all(|a| a.unit_id.is_none()), "an import names agents, it does not place them");
    let contacts = store.list_contacts(org).await.unwrap();
    let emails: BTreeSet<_> = contacts.iter().filter_map(|c| c.details.email.as_deref()).collect();
    assert_eq!(emails, BTreeSet::from(["a@example.com", "b@example.com"]));

    let rows = all_responses(&store, org).await;
    let unit_paths: Vec<String> = rows.iter().map(|r| tree.path(r.unit_id.unwrap())).collect();
    assert_eq!(unit_paths, ["Americas/Reno", "Americas/Reno", "Americas/Tahoe", "EMEA"]);
    let agent_ids: Vec<_> = rows.iter().map(|r| r.agent_id).collect();
    assert_eq!(agent_ids, [Some(agents[0].id), Some(agents[0].id), None, Some(agents[1].id)]);
    let ids: Vec<ResponseId> = rows.iter().map(|r| r.id).collect();
    let records = store.responses_by_ids(org, &ids).await.unwrap();
    let record_emails: Vec<_> = records.iter().map(|r| r.contact_email.as_deref()).collect();
    assert_eq!(record_emails, [Some("a@example.com"), Some("b@example.com"), Some("a@example.com"), None]);
    assert_eq!(records[0].contact_id, records[2].contact_id, "one contact per email");
}

async fn a_stored_dedupe_key_is_reported_as_a_duplicate<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let first = store.insert_responses(org, vec![keyed(1, 1), keyed(2, 2), keyed(3, 3)]).await.unwrap();

    let again = store.insert_responses(org, vec![keyed(7, 2), keyed(7, 3), keyed(4, 4)]).await.unwrap();
    let replay = store.insert_responses(org, vec![keyed(9, 1), keyed(9, 4)]).await.unwrap();

    assert_eq!(first, InsertOutcome { inserted: 3, duplicates: 0 });
    assert_eq!(again, InsertOutcome { inserted: 1, duplicates: 2 });
    assert_eq!(replay, InsertOutcome { inserted: 0, duplicates: 2 });
    assert_eq!(scores(&all_responses(&store, org).await), [1, 2, 3, 4], "the first copy is kept");
}

async fn a_key_repeated_within_one_batch_is_stored_once<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let outcome = store.insert_responses(org, vec![keyed(5, 9), keyed(6, 9), keyed(7, 10)]).await.unwrap();

    assert_eq!(outcome, InsertOutcome { inserted: 2, duplicates: 1 });
    assert_eq!(scores(&all_responses(&store, org).await), [5, 7]);
}

async fn responses_without_a_dedupe_key_are_always_stored<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let batch = || vec![response(9), response(9)];

    let first = store.insert_responses(org, batch()).await.unwrap();
    let second = store.insert_responses(org, batch()).await.unwrap();

    assert_eq!(first, InsertOutcome { inserted: 2, duplicates: 0 });
    assert_eq!(second, InsertOutcome { inserted: 2, duplicates: 0 });
    assert_eq!(all_responses(&store, org).await.len(), 4);
}

async fn a_failing_batch_stores_nothing_at_all<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    store.insert_responses(org, vec![keyed(10, 1)]).await.unwrap();
    let before = store.max_seq(org).await.unwrap();
    let good = NewResponse {
        unit: Some(path("Americas/Reno")),
        agent: Some("Ana".into()),
        contact_email: Some(email("a@example.com")),
        ..keyed(9, 2)
    };
    // No such survey: the foreign key fails after units, agents and
    // contacts were created inside the transaction.
    let bad = NewResponse { survey_id: Some(SurveyId(987_654)), dedupe_key: Some(dedupe_key(3)), ..good.clone() };

    let failed = store.insert_responses(org, vec![good.clone(), bad]).await;

    assert!(matches!(failed, Err(StoreError::Database(_))), "got {failed:?}");
    assert_eq!(scores(&all_responses(&store, org).await), [10]);
    assert_eq!(store.max_seq(org).await.unwrap(), before);
    assert!(store.list_units(org).await.unwrap().is_empty());
    assert!(store.list_agents(org).await.unwrap().is_empty());
    assert!(store.list_contacts(org).await.unwrap().is_empty());

    let retried = store.insert_responses(org, vec![good]).await.unwrap();
    assert_eq!(retried, InsertOutcome { inserted: 1, duplicates: 0 }, "the key was not kept either");
    assert!(store.max_seq(org).await.unwrap() > before);
}
