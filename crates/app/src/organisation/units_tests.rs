//! The unit use cases on a real SQLite store, tree Acme → {East → {Reno}, West}.

use vocal_domain::{Role, UnitId, UnitPath, UnitTree};
use vocal_store::{User, prelude::*};
use vocal_store_sqlite::SqliteStore;

use super::*;
use crate::accounts::users::{NewAccount, create};

struct Org {
    _dir: tempfile::TempDir,
    store: SqliteStore,
    indexes: Indexes,
    admin: User,
}

impl Org {
    async fn new() -> Org {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_dir(dir.path()).await.unwrap();
        let org = store.create_org("Acme", "UTC").await.unwrap();
        for path in ["Acme/East/Reno", "Acme/West"] {
            store.ensure_unit(org.id, &UnitPath::parse(path).unwrap()).await.unwrap();
        }
        let account = NewAccount {
            email: "ada@acme.example".into(),
            name: "Ada".into(),
            role: Role::Admin,
            unit: None,
            agent: None,
        };
        let admin = create(&store, org.id, account, Some("a long enough password".into())).await.unwrap().0;
        let indexes = Indexes::new(None);
        indexes.get(&store, org.id).await.unwrap(); // opened before the change, as in a server
        Org { _dir: dir, store, indexes, admin }
    }

    async fn tree(&self) -> UnitTree {
        UnitTree::new(self.store.list_units(self.admin.org_id).await.unwrap())
    }

    async fn id(&self, path: &str) -> UnitId {
        self.tree().await.find(&UnitPath::parse(path).unwrap()).unwrap()
    }

    /// Every path the index knows, sorted.
    async fn indexed_paths(&self) -> Vec<String> {
        let index = self.indexes.get(&self.store, self.admin.org_id).await.unwrap();
        let index = index.read().await;
        let mut paths: Vec<String> = index.units.units().iter().map(|u| index.units.path(u.id)).collect();
        paths.sort();
        paths
    }

    /// The audit log, oldest first, as `action subject: detail`.
    async fn audit(&self) -> Vec<String> {
        let entries = self.store.list_audit(self.admin.org_id, None, 100).await.unwrap();
        entries.iter().rev().map(|e| format!("{} {}: {}", e.entry.action, e.entry.subject, e.entry.detail)).collect()
    }
}

