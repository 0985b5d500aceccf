//! `vocal import responses` end to end on each backend: a file read as a
//! stream, stored in batches in one transaction, all or nothing — the first
//! import into an empty database included.

use std::io::Cursor;

use vocal_app::import::ImportError;
use vocal_app::import::importer::{ImportFailure, import_into_org};
use vocal_store::Store;

use crate::fixtures::all_responses;

storage_tests!(
    a_bad_last_line_in_a_first_import_leaves_an_empty_database,
    a_first_import_creates_its_organisation_and_a_re_import_skips_every_row,
    a_file_larger_than_a_batch_is_stored_whole_with_its_references,
);

async fn import<S: Store>(store: &S, file: String) -> Result<(u64, u64), ImportFailure> {
    let (_, _, outcome) = import_into_org(store, None, Cursor::new(file.into_bytes()), |_| {}).await?;
    Ok((outcome.inserted, outcome.duplicates))
}

/// `rows` good rows naming units, agents and contacts, with comments that
/// need escaping on their way to the database.
fn good_file(rows: usize) -> String {
    let mut file = String::from("submitted_at,score,comment,unit,agent,contact_email,response_id\n");
    for i in 0..rows {
        let day = 1 + i % 28;
        let comment = if i % 2 == 0 { "\"tab\there, back\\slash,\nand a line break\"" } else { "" };
        let team = i % 3;
        file.push_str(&format!(
            "2024-05-{day:02},{},{comment},Acme/Team {team},Agent {team},c{}@example.com,r{i}\n",
            i % 11,
            i % 7
        ));
    }
    file
}

async fn a_bad_last_line_in_a_first_import_leaves_an_empty_database<S: Store>(store: S) {
    let mut file = good_file(25_000); // more than one batch, so rows were already stored
    file.push_str("2024-05-01,eleven,,Acme/New team,New agent,new@example.com,bad\n");
    let failure = import(&store, file).await.unwrap_err();
    let ImportFailure::File(ImportError::BadRows { errors, total }) = failure else {
        panic!("expected the bad line, got {failure:?}");
    };
    assert_eq!(total, 1);
    // The header, 25,000 records of which every second spans two lines, then the bad one.
    assert_eq!((errors[0].line, errors[0].field.as_str()), (1 + 25_000 + 12_500 + 1, "score"));
    assert!(store.list_orgs().await.unwrap().is_empty(), "not even the organisation is left");
}

async fn a_first_import_creates_its_organisation_and_a_re_import_skips_every_row<S: Store>(store: S) {
    assert_eq!(import(&store, good_file(30)).await.unwrap(), (30, 0));
    let orgs = store.list_orgs().await.unwrap();
    assert_eq!(orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["default"]);
    assert_eq!(import(&store, good_file(30)).await.unwrap(), (0, 30));
    assert_eq!(import(&store, good_file(31)).await.unwrap(), (1, 30), "only the new row");
    assert_eq!(all_responses(&store, orgs[0].id).await.len(), 31);
}

async fn a_file_larger_than_a_batch_is_stored_whole_with_its_references<S: Store>(store: S) {
    const ROWS: usize = 25_000;
    let mut file = good_file(ROWS);
    file.push_str("2024-05-03,9,,,,,r0\n"); // a response id seen before: a duplicate
    assert_eq!(import(&store, file).await.unwrap(), (ROWS as u64, 1));
    let org = store.list_orgs().await.unwrap()[0].id;
    let stored = all_responses(&store, org).await;
    assert_eq!(stored.len(), ROWS);
    let seqs: Vec<i64> = stored.iter().map(|r| r.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "change order is file order");

    let records = store.responses_by_ids(org, &[stored[0].id, stored[1].id, stored[ROWS - 1].id]).await.unwrap();
    assert_eq!(records[0].comment.as_deref(), Some("tab\there, back\\slash,\nand a line break"));
    assert_eq!(records[1].comment, None);
    let last = ROWS - 1;
    assert_eq!(records[2].agent_name.as_deref(), Some(format!("Agent {}", last % 3).as_str()));
    assert_eq!(records[2].contact_email.as_deref(), Some(format!("c{}@example.com", last % 7).as_str()));
    assert_eq!(records[2].indexed.score.value() as usize, last % 11);
    let units = store.list_units(org).await.unwrap();
    assert_eq!(units.len(), 4, "Acme and its three teams, each created once");
    assert_eq!(store.list_agents(org).await.unwrap().len(), 3);
}
