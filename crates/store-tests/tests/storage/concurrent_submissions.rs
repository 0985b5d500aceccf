//! Many group commits at once, through one store and through two stores on
//! the same database (two server processes): no response is lost or stored
//! twice, and every one has its own sequence number.

use std::collections::BTreeSet;

use vocal_domain::OrgId;
use vocal_store::{NewResponse, Store};

use crate::fixtures::{all_responses, keyed, new_org, path, submission};

storage_tests!(concurrent_groups_never_lose_or_duplicate_a_response);

const TASKS: u32 = 8;
const GROUPS: u32 = 10;
const PER_SUBMISSION: u32 = 3;

async fn concurrent_groups_never_lose_or_duplicate_a_response<S: Store>(store: S) {
    commit_concurrently(vec![store]).await;
}

/// A group of two submissions, each naming units and agents other tasks name too.
fn group(org: OrgId, task: u32, group: u32) -> Vec<vocal_store::Submission> {
    let response = |submission: u32, i: u32| NewResponse {
        unit: Some(path(&format!("Shared/Team {}", (task + i) % 3))),
        agent: Some(format!("Agent {}", (group + i) % 4)),
        ..keyed(((task + i) % 11) as i64, ((task * GROUPS + group) * 2 + submission) * PER_SUBMISSION + i)
    };
    (0..2).map(|s| submission(org, (0..PER_SUBMISSION).map(|i| response(s, i)).collect())).collect()
}

async fn commit_concurrently<S: Store>(stores: Vec<S>) {
    let org = new_org(&stores[0], "Acme").await;
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let store = stores[task as usize % stores.len()].clone();
            tokio::spawn(async move {
                let mut ids = Vec::new();
                for g in 0..GROUPS {
                    let stored = store.commit_submissions(group(org, task, g)).await.expect("no group fails");
                    assert!(stored.iter().flatten().all(|s| s.created), "every key is new");
                    ids.extend(stored.into_iter().flatten().map(|s| s.id));
                }
                // A retry of the first group changes nothing.
                let retried = store.commit_submissions(group(org, task, 0)).await.expect("the retry succeeds");
                let retried: Vec<_> = retried.into_iter().flatten().map(|s| (s.id, s.created)).collect();
                let first = ids[..retried.len()].iter().map(|&id| (id, false)).collect::<Vec<_>>();
                assert_eq!(retried, first);
                ids
            })
        })
        .collect();
    let mut acknowledged = BTreeSet::new();
    for task in tasks {
        acknowledged.extend(task.await.unwrap());
    }

    let total = (TASKS * GROUPS * 2 * PER_SUBMISSION) as usize;
    assert_eq!(acknowledged.len(), total, "every acknowledged id is distinct");
    let rows = all_responses(&stores[0], org).await;
    assert_eq!(rows.len(), total, "nothing lost, nothing twice");
    assert_eq!(rows.iter().map(|r| r.id).collect::<BTreeSet<_>>(), acknowledged);
    assert_eq!(rows.iter().map(|r| r.seq).collect::<BTreeSet<_>>().len(), total, "distinct seqs");
    assert_eq!(stores[0].list_units(org).await.unwrap().len(), 4, "Shared and 3 teams, each once");
    assert_eq!(stores[0].list_agents(org).await.unwrap().len(), 4);
}

mod two_stores {
    mod sqlite {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn concurrent_groups_through_two_stores_never_lose_or_duplicate_a_response() {
            let dir = tempfile::tempdir().unwrap();
            let open = || vocal_store_sqlite::SqliteStore::open_dir(dir.path());
            super::super::commit_concurrently(vec![open().await.unwrap(), open().await.unwrap()]).await;
        }
    }

    mod postgres {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn concurrent_groups_through_two_stores_never_lose_or_duplicate_a_response() {
            crate::backends::with_postgres_database(|url| async move {
                let open = || vocal_store_postgres::PostgresStore::connect(&url);
                super::super::commit_concurrently(vec![open().await.unwrap(), open().await.unwrap()]).await;
            })
            .await;
        }
    }
}
