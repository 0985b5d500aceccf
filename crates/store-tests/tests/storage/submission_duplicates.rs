//! A submission whose de-duplication key is stored: an API retry keeps the
//! stored response, a customer changing their answer replaces it.

use std::collections::BTreeMap;

use vocal_store::{NewResponse, OnDuplicate, Store, Stored, Submission};

use crate::fixtures::{all_responses, keyed, new_org, path, response, scores, submission};

storage_tests!(
    keep_reports_the_stored_response_and_stores_nothing_new,
    replace_changes_the_answer_and_gives_it_a_new_seq,
    a_key_repeated_within_one_group_names_one_response,
    dedupe_keys_are_per_organisation,
);

fn replacing(org: vocal_domain::OrgId, responses: Vec<NewResponse>) -> Submission {
    Submission { org, responses, on_duplicate: OnDuplicate::Replace }
}

async fn keep_reports_the_stored_response_and_stores_nothing_new<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let first = store.commit_submissions(vec![submission(org, vec![keyed(9, 1)])]).await.unwrap();
    let before = all_responses(&store, org).await;

    let retry = store.commit_submissions(vec![submission(org, vec![keyed(3, 1), keyed(8, 2)])]).await.unwrap();

    assert_eq!(retry[0][0], Stored { id: first[0][0].id, created: false });
    assert!(retry[0][1].created);
    let after = all_responses(&store, org).await;
    assert_eq!(after.len(), 2, "only the new key is stored");
    assert_eq!(after[0], before[0], "the kept response is untouched, its seq too");
    assert_eq!(scores(&after), [9, 8]);
}

async fn replace_changes_the_answer_and_gives_it_a_new_seq<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let answer = |score, comment: &str, reason: &str, language: &str, submitted_at_ms| NewResponse {
        comment: Some(comment.into()),
        attributes: BTreeMap::from([("reason".to_string(), reason.to_string())]),
        language: Some(language.into()),
        channel: Some("web".into()),
        unit: Some(path("Web")),
        submitted_at_ms,
        ..keyed(score, 7)
    };
    let first =
        store.commit_submissions(vec![replacing(org, vec![answer(4, "Slow", "price", "en", 1_000)])]).await.unwrap();
    let id = first[0][0].id;
    let original = store.responses_by_ids(org, &[id]).await.unwrap().remove(0);
    let watermark = store.max_seq(org).await.unwrap();
    store.commit_submissions(vec![submission(org, vec![response(7)])]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;

    let second = store
        .commit_submissions(vec![replacing(org, vec![answer(9, "Better now", "service", "fr", 2_000)])])
        .await
        .unwrap();

    assert_eq!(second[0][0], Stored { id, created: false });
    let changed = store.responses_after(org, watermark, 100).await.unwrap();
    assert_eq!(changed.iter().map(|r| r.id).filter(|&r| r == id).count(), 1, "seen once after the old watermark");
    assert_eq!(scores(&changed), [7, 9], "after the response written in between");
    let everything = all_responses(&store, org).await;
    assert_eq!(everything.len(), 2, "replaced, not stored twice");
    let record = store.responses_by_ids(org, &[id]).await.unwrap().remove(0);
    assert_eq!(record.indexed.score.value(), 9);
    assert_eq!(record.comment.as_deref(), Some("Better now"));
    assert_eq!(record.indexed.attributes["reason"], "service");
    assert_eq!(record.indexed.language.as_deref(), Some("fr"));
    assert!(record.indexed.seq > original.indexed.seq);
    assert_eq!(record.created_at_ms, original.created_at_ms, "first stored time kept");
    assert_eq!(record.indexed.submitted_at_ms, 1_000, "first submission time kept");
    assert_eq!(
        (record.indexed.unit_id, record.indexed.channel.clone()),
        (original.indexed.unit_id, original.indexed.channel)
    );
}

async fn a_key_repeated_within_one_group_names_one_response<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let stored = store
        .commit_submissions(vec![
            submission(org, vec![keyed(5, 1), keyed(6, 2)]),
            replacing(org, vec![keyed(10, 1)]),
            submission(org, vec![keyed(0, 2)]),
        ])
        .await
        .unwrap();

    let (one, two) = (stored[0][0].id, stored[0][1].id);
    assert_eq!(stored[1], [Stored { id: one, created: false }]);
    assert_eq!(stored[2], [Stored { id: two, created: false }]);
    let rows = all_responses(&store, org).await;
    assert_eq!(rows.iter().map(|r| (r.id, r.score.value())).collect::<Vec<_>>(), [(two, 6), (one, 10)], "by seq");
}

async fn dedupe_keys_are_per_organisation<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;

    let stored = store
        .commit_submissions(vec![submission(acme, vec![keyed(9, 1)]), submission(globex, vec![keyed(2, 1)])])
        .await
        .unwrap();

    assert!(stored.iter().flatten().all(|s| s.created));
    assert_eq!(scores(&all_responses(&store, acme).await), [9]);
    assert_eq!(scores(&all_responses(&store, globex).await), [2]);
}
