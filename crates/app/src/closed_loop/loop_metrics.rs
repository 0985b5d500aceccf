//! Loop metrics: how well an organisation closes the loop, per unit, owner or
//! root cause. A pure function over case rows (and the detractor counts the
//! index knows), so the definitions below are tested on their own; the
//! definitions are written out for people in docs/cases.md.
//!
//! - time to first contact: first contact − opening, for contacted cases;
//!   time to resolution: done − opening, for *resolved* cases (a close
//!   without resolution is not a resolution). Both in hours, median and p90
//!   by nearest rank (the smallest value with at least that share of values
//!   at or below it; the lower middle for an even count).
//! - within SLA: first contact — contacted by its due time, among cases
//!   contacted or past that due time uncontacted; resolution — resolved or
//!   closed by its due time, among cases done or past that due time open.
//!   Cases not yet due and not yet done count on neither side.
//! - detractors closed: of the detractor responses (0–6) submitted in the
//!   period, the share whose case is resolved or closed. Only for `unit`
//!   groups and the total: a detractor without a case has no owner or root cause.
//! - recovery: among cases whose customer answered the follow-up, those
//!   that scored 9 or more, or at least 2 points over their original answer.
//! - `unit` groups by the case's own unit, with no roll-up to parents (a
//!   parent's row is its own cases; the total is the whole organisation).

use std::collections::BTreeMap;

use vocal_domain::cases::CaseState;
use vocal_domain::cases::escalation::is_overdue;

const HOUR_MS: f64 = 3_600_000.0;

/// How cases are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Unit,
    Owner,
    RootCause,
}

impl GroupBy {
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "unit" => Ok(GroupBy::Unit),
            "owner" => Ok(GroupBy::Owner),
            "root_cause" => Ok(GroupBy::RootCause),
            _ => Err(format!("{text:?} is not a grouping (unit, owner, root_cause)")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Unit => "unit",
            GroupBy::Owner => "owner",
            GroupBy::RootCause => "root_cause",
        }
    }
}

/// What the metrics need to know of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    pub unit: Option<String>,
    /// The owner's email.
    pub owner: Option<String>,
    pub root_cause: Option<String>,
    pub state: CaseState,
    pub opened_at_ms: i64,
    pub first_contact_due_ms: i64,
    pub resolve_due_ms: i64,
    pub first_contact_at_ms: Option<i64>,
    pub done_at_ms: Option<i64>,
    /// The score of the answer that opened the case.
    pub original_score: u8,
    pub follow_up_score: Option<u8>,
    /// A detractor answer submitted within the period (counts toward "detractors closed").
    pub detractor_in_period: bool,
}

/// Detractor responses submitted in the period, from the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetractorCounts {
    pub total: u64,
    /// By unit path (`None`: responses without a unit).
    pub by_unit: BTreeMap<Option<String>, u64>,
}

/// One group's figures; `None` where there is nothing to measure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoopFigures {
    /// The unit path, owner email or root cause; `null` for none.
    pub group: Option<String>,
    pub cases: u64,
    pub open: u64,
    pub overdue: u64,
    pub first_contact_hours_median: Option<f64>,
    pub first_contact_hours_p90: Option<f64>,
    pub resolution_hours_median: Option<f64>,
    pub resolution_hours_p90: Option<f64>,
    pub first_contact_within_sla_pct: Option<f64>,
    pub resolution_within_sla_pct: Option<f64>,
    pub detractors_in_period: Option<u64>,
    pub detractors_closed_pct: Option<f64>,
    pub follow_ups: u64,
    pub recovery_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoopMetrics {
    pub by: &'static str,
    pub groups: Vec<LoopFigures>,
    pub total: LoopFigures,
}

