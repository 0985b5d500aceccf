//! One organisation's index with the names it needs, kept in step with the
//! database by change sequence.

pub mod registry;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use vocal_domain::{AgentId, UnitId, UnitTree};
use vocal_index::snapshot::{self, Identity, Selection};
use vocal_index::{ApplyError, Catalog, ResponseIndex};
use vocal_store::{IndexedResponse, Organisation, Store, StoreError};

/// Changes read per database round trip while catching up.
const BATCH: i64 = 50_000;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("organisation time zone {0:?} is not a known IANA zone")]
    TimeZone(String),
    #[error("index snapshot {path}: {error}")]
    Snapshot { path: PathBuf, error: std::io::Error },
}

/// More changes than this at once (a start-up, an import) are not listed one by one.
const MAX_TOUCHED: usize = 10_000;

/// Where one changed response lies, which is all live updates need to
/// decide who should look again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touched {
    pub unit: Option<UnitId>,
    pub agent: Option<AgentId>,
}

/// The index plus the unit tree and agent names it refers to by id.
pub struct OrgIndex {
    pub org: Organisation,
    pub index: ResponseIndex,
    pub units: UnitTree,
    pub agents: Vec<(AgentId, String)>,
    /// Each agent's team, for who may see the agent.
    teams: HashMap<AgentId, UnitId>,
    /// The agents above, for the per-change "is this one new?" check.
    known_agents: HashSet<AgentId>,
    identity: Identity,
    snapshot_path: Option<PathBuf>,
    /// When unit and agent names were last read.
    catalog_read: std::time::Instant,
    /// Where the changes applied since the last [`OrgIndex::take_touched`]
    /// landed, for live updates (`None` once too many to list).
    touched: Option<Vec<Touched>>,
    /// Changes read from the database while opening (all rows without a snapshot).
    pub applied_at_open: usize,
}

impl OrgIndex {
    /// Loads the selected columns from the snapshot in `snapshot_dir` (when
    /// there is one for this database) and catches up with the database.
    pub async fn open<S: Store>(
        store: &S,
        org: Organisation,
        snapshot_dir: Option<&Path>,
        selection: Selection,
    ) -> Result<Self, IndexError> {
        let identity = Identity { instance_id: store.instance_id().await?, org_id: org.id.0 };
        let snapshot_path = snapshot_dir.map(|dir| dir.join(format!("{}-org{}.cols", identity.instance_id, org.id.0)));
        let loaded = match &snapshot_path {
            Some(path) => snapshot::load(path, &identity, &org.time_zone, &selection).unwrap_or_else(|error| {
                tracing::warn!(path = %path.display(), %error, "ignoring an unreadable index snapshot");
                None
            }),
            None => None,
        };
        // A snapshot ahead of the database (restored from a backup) describes
        // responses that are gone: start over from the database.
        let max_seq = store.max_seq(org.id).await?;
        let index = match loaded {
            Some(index) if index.seq() <= max_seq => index,
            _ => new_index(&org)?,
        };
        let mut this = OrgIndex {
            org,
            index,
            units: UnitTree::default(),
            agents: Vec::new(),
            teams: HashMap::new(),
            touched: Some(Vec::new()),
            catalog_read: std::time::Instant::now(),
            known_agents: HashSet::new(),
            identity,
            snapshot_path,
            applied_at_open: 0,
        };
        this.applied_at_open = this.catch_up(store).await?;
        // What was there before this process started is not news.
        this.touched = Some(Vec::new());
        this.refresh_catalog(store).await?;
        Ok(this)
    }

    pub fn catalog(&self) -> Catalog<'_> {
        Catalog { units: &self.units, agents: &self.agents }
    }

    /// How long ago unit and agent names were read (renames and moves made
    /// by another process reach this one when they are read again).
    pub fn catalog_age(&self) -> std::time::Duration {
        self.catalog_read.elapsed()
    }

    /// The agent's team, if they have one.
    pub fn team_of(&self, agent: AgentId) -> Option<UnitId> {
        self.teams.get(&agent).copied()
    }

    /// Applies every change after the index's sequence; returns how many.
    pub async fn catch_up<S: Store>(&mut self, store: &S) -> Result<usize, IndexError> {
        let mut applied = 0;
        let mut names_new = false;
        let mut changes = store.responses_after(self.org.id, self.index.seq(), BATCH).await?;
        loop {
            let full = changes.len() as i64 == BATCH;
            let last_seq = changes.last().map_or(self.index.seq(), |c| c.seq);
            // Read the next batch on another task while this one is applied:
            // the database driver and the index each keep a core busy.
            let next = full.then(|| {
                let (store, org) = (store.clone(), self.org.id);
                tokio::spawn(async move { store.responses_after(org, last_seq, BATCH).await })
            });
            names_new |= changes.iter().any(|c| self.names_unknown(c));
            self.note_touched(&changes);
            let outcome = changes.iter().try_for_each(|change| self.index.apply(change));
            if let Err(ApplyError::IdsNotLoaded) = outcome {
                // A partial load met a changed response: start over from the database.
                self.index = new_index(&self.org)?;
                return Box::pin(self.catch_up(store)).await;
            }
            applied += changes.len();
            match next {
                Some(task) => {
                    changes = task.await.map_err(|e| StoreError::Database(format!("reading responses: {e}")))??
                }
                None => break,
            }
        }
        // Names are re-read only when a change refers to a unit or agent not
        // loaded yet: after every small write this would cost more than the write.
        if names_new {
            self.refresh_catalog(store).await?;
        }
        Ok(applied)
    }

    fn note_touched(&mut self, changes: &[IndexedResponse]) {
        if let Some(list) = &mut self.touched {
            if list.len() + changes.len() > MAX_TOUCHED {
                self.touched = None;
            } else {
                list.extend(changes.iter().map(|c| Touched { unit: c.unit_id, agent: c.agent_id }));
            }
        }
    }

    /// Where the changes applied since the last call landed: `Some(empty)`
    /// when none, `None` when too many to list (everyone should look).
    pub fn take_touched(&mut self) -> Option<Vec<Touched>> {
        self.touched.replace(Vec::new())
    }

    fn names_unknown(&self, change: &IndexedResponse) -> bool {
        change.unit_id.is_some_and(|u| self.units.get(u).is_none())
            || change.agent_id.is_some_and(|a| !self.known_agents.contains(&a))
    }

    /// Re-reads unit and agent names (small tables).
    pub async fn refresh_catalog<S: Store>(&mut self, store: &S) -> Result<(), IndexError> {
        self.units = UnitTree::new(store.list_units(self.org.id).await?);
        let agents = store.list_agents(self.org.id).await?;
        self.teams = agents.iter().filter_map(|a| Some((a.id, a.unit_id?))).collect();
        self.agents = agents.into_iter().map(|a| (a.id, a.name)).collect();
        self.known_agents = self.agents.iter().map(|(id, _)| *id).collect();
        self.catalog_read = std::time::Instant::now();
        Ok(())
    }

    /// Writes the snapshot, when this index has a place for one.
    pub fn save_snapshot(&self) -> Result<(), IndexError> {
        let Some(path) = &self.snapshot_path else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|error| IndexError::Snapshot { path: path.clone(), error })?;
        }
        snapshot::save(&self.index, &self.identity, path)
            .map_err(|error| IndexError::Snapshot { path: path.clone(), error })
    }
}

fn new_index(org: &Organisation) -> Result<ResponseIndex, IndexError> {
    ResponseIndex::new(&org.time_zone).map_err(|_| IndexError::TimeZone(org.time_zone.clone()))
}
