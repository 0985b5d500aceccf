//! A streamed import keeps and refuses exactly what it did before its
//! references were checked set-wise and its duplicates found by anti-join:
//! on every backend against hand-worked expectations, and on PostgreSQL
//! against the per-row foreign-key triggers themselves — the same rows
//! imported by a role that may not turn them off.

use vocal_domain::SurveyId;
use vocal_store::{NewResponse, Responses, Store, StoreResult, StreamItem, StreamOutcome, StreamTarget, Surveys};
use vocal_store_postgres::PostgresStore;

use crate::backends::{DATABASE_URL_VARIABLE, admin, url_for_database};
use crate::fixtures::{all_responses, email, keyed, new_org, path, response, survey};

storage_tests!(
    a_stream_keeps_the_first_copy_of_a_key_and_skips_stored_keys,
    a_stream_naming_a_missing_survey_stores_nothing,
);

/// Sends `batches` as one streamed write, committed at the end.
async fn stream<S: Store>(
    store: &S,
    org: vocal_domain::OrgId,
    batches: Vec<Vec<NewResponse>>,
) -> StoreResult<StreamOutcome> {
    let (sender, receiver) = tokio::sync::mpsc::channel(batches.len() + 1);
    for batch in batches {
        sender.send(StreamItem::Rows(batch)).await.unwrap();
    }
    sender.send(StreamItem::Commit).await.unwrap();
    store.insert_response_stream(StreamTarget::Existing(org), receiver).await
}

/// Rows naming units, agents, contacts and `survey`; keys 1–6 with key 2
/// repeated (the second copy scores 0) and two rows without a key.
fn rows(survey: SurveyId) -> Vec<Vec<NewResponse>> {
    let named = |score: i64, key: Option<u32>, n: usize| NewResponse {
        unit: Some(path(&format!("Acme/Team {}", n % 2))),
        agent: Some(format!("Agent {}", n % 3)),
        contact_email: Some(email(&format!("c{}@example.com", n % 4))),
        survey_id: n.is_multiple_of(2).then_some(survey),
        ..key.map_or_else(|| response(score), |key| keyed(score, key))
    };
    vec![
        vec![named(9, Some(1), 0), named(8, Some(2), 1), named(7, None, 2)],
        vec![named(0, Some(2), 3), named(6, Some(3), 4), named(5, None, 5)],
        vec![named(4, Some(4), 6), named(3, Some(5), 7), named(2, Some(6), 8)],
    ]
}

/// What a test compares of each stored row, free of ids that differ
/// between databases: score, unit name, agent, contact, whether it has a survey.
type Seen = (u8, Option<String>, Option<String>, Option<String>, bool);

async fn stored<S: Store>(store: &S, org: vocal_domain::OrgId) -> Vec<Seen> {
    let rows = all_responses(store, org).await;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let units = store.list_units(org).await.unwrap();
    let records = store.responses_by_ids(org, &ids).await.unwrap();
    records
        .into_iter()
        .map(|r| {
            let unit = r.indexed.unit_id.map(|id| units.iter().find(|u| u.id == id).unwrap().name.clone());
            let contact = r.contact_email.map(|e| e.as_str().to_string());
            (r.indexed.score.value(), unit, r.agent_name, contact, r.survey_id.is_some())
        })
        .collect()
}

async fn a_stream_keeps_the_first_copy_of_a_key_and_skips_stored_keys<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let survey_id = store.put_survey(org, survey("after-call")).await.unwrap().id;
    store.insert_responses(org, vec![keyed(1, 5)]).await.unwrap(); // key 5 stored before

    let outcome = stream(&store, org, rows(survey_id)).await.unwrap().outcome;

    // Nine rows: key 2's second copy and key 5 (stored) are skipped.
    assert_eq!((outcome.inserted, outcome.duplicates), (7, 2));
    let scores: Vec<u8> = stored(&store, org).await.iter().map(|s| s.0).collect();
    assert_eq!(scores, [1, 9, 8, 7, 6, 5, 4, 2], "file order, the first copy of key 2 (8, not 0)");
    let again = stream(&store, org, rows(survey_id)).await.unwrap().outcome;
    assert_eq!((again.inserted, again.duplicates), (2, 7), "only the two rows without a key are new");
}

