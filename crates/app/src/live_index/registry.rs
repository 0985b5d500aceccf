//! Every organisation's index in a server, opened at start-up and kept
//! current: after each write through this process, and by polling for
//! writes made by other processes sharing the database.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::live_index::{IndexError, OrgIndex, Touched};
use tokio::sync::{RwLock, broadcast};
use vocal_domain::OrgId;
use vocal_index::snapshot::Selection;
use vocal_store::Store;

/// How often a server re-reads unit and agent names while polling.
const CATALOG_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

pub type SharedIndex = Arc<RwLock<OrgIndex>>;

pub struct Indexes {
    by_org: RwLock<HashMap<OrgId, SharedIndex>>,
    snapshot_dir: Option<PathBuf>,
    changes: broadcast::Sender<Arc<Change>>,
    catalog_every: std::time::Duration,
}

/// Responses that just reached an organisation's index, announced to live
/// dashboards. `touched` is `None` when there were too many to list.
#[derive(Debug, Clone)]
pub struct Change {
    pub org: OrgId,
    pub seq: i64,
    pub touched: Option<Vec<Touched>>,
}

impl Indexes {
    pub fn new(snapshot_dir: Option<PathBuf>) -> Self {
        Indexes {
            by_org: RwLock::new(HashMap::new()),
            snapshot_dir,
            changes: broadcast::channel(1024).0,
            catalog_every: CATALOG_EVERY,
        }
    }

    /// How often polling re-reads unit and agent names (tests shorten it).
    pub fn with_catalog_every(mut self, every: std::time::Duration) -> Self {
        self.catalog_every = every;
        self
    }

    /// Every change applied from now on, whichever way it arrived (this
    /// process's writes or polling for other processes').
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        self.changes.subscribe()
    }

    fn announce(&self, index: &mut OrgIndex) {
        let touched = index.take_touched();
        if touched.as_ref().is_some_and(Vec::is_empty) {
            return;
        }
        // No receivers (no live dashboard open) is not an error.
        let _ = self.changes.send(Arc::new(Change { org: index.org.id, seq: index.index.seq(), touched }));
    }

    /// The organisation's index, opened on first use.
    pub async fn get<S: Store>(&self, store: &S, org: OrgId) -> Result<SharedIndex, IndexError> {
        if let Some(index) = self.by_org.read().await.get(&org) {
            return Ok(index.clone());
        }
        let mut by_org = self.by_org.write().await;
        if let Some(index) = by_org.get(&org) {
            return Ok(index.clone());
        }
        let organisation = store
            .list_orgs()
            .await?
            .into_iter()
            .find(|o| o.id == org)
            .ok_or(IndexError::Store(vocal_store::StoreError::NotFound("organisation")))?;
        let index = OrgIndex::open(store, organisation, self.snapshot_dir.as_deref(), Selection::All).await?;
        let shared = Arc::new(RwLock::new(index));
        by_org.insert(org, shared.clone());
        Ok(shared)
    }

    /// Re-reads one organisation's unit tree and agent names after a change
    /// made through this process, so figures and scopes use it at once
    /// (other processes pick it up when they next poll).
    pub async fn refresh_names<S: Store>(&self, store: &S, org: OrgId) -> Result<(), IndexError> {
        self.get(store, org).await?.write().await.refresh_catalog(store).await
    }

    /// Opens every organisation's index (at start-up) and catches all up.
    pub async fn refresh_all<S: Store>(&self, store: &S) -> Result<usize, IndexError> {
        let mut applied = 0;
        for org in store.list_orgs().await? {
            let index = self.get(store, org.id).await?;
            // A cheap look first, so queries are not held up while nothing changed.
            if store.max_seq(org.id).await? > index.read().await.index.seq() {
                let mut guard = index.write().await;
                applied += guard.catch_up(store).await?;
                self.announce(&mut guard);
            }
            // Units renamed or moved (and agents placed in teams) by another
            // process keep their ids, so only reading the names again shows them.
            if index.read().await.catalog_age() >= self.catalog_every {
                index.write().await.refresh_catalog(store).await?;
            }
        }
        Ok(applied)
    }

    /// Catches one organisation's index up right after a write, so the
    /// write is in the figures before it is acknowledged.
    pub async fn catch_up_org<S: Store>(&self, store: &S, org: OrgId) -> Result<usize, IndexError> {
        let index = self.get(store, org).await?;
        let mut guard = index.write().await;
        let applied = guard.catch_up(store).await?;
        self.announce(&mut guard);
        Ok(applied)
    }

    /// Writes each index's snapshot (off the async runtime).
    pub async fn save_all(&self) {
        let indexes: Vec<SharedIndex> = self.by_org.read().await.values().cloned().collect();
        for index in indexes {
            let guard = index.read_owned().await;
            let result = tokio::task::spawn_blocking(move || guard.save_snapshot()).await;
            match result {
                Ok(Err(error)) => tracing::warn!(%error, "could not save an index snapshot"),
                Err(error) => tracing::warn!(%error, "snapshot task failed"),
                Ok(Ok(())) => {}
            }
        }
    }

    /// The highest change sequence across organisations, to notice changes.
    pub async fn total_seq(&self) -> i64 {
        let mut total = 0;
        for index in self.by_org.read().await.values() {
            total += index.read().await.index.seq();
        }
        total
    }
}
