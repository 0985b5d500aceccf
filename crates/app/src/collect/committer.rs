//! Group commit: every response a customer or an integration submits goes
//! through one task that writes whatever has queued up meanwhile in one
//! transaction with one durable commit (one fsync), then answers each
//! request. A request is acknowledged only after its commit is on disk and
//! its responses are in the query index; durability is never relaxed for
//! speed — requests arriving together share the cost instead.

use std::collections::BTreeSet;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use vocal_domain::OrgId;
use vocal_store::{Store, StoreError, StoreResult, Stored, Submission};

use crate::live_index::registry::Indexes;

/// Requests waiting beyond this make new ones wait for room (back-pressure).
const QUEUE: usize = 8_192;
/// A group stops growing at this many responses, so one commit stays short.
const MAX_GROUP_ROWS: usize = 20_000;

struct Pending {
    submission: Submission,
    reply: oneshot::Sender<StoreResult<Vec<Stored>>>,
}

/// The handle requests submit through; cheap to clone.
#[derive(Clone)]
pub struct Committer {
    sender: mpsc::Sender<Pending>,
}

impl Committer {
    /// Starts the committing task. It ends when every handle is dropped.
    pub fn start<S: Store>(store: S, indexes: Arc<Indexes>) -> Self {
        let (sender, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(run(store, indexes, receiver));
        Committer { sender }
    }

    /// Stores the submission durably and returns what happened to each of
    /// its responses. `Unavailable` when the database is down: nothing was
    /// stored, and the caller must not acknowledge.
    pub async fn submit(&self, submission: Submission) -> StoreResult<Vec<Stored>> {
        let (reply, answer) = oneshot::channel();
        let gone = || StoreError::Unavailable("the response writer has stopped".into());
        self.sender.send(Pending { submission, reply }).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

async fn run<S: Store>(store: S, indexes: Arc<Indexes>, mut receiver: mpsc::Receiver<Pending>) {
    while let Some(first) = receiver.recv().await {
        let mut rows = first.submission.responses.len();
        let mut group = vec![first];
        while rows < MAX_GROUP_ROWS {
            match receiver.try_recv() {
                Ok(next) => {
                    rows += next.submission.responses.len();
                    group.push(next);
                }
                Err(_) => break,
            }
        }
        commit(&store, &indexes, group).await;
    }
}

/// Commits the group; when it fails for a reason other than the database
/// being away, each request is retried alone so that one bad request only
/// fails itself.
async fn commit<S: Store>(store: &S, indexes: &Indexes, group: Vec<Pending>) {
    let orgs: BTreeSet<OrgId> = group.iter().map(|p| p.submission.org).collect();
    let submissions: Vec<Submission> = group.iter().map(|p| p.submission.clone()).collect();
    match store.commit_submissions(submissions).await {
        Ok(results) => {
            refresh(store, indexes, &orgs).await;
            for (pending, result) in group.into_iter().zip(results) {
                let _ = pending.reply.send(Ok(result));
            }
        }
        Err(error @ StoreError::Unavailable(_)) => {
            tracing::error!(%error, requests = group.len(), "database unavailable; submissions refused");
            for pending in group {
                let _ = pending.reply.send(Err(error.clone()));
            }
        }
        Err(error) if group.len() == 1 => {
            let pending = group.into_iter().next().expect("one request");
            let _ = pending.reply.send(Err(error));
        }
        Err(_) => {
            for pending in group {
                let result = store.commit_submissions(vec![pending.submission]).await;
                let result = result.map(|mut r| r.pop().unwrap_or_default());
                if result.is_ok() {
                    refresh(store, indexes, &orgs).await;
                }
                let _ = pending.reply.send(result);
            }
        }
    }
}

/// Brings the written organisations' indexes up to date. A failure here
/// does not undo the commit (the periodic refresh will catch up), so it is
/// logged, not returned.
async fn refresh<S: Store>(store: &S, indexes: &Indexes, orgs: &BTreeSet<OrgId>) {
    for &org in orgs {
        if let Err(error) = indexes.catch_up_org(store, org).await {
            tracing::warn!(%error, org = org.0, "could not update the index after a write");
        }
    }
}