fn fields(error: UnitError) -> Vec<(&'static str, String)> {
    match error {
        UnitError::Invalid(problems) => problems,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_created_unit_is_stored_logged_and_in_the_index_at_once() {
    let org = Org::new().await;
    let east = org.id("Acme/East").await;
    let path = create_unit(&org.store, &org.indexes, &org.admin, "  Boston ", Some(east)).await.unwrap();
    assert_eq!(path.to_string(), "Acme/East/Boston");
    assert_eq!(org.audit().await, ["unit.create Acme/East/Boston: (none) → Acme/East/Boston"]);
    assert!(org.indexed_paths().await.contains(&"Acme/East/Boston".to_string()));
}

#[tokio::test]
async fn a_refused_unit_names_every_field_and_changes_nothing() {
    let org = Org::new().await;
    let acme = org.id("Acme").await;
    let taken = create_unit(&org.store, &org.indexes, &org.admin, "West", Some(acme)).await.unwrap_err();
    assert_eq!(fields(taken), [("name", "A unit with this name is there already.".to_string())]);
    let both = create_unit(&org.store, &org.indexes, &org.admin, "a/b", Some(UnitId(9_999))).await.unwrap_err();
    assert_eq!(
        fields(both),
        [("name", "A unit name cannot contain “/”.".to_string()), ("parent", CHOOSE_PARENT.to_string())]
    );
    let long = "x".repeat(MAX_UNIT_NAME + 1);
    let error = create_unit(&org.store, &org.indexes, &org.admin, &long, None).await.unwrap_err();
    assert_eq!(fields(error), [("name", "Give a name of 1 to 100 characters.".to_string())]);
    assert_eq!(org.tree().await.units().len(), 4);
    assert!(org.audit().await.is_empty());
}

#[tokio::test]
async fn a_rename_keeps_the_place_and_logs_before_and_after() {
    let org = Org::new().await;
    let east = org.id("Acme/East").await;
    let renamed = rename_unit(&org.store, &org.indexes, &org.admin, east, "Eastern").await.unwrap();
    assert_eq!(renamed, UnitChange::Changed { path: "Acme/Eastern".into() });
    assert_eq!(org.indexed_paths().await, ["Acme", "Acme/Eastern", "Acme/Eastern/Reno", "Acme/West"]);
    let same = rename_unit(&org.store, &org.indexes, &org.admin, east, " Eastern ").await.unwrap();
    assert_eq!(same, UnitChange::Unchanged);
    let clash = rename_unit(&org.store, &org.indexes, &org.admin, east, "West").await.unwrap_err();
    assert_eq!(fields(clash), [("name", "Another unit with this name has the same parent.".to_string())]);
    assert!(matches!(
        rename_unit(&org.store, &org.indexes, &org.admin, UnitId(9_999), "X").await,
        Err(UnitError::NotFound)
    ));
    assert_eq!(org.audit().await, ["unit.rename Acme/Eastern: Acme/East → Acme/Eastern"]);
}

#[tokio::test]
async fn a_move_takes_the_subtree_and_cannot_go_below_itself() {
    let org = Org::new().await;
    let (east, reno, west) = (org.id("Acme/East").await, org.id("Acme/East/Reno").await, org.id("Acme/West").await);
    let moved = move_unit(&org.store, &org.indexes, &org.admin, east, Some(west)).await.unwrap();
    assert_eq!(moved, UnitChange::Changed { path: "Acme/West/East".into() });
    assert_eq!(org.indexed_paths().await, ["Acme", "Acme/West", "Acme/West/East", "Acme/West/East/Reno"]);
    let below = move_unit(&org.store, &org.indexes, &org.admin, east, Some(reno)).await.unwrap_err();
    assert_eq!(fields(below), [("parent", "A unit cannot move into itself or below itself.".to_string())]);
    let same = move_unit(&org.store, &org.indexes, &org.admin, east, Some(west)).await.unwrap();
    assert_eq!(same, UnitChange::Unchanged);
    let top = move_unit(&org.store, &org.indexes, &org.admin, reno, None).await.unwrap();
    assert_eq!(top, UnitChange::Changed { path: "Reno".into() });
    assert_eq!(
        org.audit().await,
        ["unit.move Acme/West/East: Acme/East → Acme/West/East", "unit.move Reno: Acme/West/East/Reno → Reno"]
    );
}

#[tokio::test]
async fn no_create_rename_or_move_makes_a_path_deeper_or_longer_than_the_limits() {
    let org = Org::new().await;
    // Acme/West/L3/…/L12: twelve levels, the most a path may have.
    let deep = (3..=12).map(|l| format!("L{l}")).fold("Acme/West".to_string(), |p, l| format!("{p}/{l}"));
    org.store.ensure_unit(org.admin.org_id, &UnitPath::parse(&deep).unwrap()).await.unwrap();
    let (l12, l11, l10) =
        (org.id(&deep).await, org.id(&deep[..deep.len() - 4]).await, org.id(&deep[..deep.len() - 8]).await);
    let too_deep = create_unit(&org.store, &org.indexes, &org.admin, "L13", Some(l12)).await.unwrap_err();
    assert_eq!(fields(too_deep), [("name", "unit path has 13 levels; the limit is 12".to_string())]);
    // East has Reno below it: two levels, which fit under L10 but not under L11.
    let east = org.id("Acme/East").await;
    let refused = move_unit(&org.store, &org.indexes, &org.admin, east, Some(l11)).await.unwrap_err();
    assert_eq!(fields(refused), [("parent", "unit path has 13 levels; the limit is 12".to_string())]);
    let moved = move_unit(&org.store, &org.indexes, &org.admin, east, Some(l10)).await.unwrap();
    assert!(matches!(moved, UnitChange::Changed { .. }));
    // A longer name for a unit high up lengthens every path below it.
    let west = org.id("Acme/West").await;
    for level in (3..=12).rev() {
        let unit = org.id(&(3..=level).fold("Acme/West".to_string(), |p, l| format!("{p}/L{l}"))).await;
        rename_unit(&org.store, &org.indexes, &org.admin, unit, &"n".repeat(95)).await.unwrap();
    }
    let long = rename_unit(&org.store, &org.indexes, &org.admin, west, &"w".repeat(100)).await.unwrap_err();
    let [(field, message)] = &fields(long)[..] else { panic!("one problem expected") };
    assert_eq!(*field, "name");
    assert!(message.ends_with("bytes long; the limit is 1000"), "{message}");
}
