//! Writing responses all-or-nothing, de-duplicating them, and reading them
//! back in change order.

use std::collections::{BTreeMap, BTreeSet};

use vocal_domain::{ResponseId, Score, SurveyId, UnitTree};
use vocal_store::{InsertOutcome, NewResponse, NewSurvey, Store, StoreError, SurveyText};

use crate::fixtures::{all_responses, dedupe_key, keyed, new_org, path, response, scores};

storage_tests!(
    an_empty_batch_stores_nothing,
    inserting_creates_the_units_agents_and_contacts_it_names,
    a_stored_dedupe_key_is_reported_as_a_duplicate,
    a_key_repeated_within_one_batch_is_stored_once,
    responses_without_a_dedupe_key_are_always_stored,
    a_failing_batch_stores_nothing_at_all,
    responses_after_pages_through_rows_in_change_order,
    max_seq_follows_the_last_change,
    responses_by_ids_keeps_the_order_asked_and_skips_unknown_ids,
    every_field_round_trips_including_unicode,
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
        contact_email: email.map(String::from),
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
        contact_email: Some("a@example.com".into()),
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

async fn responses_after_pages_through_rows_in_change_order<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    for batch in [vec![0, 1], vec![2, 3, 4], vec![5, 6]] {
        store.insert_responses(org, batch.into_iter().map(response).collect()).await.unwrap();
    }

    let mut pages = Vec::new();
    let mut watermark = 0;
    loop {
        let page = store.responses_after(org, watermark, 3).await.unwrap();
        let Some(last) = page.last() else { break };
        watermark = last.seq;
        pages.push(page);
    }

    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
    let rows: Vec<_> = pages.concat();
    assert_eq!(scores(&rows), [0, 1, 2, 3, 4, 5, 6]);
    assert!(rows.windows(2).all(|w| w[0].seq < w[1].seq), "seq strictly increases");
    assert!(rows[0].seq > 0);
    assert_eq!(store.responses_after(org, rows[3].seq, 2).await.unwrap(), rows[4..6]);
    assert!(store.responses_after(org, watermark, 10).await.unwrap().is_empty());
}

async fn max_seq_follows_the_last_change<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let empty = store.max_seq(org).await.unwrap();

    store.insert_responses(org, vec![response(1), response(2), response(3)]).await.unwrap();
    let after_one_batch = store.max_seq(org).await.unwrap();
    store.insert_responses(org, vec![response(4)]).await.unwrap();
    let after_two_batches = store.max_seq(org).await.unwrap();

    let rows = all_responses(&store, org).await;
    assert_eq!(empty, 0);
    assert_eq!(after_one_batch, rows[2].seq);
    assert_eq!(after_two_batches, rows[3].seq);
    assert!(after_two_batches > after_one_batch);
}

async fn responses_by_ids_keeps_the_order_asked_and_skips_unknown_ids<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Globex").await;
    let survey = store.put_survey(org, nps_survey()).await.unwrap();
    let first = NewResponse {
        comment: Some("Quick and friendly".into()),
        contact_email: Some("pat@example.com".into()),
        agent: Some("Ana".into()),
        survey_id: Some(survey.id),
        ..response(9)
    };
    store.insert_responses(org, vec![first, response(5), response(2)]).await.unwrap();
    store.insert_responses(other, vec![response(7)]).await.unwrap();
    let rows = all_responses(&store, org).await;
    let foreign = all_responses(&store, other).await[0].id;
    let unknown = ResponseId(rows.iter().map(|r| r.id.0).max().unwrap().max(foreign.0) + 1);

    let records = store.responses_by_ids(org, &[rows[2].id, unknown, rows[0].id, foreign]).await.unwrap();

    assert_eq!(records.iter().map(|r| r.indexed.id).collect::<Vec<_>>(), [rows[2].id, rows[0].id]);
    assert_eq!(records[0].indexed, rows[2]);
    assert_eq!(records[1].indexed, rows[0]);
    let first = &records[1];
    assert_eq!(first.comment.as_deref(), Some("Quick and friendly"));
    assert_eq!(first.contact_email.as_deref(), Some("pat@example.com"));
    assert_eq!(first.agent_name.as_deref(), Some("Ana"));
    assert_eq!(first.survey_id, Some(survey.id));
    assert_eq!(first.contact_id, Some(store.list_contacts(org).await.unwrap()[0].id));
    let plain = &records[0];
    assert_eq!((plain.comment.as_deref(), plain.contact_id, plain.agent_name.as_deref()), (None, None, None));
    assert!(store.responses_by_ids(org, &[]).await.unwrap().is_empty());
}

async fn every_field_round_trips_including_unicode<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let attributes = BTreeMap::from([
        ("emoji".to_string(), "😀👍🏽 🇩🇪".to_string()),
        ("地区".to_string(), "東京都 / 서울".to_string()),
        ("quotes".to_string(), r#"a "b", c\d"#.to_string()),
        ("empty".to_string(), String::new()),
    ]);
    let sent = NewResponse {
        dedupe_key: Some(dedupe_key(77)),
        comment: Some("Très bien 👍 非常好 — ¡gracias!\nSecond line".into()),
        submitted_at_ms: -86_400_000,
        channel: Some("email".into()),
        touchpoint: Some("Kasse 3 🛒".into()),
        unit: Some(path("Ünits/東京")),
        agent: Some("Zoë 李".into()),
        contact_email: Some("zoë@例え.jp".into()),
        account: Some("ACME-42".into()),
        language: Some("pt-BR".into()),
        source: "import".into(),
        attributes: attributes.clone(),
        ..response(10)
    };

    store.insert_responses(org, vec![sent, response(0)]).await.unwrap();

    let rows = all_responses(&store, org).await;
    let record = store.responses_by_ids(org, &[rows[0].id]).await.unwrap().remove(0);
    let got = &record.indexed;
    assert_eq!(got.score, Score::new(10).unwrap());
    assert_eq!(rows[1].score, Score::new(0).unwrap());
    assert_eq!(got.submitted_at_ms, -86_400_000);
    assert_eq!(got.channel.as_deref(), Some("email"));
    assert_eq!(got.touchpoint.as_deref(), Some("Kasse 3 🛒"));
    assert_eq!(got.account.as_deref(), Some("ACME-42"));
    assert_eq!(got.language.as_deref(), Some("pt-BR"));
    assert_eq!(got.source, "import");
    assert_eq!(got.attributes, attributes);
    assert!(rows[1].attributes.is_empty());
    assert_eq!(record.comment.as_deref(), Some("Très bien 👍 非常好 — ¡gracias!\nSecond line"));
    assert_eq!(record.agent_name.as_deref(), Some("Zoë 李"));
    assert_eq!(record.contact_email.as_deref(), Some("zoë@例え.jp"));
    let tree = UnitTree::new(store.list_units(org).await.unwrap());
    assert_eq!(tree.path(got.unit_id.unwrap()), "Ünits/東京");
}

fn nps_survey() -> NewSurvey {
    NewSurvey {
        slug: "nps".into(),
        name: "Relationship NPS".into(),
        default_language: "en".into(),
        texts: vec![SurveyText {
            language: "en".into(),
            question: "How likely are you to recommend us?".into(),
            why_question: "Why?".into(),
        }],
    }
}
