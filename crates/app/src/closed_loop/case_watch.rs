//! Which organisations' cases changed, for open case pages. One query per
//! server every refresh (not one per open page): the organisations with a
//! case whose `updated_at` moved since the last look, whichever process
//! wrote it. Pages then fetch themselves again through their own scoping,
//! as the dashboard does for responses, so the signal carries no data.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::broadcast;
use vocal_domain::OrgId;
use vocal_store::Store;

/// How far back each look reaches, for processes whose clocks disagree
/// (a case's `updated_at` is its writer's clock): a change stamped up to
/// this much in the past is still seen.
const CLOCK_SKEW_MS: i64 = 10_000;

/// The signal: clones share one channel.
#[derive(Debug, Clone)]
pub struct CaseWatch(broadcast::Sender<OrgId>);

impl Default for CaseWatch {
    fn default() -> Self {
        CaseWatch(broadcast::channel(256).0)
    }
}

impl CaseWatch {
    pub fn subscribe(&self) -> broadcast::Receiver<OrgId> {
        self.0.subscribe()
    }

    /// Tells every listener that `org`'s cases changed.
    pub fn tell(&self, org: OrgId) {
        // No listener is not an error: nobody has a case page open.
        let _ = self.0.send(org);
    }
}

/// What the watcher remembers between looks: each organisation's latest
/// change seen.
#[derive(Debug, Default)]
pub struct Seen {
    latest: HashMap<OrgId, i64>,
    since_ms: i64,
}

impl Seen {
    /// Starts from `now_ms`: what changed before is already on the pages.
    pub fn from(now_ms: i64) -> Self {
        Seen { latest: HashMap::new(), since_ms: now_ms - CLOCK_SKEW_MS }
    }

    /// One look: tells `watch` of each organisation with a change newer
    /// than the last one seen; the organisations told.
    pub async fn look<S: Store>(
        &mut self,
        store: &S,
        watch: &CaseWatch,
    ) -> Result<Vec<OrgId>, vocal_store::StoreError> {
        let mut told = Vec::new();
        for (org, at) in store.cases_changed_since(self.since_ms).await? {
            if self.latest.get(&org).is_none_or(|seen| at > *seen) {
                self.latest.insert(org, at);
                watch.tell(org);
                told.push(org);
            }
            self.since_ms = self.since_ms.max(at - CLOCK_SKEW_MS);
        }
        Ok(told)
    }
}

/// Looks every `every` until the task is dropped; a failed look (the
/// database away) is tried again at the next tick.
pub async fn keep_watching<S: Store>(store: S, watch: CaseWatch, every: Duration) {
    let mut seen = Seen::from(crate::now_ms());
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(error) = seen.look(&store, &watch).await {
            tracing::debug!(%error, "could not look for changed cases");
        }
    }
}
