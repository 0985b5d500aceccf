//! The unit hierarchy and the agents placed in it.

use vocal_domain::UnitTree;
use vocal_store::{Agent, Store};

use crate::fixtures::{new_org, path};

storage_tests!(
    ensuring_a_unit_creates_its_missing_ancestors,
    ensuring_a_unit_twice_returns_the_same_unit,
    an_existing_ancestor_is_reused,
    the_same_name_under_different_parents_is_a_different_unit,
    assigning_an_agent_creates_it_then_moves_it,
);

async fn ensuring_a_unit_creates_its_missing_ancestors<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let nevada = store.ensure_unit(org, &path("Americas/Nevada/Reno Support")).await.unwrap();

    let mut units = store.list_units(org).await.unwrap();
    units.sort_by_key(|u| u.id);
    assert_eq!(units.len(), 3);
    let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["Americas", "Nevada", "Reno Support"]);
    assert_eq!(units[0].parent, None);
    assert_eq!(units[1].parent, Some(units[0].id));
    assert_eq!(units[2].parent, Some(units[1].id));
    assert_eq!(nevada, units[2].id);
    let tree = UnitTree::new(units);
    assert_eq!(tree.path(nevada), "Americas/Nevada/Reno Support");
}

async fn ensuring_a_unit_twice_returns_the_same_unit<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let first = store.ensure_unit(org, &path("Americas/Nevada")).await.unwrap();
    let second = store.ensure_unit(org, &path(" Americas / Nevada ")).await.unwrap();

    assert_eq!(first, second);
    assert_eq!(store.list_units(org).await.unwrap().len(), 2);
}

async fn an_existing_ancestor_is_reused<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let reno = store.ensure_unit(org, &path("Acme/Americas/Reno")).await.unwrap();

    let emea = store.ensure_unit(org, &path("Acme/EMEA")).await.unwrap();
    let americas = store.ensure_unit(org, &path("Acme/Americas")).await.unwrap();

    let tree = UnitTree::new(store.list_units(org).await.unwrap());
    assert_eq!(tree.units().len(), 4, "Acme, Americas, Reno, EMEA");
    assert_eq!(tree.roots().len(), 1);
    let acme = tree.roots()[0];
    assert_eq!(tree.children(acme), &[americas, emea], "children are sorted by name");
    assert_eq!(tree.children(americas), &[reno]);
    assert_eq!(tree.path(emea), "Acme/EMEA");
}

async fn the_same_name_under_different_parents_is_a_different_unit<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;

    let reno = store.ensure_unit(org, &path("Reno/Support")).await.unwrap();
    let tahoe = store.ensure_unit(org, &path("Tahoe/Support")).await.unwrap();
    let top_level = store.ensure_unit(org, &path("Support")).await.unwrap();

    assert_ne!(reno, tahoe);
    assert_ne!(reno, top_level);
    let tree = UnitTree::new(store.list_units(org).await.unwrap());
    assert_eq!(tree.units().len(), 5);
    assert_eq!(tree.path(reno), "Reno/Support");
    assert_eq!(tree.path(tahoe), "Tahoe/Support");
    assert_eq!(tree.level(top_level), 1);
}

async fn assigning_an_agent_creates_it_then_moves_it<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let reno = store.ensure_unit(org, &path("Reno")).await.unwrap();
    let tahoe = store.ensure_unit(org, &path("Tahoe")).await.unwrap();

    let placed = store.assign_agent(org, "Zoë", Some(reno)).await.unwrap();
    let moved = store.assign_agent(org, "Zoë", Some(tahoe)).await.unwrap();
    let unplaced = store.assign_agent(org, "Bob", None).await.unwrap();

    assert_eq!(placed.id, moved.id);
    let expected = vec![
        Agent { id: unplaced.id, name: "Bob".into(), unit_id: None },
        Agent { id: placed.id, name: "Zoë".into(), unit_id: Some(tahoe) },
    ];
    assert_eq!(store.list_agents(org).await.unwrap(), expected);
}