async fn a_stream_naming_a_missing_survey_stores_nothing<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let survey_id = store.put_survey(org, survey("after-call")).await.unwrap().id;
    let mut batches = rows(survey_id);
    batches[2][2].survey_id = Some(SurveyId(987_654)); // the very last row

    let result = stream(&store, org, batches).await;

    assert!(result.is_err(), "expected a refused reference, got {result:?}");
    assert!(all_responses(&store, org).await.is_empty());
    assert!(store.list_units(org).await.unwrap().is_empty(), "no unit was left behind either");
}

/// The rows of [`rows`] and a bad reference, imported into two databases:
/// as the superuser (triggers off, references checked set-wise) and as a
/// plain role (PostgreSQL's own per-row triggers). Everything stored and
/// every refusal must be the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_set_wise_reference_checks_match_the_foreign_key_triggers() {
    let Ok(server) = std::env::var(DATABASE_URL_VARIABLE) else {
        eprintln!("skipped: {DATABASE_URL_VARIABLE} is not set");
        return;
    };
    let suffix = format!("{:016x}", rand::random::<u64>());
    let (role, plain_db, super_db) =
        (format!("vocal_plain_{suffix}"), format!("vocal_test_p{suffix}"), format!("vocal_test_s{suffix}"));
    admin(&server, &format!("CREATE ROLE {role} LOGIN NOSUPERUSER")).await;
    admin(&server, &format!("CREATE DATABASE {plain_db} OWNER {role}")).await;
    admin(&server, &format!("CREATE DATABASE {super_db}")).await;
    let plain_url = with_user(&url_for_database(&server, &plain_db), &role);
    let outcome = tokio::spawn(compare(plain_url, url_for_database(&server, &super_db))).await;
    for sql in [
        format!("DROP DATABASE {plain_db} WITH (FORCE)"),
        format!("DROP DATABASE {super_db} WITH (FORCE)"),
        format!("DROP ROLE {role}"),
    ] {
        admin(&server, &sql).await;
    }
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// `url` connecting as `role` instead of the user it names, if any.
fn with_user(url: &str, role: &str) -> String {
    let start = url.find("://").expect("a postgres:// URL") + 3;
    let authority_end = url[start..].find('/').map_or(url.len(), |i| start + i);
    let host = url[start..authority_end].rfind('@').map_or(start, |at| start + at + 1);
    format!("{}{role}@{}", &url[..start], &url[host..])
}

async fn compare(plain_url: String, super_url: String) {
    let mut results = Vec::new();
    for url in [&plain_url, &super_url] {
        let store = PostgresStore::connect(url).await.expect("PostgreSQL connects");
        let org = new_org(&store, "Acme").await;
        let survey_id = store.put_survey(org, survey("after-call")).await.unwrap().id;
        store.insert_responses(org, vec![keyed(1, 5)]).await.unwrap();
        let good = stream(&store, org, rows(survey_id)).await.map(|o| (o.outcome.inserted, o.outcome.duplicates));
        let kept = stored(&store, org).await;
        // A missing survey on a skipped duplicate (key 2's second copy) refers
        // to nothing; on a row that goes in (key 3) it is refused.
        let missing = Some(SurveyId(survey_id.0 + 1_000));
        let mut on_duplicate = rows(survey_id);
        on_duplicate[1][0].survey_id = missing;
        let other = new_org(&store, "Other").await;
        let duplicate = stream(&store, other, on_duplicate).await.map(|o| o.outcome.inserted);
        let mut on_new = rows(survey_id);
        on_new[1][1].survey_id = missing;
        let third = new_org(&store, "Third").await;
        let refused = stream(&store, third, on_new).await.is_err();
        let left = all_responses(&store, third).await.len();
        results.push((good.unwrap(), kept, duplicate.ok(), refused, left));
        store.pool().close().await;
    }
    assert_eq!(results[0].0, (7, 2), "the triggers' outcome");
    assert_eq!((results[0].2, results[0].3, results[0].4), (Some(8), true, 0), "the triggers' verdicts");
    assert_eq!(results[1], results[0], "set-wise (right) as the triggers (left)");
}
