//! `GET /api/v1/loop-metrics?by=unit|owner|root_cause&since=&until=`: how
//! well the organisation closes the loop, computed by
//! [`vocal_app::closed_loop::loop_metrics`] (definitions in docs/cases.md) over
//! the cases opened in the period, with the detractor counts from the index.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{RawQuery, State};
use vocal_app::closed_loop::loop_metrics::{CaseFacts, DetractorCounts, GroupBy, LoopMetrics, loop_metrics};
use vocal_domain::QuerySpec;
use vocal_domain::query::RawQuery as RawSpec;
use vocal_store::{Case, Store};

use crate::auth::ApiKey;
use crate::cases_json::{Context, responses_of};
use crate::error::{ApiError, ApiResult};
use crate::query_string::Params;
use crate::server::App;

const PAGE: i64 = 1000;
const DAY_MS: i64 = 86_400_000;

/// Start of `since`'s day and end of `until`'s day, in UTC milliseconds.
fn day_start_ms(field: &str, text: &str) -> ApiResult<i64> {
    let date: jiff::civil::Date = text
        .parse()
        .map_err(|_| ApiError::bad(field, format!("{field} must be a date as YYYY-MM-DD, not {text:?}")))?;
    let at: jiff::Timestamp = format!("{date}T00:00:00Z").parse().map_err(|_| ApiError::bad(field, "out of range"))?;
    Ok(at.as_millisecond())
}

pub async fn get_loop_metrics<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<LoopMetrics>> {
    if !key.may_read() {
        return Err(ApiError::Unauthorized);
    }
    let org = key.0.org_id;
    let params = Params::parse(query.as_deref(), &["by", "since", "until"])?;
    let by = GroupBy::parse(params.one("by")?.unwrap_or("unit")).map_err(|e| ApiError::bad("by", e))?;
    let (since, until) = (params.one("since")?, params.one("until")?);
    let from_ms = since.map(|s| day_start_ms("since", s)).transpose()?.unwrap_or(i64::MIN);
    let to_ms = until.map(|u| day_start_ms("until", u).map(|ms| ms + DAY_MS)).transpose()?.unwrap_or(i64::MAX);
    if from_ms >= to_ms {
        return Err(ApiError::bad("since", "since is after until"));
    }
    let detractors = detractor_counts(&app, org, since, until).await?;
    let context = Context::load(&app.store, org).await?;
    let mut facts = Vec::new();
    let mut after = 0;
    loop {
        let page = app.store.list_cases(org, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id.0;
        let in_period: Vec<Case> = page.into_iter().filter(|c| (from_ms..to_ms).contains(&c.opened_at_ms)).collect();
        let responses = responses_of(&app.store, org, &in_period).await?;
        for case in in_period {
            let Some(response) = responses.get(&case.response_id) else { continue };
            let r = &response.indexed;
            facts.push(CaseFacts {
                unit: case.unit_id.map(|u| context.units.path(u)),
                owner: case.owner.and_then(|o| context.users.get(&o)).map(|u| u.email.to_string()),
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
    Ok(Json(loop_metrics(&facts, by, &detractors, jiff::Timestamp::now().as_millisecond())))
}

/// Detractor answers submitted in the period, in all and per unit (its own
/// answers, not its subtree's), from the index. The index groups a level's
/// units with their subtrees (`unit:N`), so a unit's own count is its
/// subtree's less its children's subtrees.
async fn detractor_counts<S: Store>(
    app: &App<S>,
    org: vocal_domain::OrgId,
    since: Option<&str>,
    until: Option<&str>,
) -> ApiResult<DetractorCounts> {
    let index = app.indexes.get(&app.store, org).await?;
    let index = index.read().await;
    let attributes = index.index.attribute_names();
    let mut subtree: BTreeMap<String, u64> = BTreeMap::new();
    let mut total = None;
    for level in 1..=index.units.depth().max(1) {
        let by = format!("unit:{level}");
        let raw = RawSpec { by: Some(&by), filters: Vec::new(), since, until, min_n: Some("1") };
        let spec = QuerySpec::parse(&raw, &attributes).map_err(crate::nps::query_error)?;
        let report = vocal_app::report::nps_report(&index, &spec).map_err(crate::nps::query_error)?;
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
