//! Many tasks creating the same units at once: each path exists once, and
//! no call fails because another writer got there first.

use vocal_store::Store;

use crate::fixtures::{new_org, path};

storage_tests!(concurrent_calls_create_each_unit_once);

async fn concurrent_calls_create_each_unit_once<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let tasks: Vec<_> = (0..8)
        .map(|task| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut ids = Vec::new();
                for i in 0..15 {
                    let team = path(&format!("Acme/Region {}/Team {}", (task + i) % 3, i % 5));
                    ids.push(store.ensure_unit(org, &team).await.expect("no call fails"));
                }
                ids
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    // Acme, 3 regions, and under each region the teams 0–4 that were named.
    let units = store.list_units(org).await.unwrap();
    let expected_teams: std::collections::BTreeSet<(usize, usize)> =
        (0..8).flat_map(|task| (0..15).map(move |i| ((task + i) % 3, i % 5))).collect();
    assert_eq!(units.len(), 1 + 3 + expected_teams.len());
}
