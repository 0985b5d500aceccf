//! Renaming and moving units: within the organisation, without cycles,
//! and never giving two siblings the same name.

use vocal_store::{Store, StoreError};

use crate::fixtures::{new_org, path};
use crate::web_fixtures::unit_paths;

storage_tests!(
    a_unit_is_renamed_within_its_organisation_only,
    renaming_to_a_siblings_name_conflicts,
    a_unit_moves_with_its_subtree,
    a_unit_cannot_move_under_itself_or_its_descendants,
    moving_next_to_a_sibling_with_the_same_name_conflicts,
    a_unit_moves_only_within_its_organisation,
    crossing_moves_cannot_make_a_cycle,
);

async fn a_unit_is_renamed_within_its_organisation_only<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let north = store.ensure_unit(org, &path("North")).await.unwrap();
    store.ensure_unit(org, &path("North/Team")).await.unwrap();

    assert!(!store.rename_unit(other, north, "Stolen").await.unwrap(), "not through another org");
    assert_eq!(unit_paths(&store, org).await, ["North", "North/Team"]);

    assert!(store.rename_unit(org, north, "Nord").await.unwrap());
    assert_eq!(unit_paths(&store, org).await, ["Nord", "Nord/Team"]);
}

async fn renaming_to_a_siblings_name_conflicts<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let north = store.ensure_unit(org, &path("North")).await.unwrap();
    store.ensure_unit(org, &path("South/Team")).await.unwrap();

    let clash = store.rename_unit(org, north, "South").await;

    assert!(matches!(clash, Err(StoreError::Conflict { field: "unit name" })), "{clash:?}");
    assert!(store.rename_unit(org, north, "Team").await.unwrap(), "a name used elsewhere in the tree is fine");
    assert_eq!(unit_paths(&store, org).await, ["South", "South/Team", "Team"]);
}

async fn a_unit_moves_with_its_subtree<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let team = store.ensure_unit(org, &path("North/Team")).await.unwrap();
    store.ensure_unit(org, &path("North/Team/Night")).await.unwrap();
    let south = store.ensure_unit(org, &path("South")).await.unwrap();

    assert!(store.move_unit(org, team, Some(south)).await.unwrap());
    assert_eq!(unit_paths(&store, org).await, ["North", "South", "South/Team", "South/Team/Night"]);

    assert!(store.move_unit(org, team, None).await.unwrap(), "to the top");
    assert_eq!(unit_paths(&store, org).await, ["North", "South", "Team", "Team/Night"]);
}

async fn a_unit_cannot_move_under_itself_or_its_descendants<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let north = store.ensure_unit(org, &path("North")).await.unwrap();
    let team = store.ensure_unit(org, &path("North/Team")).await.unwrap();
    let night = store.ensure_unit(org, &path("North/Team/Night")).await.unwrap();

    for parent in [north, team, night] {
        let refused = store.move_unit(org, north, Some(parent)).await;
        assert!(matches!(refused, Err(StoreError::Conflict { field: "unit parent" })), "{refused:?}");
    }
    let refused = store.move_unit(org, team, Some(night)).await;
    assert!(matches!(refused, Err(StoreError::Conflict { field: "unit parent" })), "{refused:?}");
    assert_eq!(unit_paths(&store, org).await, ["North", "North/Team", "North/Team/Night"]);
}

async fn moving_next_to_a_sibling_with_the_same_name_conflicts<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let north_team = store.ensure_unit(org, &path("North/Team")).await.unwrap();
    store.ensure_unit(org, &path("South/Team")).await.unwrap();
    let south = store.ensure_unit(org, &path("South")).await.unwrap();

    let clash = store.move_unit(org, north_team, Some(south)).await;

    assert!(matches!(clash, Err(StoreError::Conflict { field: "unit name" })), "{clash:?}");
    assert_eq!(unit_paths(&store, org).await, ["North", "North/Team", "South", "South/Team"]);
}

async fn a_unit_moves_only_within_its_organisation<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let team = store.ensure_unit(org, &path("North/Team")).await.unwrap();
    let elsewhere = store.ensure_unit(other, &path("Elsewhere")).await.unwrap();

    let refused = store.move_unit(org, team, Some(elsewhere)).await;
    assert!(matches!(refused, Err(StoreError::NotFound("unit"))), "{refused:?}");
    assert!(!store.move_unit(other, team, None).await.unwrap(), "not through another org");
    assert!(!store.move_unit(other, team, Some(elsewhere)).await.unwrap());

    assert_eq!(unit_paths(&store, org).await, ["North", "North/Team"]);
    assert_eq!(unit_paths(&store, other).await, ["Elsewhere"]);
}

async fn crossing_moves_cannot_make_a_cycle<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    for round in 0..10 {
        let a = store.ensure_unit(org, &path(&format!("A{round}"))).await.unwrap();
        let b = store.ensure_unit(org, &path(&format!("B{round}"))).await.unwrap();

        let (a_under_b, b_under_a) = tokio::join!(store.move_unit(org, a, Some(b)), store.move_unit(org, b, Some(a)));

        let refused = [&a_under_b, &b_under_a]
            .iter()
            .filter(|outcome| matches!(outcome, Err(StoreError::Conflict { field: "unit parent" })))
            .count();
        assert_eq!(refused, 1, "round {round}: {a_under_b:?}, {b_under_a:?}");
        let units = store.list_units(org).await.unwrap();
        let parent = |id| units.iter().find(|u| u.id == id).unwrap().parent;
        assert!(parent(a) == Some(b) || parent(b) == Some(a), "round {round}: one move happened");
        assert!(parent(a).is_none() || parent(b).is_none(), "round {round}: no cycle");
    }
}