/// The metrics of `cases` at `now_ms`, grouped `by`, groups in key order (none last).
pub fn loop_metrics(cases: &[CaseFacts], by: GroupBy, detractors: &DetractorCounts, now_ms: i64) -> LoopMetrics {
    let mut grouped: BTreeMap<Option<String>, Vec<&CaseFacts>> = BTreeMap::new();
    for case in cases {
        let key = match by {
            GroupBy::Unit => case.unit.clone(),
            GroupBy::Owner => case.owner.clone(),
            GroupBy::RootCause => case.root_cause.clone(),
        };
        grouped.entry(key).or_default().push(case);
    }
    if by == GroupBy::Unit {
        for unit in detractors.by_unit.keys() {
            grouped.entry(unit.clone()).or_default();
        }
    }
    let mut groups: Vec<LoopFigures> = grouped
        .into_iter()
        .map(|(key, members)| {
            let counted = (by == GroupBy::Unit).then(|| detractors.by_unit.get(&key).copied().unwrap_or(0));
            figures(key, &members, counted, now_ms)
        })
        .collect();
    // `None` sorts first in a BTreeMap; people read "no unit" last.
    groups.sort_by_key(|g| g.group.is_none());
    let all: Vec<&CaseFacts> = cases.iter().collect();
    LoopMetrics { by: by.as_str(), groups, total: figures(None, &all, Some(detractors.total), now_ms) }
}

fn figures(group: Option<String>, cases: &[&CaseFacts], detractors: Option<u64>, now_ms: i64) -> LoopFigures {
    let hours = |from: i64, to: i64| (to - from) as f64 / HOUR_MS;
    let contact: Vec<f64> =
        cases.iter().filter_map(|c| c.first_contact_at_ms.map(|at| hours(c.opened_at_ms, at))).collect();
    let resolution: Vec<f64> = cases
        .iter()
        .filter(|c| c.state == CaseState::Resolved)
        .filter_map(|c| c.done_at_ms.map(|at| hours(c.opened_at_ms, at)))
        .collect();
    let contact_sla = cases.iter().filter_map(|c| met(c.first_contact_at_ms, c.first_contact_due_ms, now_ms));
    let resolve_sla = cases.iter().filter_map(|c| met(c.done_at_ms, c.resolve_due_ms, now_ms));
    let closed_detractors = cases.iter().filter(|c| c.detractor_in_period && !c.state.is_open()).count() as u64;
    let follow_ups: Vec<bool> = cases
        .iter()
        .filter_map(|c| c.follow_up_score.map(|f| f >= 9 || i16::from(f) - i16::from(c.original_score) >= 2))
        .collect();
    LoopFigures {
        group,
        cases: cases.len() as u64,
        open: cases.iter().filter(|c| c.state.is_open()).count() as u64,
        overdue: cases.iter().filter(|c| is_overdue(c.state, c.first_contact_due_ms, c.resolve_due_ms, now_ms)).count()
            as u64,
        first_contact_hours_median: nearest_rank(&contact, 50),
        first_contact_hours_p90: nearest_rank(&contact, 90),
        resolution_hours_median: nearest_rank(&resolution, 50),
        resolution_hours_p90: nearest_rank(&resolution, 90),
        first_contact_within_sla_pct: share(contact_sla),
        resolution_within_sla_pct: share(resolve_sla),
        detractors_in_period: detractors,
        detractors_closed_pct: detractors.filter(|&n| n > 0).map(|n| percent(closed_detractors.min(n), n)),
        follow_ups: follow_ups.len() as u64,
        recovery_pct: share(follow_ups.into_iter()),
    }
}

/// Whether a deadline was met (`Some(true)`), missed (`Some(false)`: done
/// late, or not done and past it), or cannot be judged yet (`None`).
fn met(done_at_ms: Option<i64>, due_ms: i64, now_ms: i64) -> Option<bool> {
    match done_at_ms {
        Some(at) => Some(at <= due_ms),
        None if now_ms > due_ms => Some(false),
        None => None,
    }
}

fn share(outcomes: impl Iterator<Item = bool>) -> Option<f64> {
    let (mut yes, mut all) = (0u64, 0u64);
    for outcome in outcomes {
        all += 1;
        yes += u64::from(outcome);
    }
    (all > 0).then(|| percent(yes, all))
}

/// A percentage rounded to one decimal.
fn percent(part: u64, whole: u64) -> f64 {
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

/// The `p`th percentile by nearest rank: the value at rank ⌈p·n/100⌉, rounded to 0.1 h.
fn nearest_rank(values: &[f64], p: usize) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some((sorted[rank - 1] * 10.0).round() / 10.0)
}

#[cfg(test)]
#[path = "loop_metrics_tests.rs"]
mod tests;
