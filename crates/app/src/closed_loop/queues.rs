//! The case queues people work from: their own, their domain's, the overdue
//! ones and those nobody owns — each limited to what the user may see.

use vocal_domain::cases::CaseState;
use vocal_domain::{CaseId, UnitTree};
use vocal_store::{Case, CaseQuery, Store, StoreError, User};

use super::access::{domain_units, sees_case};

/// Which queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Open cases the user owns.
    Mine,
    /// Open cases in the user's domain (the whole organisation for admins).
    Domain,
    /// Open cases in the domain past a deadline.
    Overdue,
    /// Open cases in the domain that nobody owns.
    Unassigned,
    /// Every case in the domain, done ones included.
    All,
}

impl Queue {
    pub const ALL: [Queue; 5] = [Queue::Mine, Queue::Domain, Queue::Overdue, Queue::Unassigned, Queue::All];

    pub fn as_str(self) -> &'static str {
        match self {
            Queue::Mine => "mine",
            Queue::Domain => "domain",
            Queue::Overdue => "overdue",
            Queue::Unassigned => "unassigned",
            Queue::All => "all",
        }
    }

    pub fn parse(text: &str) -> Result<Queue, String> {
        Queue::ALL
            .into_iter()
            .find(|q| q.as_str() == text)
            .ok_or_else(|| format!("{text:?} is not a queue (mine, domain, overdue, unassigned, all)"))
    }
}

/// Up to `limit` cases of the queue, newest first, below the id `before`.
pub async fn list<S: Store>(
    store: &S,
    user: &User,
    queue: Queue,
    before: Option<CaseId>,
    limit: i64,
    now_ms: i64,
) -> Result<Vec<Case>, StoreError> {
    let units = UnitTree::new(store.list_units(user.org_id).await?);
    let query = CaseQuery { before, limit, ..query_for(user, &units, queue, now_ms) };
    let cases = store.find_cases(user.org_id, &query).await?;
    // The store filtered by unit; this is the rule itself, once more.
    Ok(cases.into_iter().filter(|case| sees_case(user, &units, case)).collect())
}

/// How many cases the queue holds for `user`, counted by the store: the
/// same filters as [`list`], whose unit scope is exactly what `sees_case`
/// allows in a queue (a domain's units, or the user's own cases).
pub async fn count<S: Store>(store: &S, user: &User, queue: Queue, now_ms: i64) -> Result<u64, StoreError> {
    let units = UnitTree::new(store.list_units(user.org_id).await?);
    store.count_cases(user.org_id, &query_for(user, &units, queue, now_ms)).await
}

/// Every queue's count for `user`, in [`Queue::ALL`] order: the tabs of
/// the queue page. The five counts run at once on the pool's connections
/// (they are independent reads), so the page waits for the slowest, not
/// for their sum.
pub async fn counts<S: Store>(store: &S, user: &User, now_ms: i64) -> Result<[u64; 5], StoreError> {
    let units = UnitTree::new(store.list_units(user.org_id).await?);
    let query = |queue| query_for(user, &units, queue, now_ms);
    let (mine, domain, overdue, unassigned, all) =
        (query(Queue::Mine), query(Queue::Domain), query(Queue::Overdue), query(Queue::Unassigned), query(Queue::All));
    let org = user.org_id;
    let counted = tokio::try_join!(
        store.count_cases(org, &mine),
        store.count_cases(org, &domain),
        store.count_cases(org, &overdue),
        store.count_cases(org, &unassigned),
        store.count_cases(org, &all),
    )?;
    Ok([counted.0, counted.1, counted.2, counted.3, counted.4])
}

fn query_for(user: &User, units: &UnitTree, queue: Queue, now_ms: i64) -> CaseQuery {
    let open = vec![CaseState::New, CaseState::Contacted];
    let domain = CaseQuery { units: domain_units(user, units), ..CaseQuery::default() };
    match queue {
        Queue::Mine => CaseQuery { owner: Some(Some(user.id)), units: None, states: open, ..domain },
        Queue::Domain => CaseQuery { states: open, ..domain },
        Queue::Overdue => CaseQuery { overdue_at_ms: Some(now_ms), ..domain },
        Queue::Unassigned => CaseQuery { owner: Some(None), states: open, ..domain },
        Queue::All => domain,
    }
}
