//! Group commits: several submissions, possibly of several organisations,
//! stored in one transaction, all or nothing, in change order.

use std::collections::BTreeMap;

use vocal_domain::{ResponseId, SurveyId};
use vocal_store::{NewResponse, Store, StoreError, Stored};

use crate::fixtures::{all_responses, email, keyed, new_org, path, response, scores, submission, survey};

storage_tests!(
    a_group_stores_every_submission_with_consecutive_seqs,
    a_submission_creates_or_reuses_what_it_names,
    a_group_spanning_two_organisations_stores_each_in_its_own,
    one_bad_submission_fails_the_whole_group,
    an_empty_group_takes_no_sequence_number,
    a_response_is_found_by_its_dedupe_key_in_its_organisation,
);

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

async fn a_group_stores_every_submission_with_consecutive_seqs<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    store.insert_responses(org, vec![response(1)]).await.unwrap();
    let watermark = store.max_seq(org).await.unwrap();

    let stored = store
        .commit_submissions(vec![
            submission(org, vec![response(9), response(7)]),
            submission(org, vec![response(3)]),
            submission(org, vec![response(10)]),
        ])
        .await
        .unwrap();

    assert_eq!(stored.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1, 1], "one result per response, per submission");
    assert!(stored.iter().flatten().all(|s| s.created));
    let ids: Vec<ResponseId> = stored.iter().flatten().map(|s| s.id).collect();
    let after = store.responses_after(org, watermark, 100).await.unwrap();
    assert_eq!(after.iter().map(|r| r.id).collect::<Vec<_>>(), ids, "in submission order");
    assert_eq!(scores(&after), [9, 7, 3, 10]);
    let seqs: Vec<i64> = after.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (watermark + 1..=watermark + 4).collect::<Vec<_>>(), "consecutive, after the watermark");
}

async fn a_submission_creates_or_reuses_what_it_names<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let paris = store.ensure_unit(org, &path("EMEA/Paris")).await.unwrap();
    let relationship = store.put_survey(org, survey("relationship")).await.unwrap();
    let full = |score, unit: &str, agent: &str, email: &str| NewResponse {
        unit: Some(path(unit)),
        agent: Some(agent.into()),
        contact_email: Some(crate::fixtures::email(email)),
        survey_id: Some(relationship.id),
        comment: Some(format!("score {score}")),
        attributes: BTreeMap::from([("plan".to_string(), "pro".to_string())]),
        ..response(score)
    };
    let before = now_ms();

    let stored = store
        .commit_submissions(vec![
            submission(org, vec![full(9, "EMEA/Paris", "Ana", "a@example.com")]),
            submission(
                org,
                vec![full(4, "EMEA/Lyon", "Ana", "b@example.com"), full(6, "EMEA/Lyon", "Bo", "a@example.com")],
            ),
        ])
        .await
        .unwrap();

    let after = now_ms();
    let ids: Vec<ResponseId> = stored.into_iter().flatten().map(|s| s.id).collect();
    let records = store.responses_by_ids(org, &ids).await.unwrap();
    assert_eq!(records[0].indexed.unit_id, Some(paris), "the existing unit is reused");
    assert_eq!(store.list_units(org).await.unwrap().len(), 3, "EMEA, Paris and the new Lyon");
    assert_eq!(records[1].indexed.unit_id, records[2].indexed.unit_id);
    let agents = store.list_agents(org).await.unwrap();
    assert_eq!(agents.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Ana", "Bo"]);
    assert_eq!(records[0].indexed.agent_id, Some(agents[0].id));
    assert_eq!(records[1].agent_name.as_deref(), Some("Ana"));
    assert_eq!(store.list_contacts(org).await.unwrap().len(), 2);
    assert_eq!(records[0].contact_id, records[2].contact_id, "one contact per email");
    assert_eq!(records[1].contact_email.as_deref(), Some("b@example.com"));
    for record in &records {
        assert_eq!(record.survey_id, Some(relationship.id));
        assert_eq!(record.comment, Some(format!("score {}", record.indexed.score.value())));
        assert_eq!(record.indexed.attributes["plan"], "pro");
        assert!((before..=after).contains(&record.created_at_ms), "{} not in {before}..={after}", record.created_at_ms);
    }
}

