//! The dashboard's close-the-loop card: how many cases are open and overdue
//! in the user's domain, and how long the first contact with the customer
//! took (median, cases opened in the last 30 days). Computed from the stored
//! cases through the queues, so the card counts exactly what the queues list.

use vocal_domain::CaseId;
use vocal_store::{Case, Store, StoreError, User};

use super::queues::{Queue, count, list};

/// The window of the median: recent enough to say how the team does now.
pub const MEDIAN_WINDOW_MS: i64 = 30 * 24 * 3_600_000;
const PAGE: i64 = 500;

/// The card's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopCard {
    pub open: u64,
    pub overdue: u64,
    /// Median of (first contact − opened) over the window's contacted cases.
    pub median_first_contact_ms: Option<i64>,
    /// How many cases that median is over.
    pub contacted_in_window: u64,
}

/// The card for `user` at `now_ms`.
pub async fn card<S: Store>(store: &S, user: &User, now_ms: i64) -> Result<LoopCard, StoreError> {
    let open = count(store, user, Queue::Domain, now_ms).await?;
    let overdue = count(store, user, Queue::Overdue, now_ms).await?;
    let since = now_ms - MEDIAN_WINDOW_MS;
    let recent = every_case(store, user, Queue::All, now_ms, since).await?;
    let mut waits = first_contact_waits(&recent, since);
    Ok(LoopCard { open, overdue, contacted_in_window: waits.len() as u64, median_first_contact_ms: median(&mut waits) })
}

/// Every case of a queue (newest first), stopping at cases opened before
/// `opened_since` (ids grow with opening time).
async fn every_case<S: Store>(
    store: &S,
    user: &User,
    queue: Queue,
    now_ms: i64,
    opened_since: i64,
) -> Result<Vec<Case>, StoreError> {
    let mut all = Vec::new();
    let mut before: Option<CaseId> = None;
    loop {
        let page = list(store, user, queue, before, PAGE, now_ms).await?;
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        let full = page.len() as i64 == PAGE;
        let reached_old = last.opened_at_ms < opened_since;
        all.extend(page);
        if !full || reached_old {
            break;
        }
    }
    Ok(all)
}

/// How long each case opened since `since` waited for its first contact.
pub fn first_contact_waits(cases: &[Case], since: i64) -> Vec<i64> {
    cases
        .iter()
        .filter(|case| case.opened_at_ms >= since)
        .filter_map(|case| case.first_contact_at_ms.map(|at| (at - case.opened_at_ms).max(0)))
        .collect()
}

/// The median by nearest rank, as the loop metrics define it (docs/cases.md):
/// the middle value, the lower of the two middle ones for an even count, so
/// the card and `GET /api/v1/loop-metrics` agree.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[(values.len() - 1) / 2])
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
