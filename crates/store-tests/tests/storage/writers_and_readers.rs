//! Concurrent writers, and a reader catching up while they write: the
//! contract the in-memory index relies on.

use std::collections::BTreeSet;
use std::time::Duration;

use vocal_domain::OrgId;
use vocal_store::{NewResponse, Store};

use crate::fixtures::{all_responses, email, keyed, new_org, path};

storage_tests!(concurrent_writers_get_distinct_seqs_and_a_catching_up_reader_misses_nothing);

const WRITERS: u32 = 2;
const BATCHES: u32 = 8;
const ROWS: u32 = 40;

async fn concurrent_writers_get_distinct_seqs_and_a_catching_up_reader_misses_nothing<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let writers: Vec<_> = (0..WRITERS).map(|w| tokio::spawn(write_batches(store.clone(), org, w))).collect();
    let reader = tokio::spawn(read_until_quiet(store.clone(), org, WRITERS * BATCHES * ROWS));
    for writer in writers {
        writer.await.unwrap();
    }
    let seen = reader.await.unwrap();

    let total = (WRITERS * BATCHES * ROWS) as usize;
    let rows = all_responses(&store, org).await;
    assert_eq!(rows.len(), total);
    assert!(rows.windows(2).all(|w| w[0].seq < w[1].seq), "seq strictly increases");
    let seqs: BTreeSet<i64> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(seqs.len(), total, "every seq is distinct");
    let ids: Vec<i64> = rows.iter().map(|r| r.id.0).collect();
    let missed = ids.iter().filter(|id| !seen.contains(id)).count();
    assert_eq!(missed, 0, "the reader missed rows committed behind its watermark");
    assert_eq!(seen, ids, "the reader saw every row exactly once, in change order");
    // Both writers named the same units and agents; each exists once.
    assert_eq!(store.list_units(org).await.unwrap().len(), 4, "Shared + 3 teams");
    assert_eq!(store.list_agents(org).await.unwrap().len(), 5);
    assert_eq!(store.list_contacts(org).await.unwrap().len(), 7);
}

async fn write_batches<S: Store>(store: S, org: OrgId, writer: u32) {
    for batch in 0..BATCHES {
        let rows = (0..ROWS)
            .map(|row| {
                let n = (writer * BATCHES + batch) * ROWS + row;
                NewResponse {
                    unit: Some(path(&format!("Shared/Team {}", n % 3))),
                    agent: Some(format!("Agent {}", n % 5)),
                    contact_email: Some(email(&format!("c{}@example.com", n % 7))),
                    ..keyed(i64::from(n % 11), n)
                }
            })
            .collect();
        let outcome = store.insert_responses(org, rows).await.unwrap();
        assert_eq!(outcome.inserted, u64::from(ROWS));
    }
}

/// Follows the change sequence as the index does, until `expected` rows
/// were seen; returns the ids in the order they arrived.
async fn read_until_quiet<S: Store>(store: S, org: OrgId, expected: u32) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut watermark = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while seen.len() < expected as usize && tokio::time::Instant::now() < deadline {
        let page = store.responses_after(org, watermark, 25).await.unwrap();
        match page.last() {
            Some(last) => watermark = last.seq,
            None => tokio::time::sleep(Duration::from_millis(1)).await,
        }
        seen.extend(page.iter().map(|r| r.id.0));
    }
    seen
}