async fn a_group_spanning_two_organisations_stores_each_in_its_own<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let at_hq = |score| NewResponse { unit: Some(path("HQ")), agent: Some("Ana".into()), ..response(score) };

    store
        .commit_submissions(vec![
            submission(acme, vec![at_hq(9)]),
            submission(globex, vec![at_hq(2)]),
            submission(acme, vec![response(5)]),
        ])
        .await
        .unwrap();

    let (acmes, globexs) = (all_responses(&store, acme).await, all_responses(&store, globex).await);
    assert_eq!(scores(&acmes), [9, 5]);
    assert_eq!(scores(&globexs), [2]);
    assert!(acmes[0].seq < globexs[0].seq && globexs[0].seq < acmes[1].seq, "one sequence, in group order");
    let (acme_units, globex_units) = (store.list_units(acme).await.unwrap(), store.list_units(globex).await.unwrap());
    assert_eq!((acme_units.len(), globex_units.len()), (1, 1));
    assert_ne!(acme_units[0].id, globex_units[0].id, "each organisation has its own HQ");
    assert_eq!(globexs[0].unit_id, Some(globex_units[0].id));
    assert_eq!(globexs[0].agent_id, Some(store.list_agents(globex).await.unwrap()[0].id));
}

async fn one_bad_submission_fails_the_whole_group<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let theirs = store.put_survey(globex, survey("relationship")).await.unwrap();
    let good = NewResponse {
        unit: Some(path("New/Unit")),
        agent: Some("New agent".into()),
        contact_email: Some(email("new@example.com")),
        ..keyed(9, 1)
    };
    let bad = NewResponse { survey_id: Some(theirs.id), ..response(5) };
    let unknown = NewResponse { survey_id: Some(SurveyId(theirs.id.0 + 1000)), ..response(5) };

    for culprit in [bad, unknown] {
        let outcome = store
            .commit_submissions(vec![
                submission(acme, vec![good.clone()]),
                submission(globex, vec![response(8)]),
                submission(acme, vec![culprit]),
            ])
            .await;

        assert!(matches!(outcome, Err(StoreError::NotFound("survey"))), "got {outcome:?}");
    }
    for org in [acme, globex] {
        assert!(all_responses(&store, org).await.is_empty());
        assert_eq!(store.max_seq(org).await.unwrap(), 0);
    }
    assert!(store.list_units(acme).await.unwrap().is_empty());
    assert!(store.list_agents(acme).await.unwrap().is_empty());
    assert!(store.list_contacts(acme).await.unwrap().is_empty());
    // The store is still usable, and what the failed group named is created now.
    let stored = store.commit_submissions(vec![submission(acme, vec![good])]).await.unwrap();
    assert!(stored[0][0].created);
    assert_eq!(store.list_units(acme).await.unwrap().len(), 2);
    assert_eq!(store.list_agents(acme).await.unwrap().len(), 1);
}

async fn an_empty_group_takes_no_sequence_number<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let nothing = store.commit_submissions(Vec::new()).await.unwrap();
    let empties = store.commit_submissions(vec![submission(org, vec![]), submission(org, vec![])]).await.unwrap();
    store.commit_submissions(vec![submission(org, vec![response(7)])]).await.unwrap();

    assert!(nothing.is_empty());
    assert_eq!(empties, vec![Vec::<Stored>::new(), Vec::new()]);
    assert_eq!(all_responses(&store, org).await[0].seq, 1, "the first number of a fresh database");
}

async fn a_response_is_found_by_its_dedupe_key_in_its_organisation<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let stored = store
        .commit_submissions(vec![submission(
            acme,
            vec![keyed(3, 1), NewResponse { comment: Some("ok".into()), ..keyed(8, 2) }],
        )])
        .await
        .unwrap();

    let found = store.response_by_dedupe_key(acme, crate::fixtures::dedupe_key(2)).await.unwrap().unwrap();

    assert_eq!(found.indexed.id, stored[0][1].id);
    assert_eq!(found.indexed.score.value(), 8);
    assert_eq!(found.comment.as_deref(), Some("ok"));
    assert_eq!(Some(found), store.responses_by_ids(acme, &[stored[0][1].id]).await.unwrap().pop());
    assert_eq!(store.response_by_dedupe_key(globex, crate::fixtures::dedupe_key(2)).await.unwrap(), None);
    assert_eq!(store.response_by_dedupe_key(acme, crate::fixtures::dedupe_key(3)).await.unwrap(), None);
}
