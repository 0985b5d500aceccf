//! The audit log: entries per organisation, read newest first in pages.

use vocal_domain::OrgId;
use vocal_store::{NewAuditEntry, Store};

use crate::fixtures::new_org;
use crate::web_fixtures::new_user;

storage_tests!(an_entry_is_recorded_as_given, entries_are_listed_newest_first_in_pages);

fn entry(action: &str) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: None,
        actor: "cli".into(),
        action: action.into(),
        subject: "Acme/North".into(),
        detail: "North → Nord".into(),
    }
}

async fn actions<S: Store>(store: &S, org: OrgId, before_id: Option<i64>, limit: i64) -> Vec<String> {
    store.list_audit(org, before_id, limit).await.unwrap().into_iter().map(|e| e.entry.action).collect()
}

async fn an_entry_is_recorded_as_given<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let ana = new_user(&store, org, "ana@example.com").await;
    let by_ana = NewAuditEntry { actor_id: Some(ana.id), actor: ana.email.to_string(), ..entry("unit.rename") };
    let before = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;

    let recorded = store.record_audit(org, by_ana.clone()).await.unwrap();

    assert_eq!(recorded.entry, by_ana);
    assert!(recorded.at_ms >= before, "stamped with the time of recording");
    assert_eq!(store.list_audit(org, None, 10).await.unwrap(), [recorded]);
}

async fn entries_are_listed_newest_first_in_pages<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let other = new_org(&store, "Other").await;
    let mut ids = Vec::new();
    for action in ["a", "b", "c", "d", "e"] {
        ids.push(store.record_audit(org, entry(action)).await.unwrap().id);
        store.record_audit(other, entry("elsewhere")).await.unwrap();
    }

    assert_eq!(actions(&store, org, None, 10).await, ["e", "d", "c", "b", "a"]);
    assert_eq!(actions(&store, org, None, 2).await, ["e", "d"]);
    assert_eq!(actions(&store, org, Some(ids[3]), 2).await, ["c", "b"], "below d, d excluded");
    assert_eq!(actions(&store, org, Some(ids[0]), 10).await, Vec::<String>::new());
    assert_eq!(actions(&store, org, None, -1).await, Vec::<String>::new(), "a negative limit");
    assert_eq!(actions(&store, other, None, 10).await.len(), 5, "each organisation its own");
}
