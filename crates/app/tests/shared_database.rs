//! Two servers on one database: a unit renamed or moved through one (which
//! keeps its id, so no new response announces it) reaches the other's index
//! when that one polls.

use std::time::Duration;
use vocal_store::prelude::*;

use vocal_app::live_index::registry::Indexes;
use vocal_domain::{Score, UnitPath};
use vocal_store::NewResponse;
use vocal_store_sqlite::SqliteStore;

fn response(unit: &str) -> NewResponse {
    NewResponse {
        dedupe_key: None,
        score: Score::new(9).unwrap(),
        comment: None,
        submitted_at_ms: 1_772_366_400_000,
        channel: None,
        touchpoint: None,
        unit: Some(UnitPath::parse(unit).unwrap()),
        agent: None,
        contact_email: None,
        account: None,
        language: None,
        survey_id: None,
        source: "test".into(),
        attributes: Default::default(),
    }
}

#[tokio::test]
async fn another_process_s_rename_reaches_the_index_when_it_polls() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap().id;
    store.insert_responses(org, vec![response("Top/East")]).await.unwrap();
    let slow = Indexes::new(None);
    let quick = Indexes::new(None).with_catalog_every(Duration::ZERO);
    slow.refresh_all(&store).await.unwrap();
    quick.refresh_all(&store).await.unwrap();
    let east = store.list_units(org).await.unwrap().into_iter().find(|u| u.name == "East").unwrap().id;
    // The other process renames it.
    assert!(store.rename_unit(org, east, "Eastern").await.unwrap());
    slow.refresh_all(&store).await.unwrap();
    quick.refresh_all(&store).await.unwrap();
    let quick_path = quick.get(&store, org).await.unwrap().read().await.units.path(east);
    let slow_path = slow.get(&store, org).await.unwrap().read().await.units.path(east);
    assert_eq!(quick_path, "Top/Eastern", "re-read on this poll");
    assert_eq!(slow_path, "Top/East", "not yet: names are re-read every 5 s");
}
