//! What the loop metrics are computed over, gathered once for the API
//! (`GET /api/v1/loop-metrics`) and the command line (`vocal loop`): the
//! cases opened in the period as [`CaseFacts`], and the detractor answers
//! submitted in it, counted by the index.

use std::collections::{BTreeMap, HashMap};

use vocal_domain::query::{QueryError, RawQuery};
use vocal_domain::{OrgId, QuerySpec, UnitTree};
use vocal_store::{Case, Store, StoreError};

use super::loop_metrics::{CaseFacts, DetractorCounts};
use crate::live_index::OrgIndex;

const PAGE: i64 = 1000;
const DAY_MS: i64 = 86_400_000;

/// The period as `[from, to)` in UTC milliseconds: the start of `since`'s
/// day to the end of `until`'s (both `YYYY-MM-DD`, both optional). The
/// error names the field at fault.
pub fn period_ms(since: Option<&str>, until: Option<&str>) -> Result<(i64, i64), (&'static str, String)> {
    let day_start = |field: &'static str, text: &str| -> Result<i64, (&'static str, String)> {
        let bad = || (field, format!("{field} must be a date as YYYY-MM-DD, not {text:?}"));
        let date: jiff::civil::Date = text.parse().map_err(|_| bad())?;
        let at: jiff::Timestamp = format!("{date}T00:00:00Z").parse().map_err(|_| bad())?;
        Ok(at.as_millisecond())
    };
    let from = since.map(|s| day_start("since", s)).transpose()?.unwrap_or(i64::MIN);
    let to = until.map(|u| day_start("until", u).map(|ms| ms + DAY_MS)).transpose()?.unwrap_or(i64::MAX);
    if from >= to {
        return Err(("since", "since is after until".into()));
    }
    Ok((from, to))
}

/// Every case opened in `[from_ms, to_ms)`, as the metrics need it.
pub async fn case_facts<S: Store>(
    store: &S,
    org: OrgId,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<CaseFacts>, StoreError> {
    let units = UnitTree::new(store.list_units(org).await?);
    let emails: HashMap<_, _> = store.list_users(org).await?.into_iter().map(|u| (u.id, u.email.to_string())).collect();
    let mut facts = Vec::new();
    let mut after = 0;
    loop {
        let page = store.list_cases(org, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id.0;
        let in_period: Vec<Case> = page.into_iter().filter(|c| (from_ms..to_ms).contains(&c.opened_at_ms)).collect();
        let ids: Vec<_> = in_period.iter().map(|c| c.response_id).collect();
        let responses: HashMap<_, _> =
            store.responses_by_ids(org, &ids).await?.into_iter().map(|r| (r.indexed.id, r)).collect();
        for case in in_period {
            let Some(response) = responses.get(&case.response_id) else { continue };
            let r = &response.indexed;
            facts.push(CaseFacts {
                unit: case.unit_id.filter(|&u| units.get(u).is_some()).map(|u| units.path(u)),
                owner: case.owner.and_then(|o| emails.get(&o).cloned()),
                root_cause: case.root_cause.clone(),
                state: case.state,
                opened_at_ms: case.opened_at_ms,
                first_contact_due_ms: case.first_contact_due_ms,
                resolve_due_ms: case.resolve_due_ms,
                first_contact_at_ms: case.first_contact_at_ms,
                done_at_ms: case.done_at_ms,
                original_score: r.score.value(),
                follow_up_score: case.follow_up_score,
                detractor_in_period: r.score.value() <= 6 && (from_ms..to_ms).contains(&r.submitted_at_ms),
            });
        }
    }
    Ok(facts)
}

/// Detractor answers submitted in the period, in all and per unit (its own
/// answers, not its subtree's). The index groups a level's units with their
/// subtrees (`unit:N`), so a unit's own count is its subtree's less its
/// children's subtrees.
pub fn detractor_counts(
    index: &OrgIndex,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<DetractorCounts, QueryError> {
    let attributes = index.index.attribute_names();
    let mut subtree: BTreeMap<String, u64> = BTreeMap::new();
    let mut total = None;
    for level in 1..=index.units.depth().max(1) {
        let by = format!("unit:{level}");
        let raw = RawQuery { by: Some(&by), filters: Vec::new(), since, until, min_n: Some("1") };
        let spec = QuerySpec::parse(&raw, &attributes)?;
        let report = crate::report::nps_report(index, &spec)?;
        total = Some(report.overall.detractors);
        for group in report.groups {
            if let Some((_, Some(path))) = group.key.0.into_iter().next() {
                *subtree.entry(path).or_default() += group.figure.detractors;
            }
        }
    }
    let total = total.unwrap_or(0);
    let parent = |path: &str| path.rsplit_once('/').map(|(p, _)| p.to_string());
    let mut by_unit: BTreeMap<Option<String>, u64> = BTreeMap::new();
    for (path, &count) in &subtree {
        let children: u64 = subtree.iter().filter(|(q, _)| parent(q).as_deref() == Some(path)).map(|(_, n)| n).sum();
        by_unit.insert(Some(path.clone()), count.saturating_sub(children));
    }
    let in_units: u64 = subtree.iter().filter(|(p, _)| parent(p).is_none()).map(|(_, n)| n).sum();
    by_unit.insert(None, total.saturating_sub(in_units));
    by_unit.retain(|_, n| *n > 0);
    Ok(DetractorCounts { total, by_unit })
}
