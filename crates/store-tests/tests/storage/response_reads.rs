//! Reading responses back: in change order for the index, by id for people.

use std::collections::BTreeMap;

use vocal_domain::{ResponseId, Score, UnitTree};
use vocal_store::{NewResponse, Store};

use crate::fixtures::{all_responses, dedupe_key, email, new_org, path, response, scores, survey};

storage_tests!(
    responses_after_pages_through_rows_in_change_order,
    max_seq_follows_the_last_change,
    responses_by_ids_keeps_the_order_asked_and_skips_unknown_ids,
    every_field_round_trips_including_unicode,
);

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
    let survey = store.put_survey(org, survey("nps")).await.unwrap();
    let first = NewResponse {
        comment: Some("Quick and friendly".into()),
        contact_email: Some(email("pat@example.com")),
        agent: Some("Ana".into()),
        survey_id: Some(survey.id),
        ..response(9)
    };
    let before = now_ms();
    store.insert_responses(org, vec![first, response(5), response(2)]).await.unwrap();
    let after = now_ms();
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
    assert!(records.iter().all(|r| (before..=after).contains(&r.created_at_ms)), "stored between {before} and {after}");
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
        contact_email: Some(email("zoë@例え.jp")),
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

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}
