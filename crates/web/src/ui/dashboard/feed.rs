//! The comment feed: the latest responses with a comment that match the
//! view, optionally one score band and a text, newest first. The index
//! knows neither comments nor text, so candidates come from it newest
//! first in batches and are read from the database; a search reads at most
//! [`SCAN_LIMIT`] candidates per page and says so when it stops there.

use vocal_app::live_index::registry::SharedIndex;
use vocal_domain::{OrgId, QuerySpec, ResponseId, UnitTree};
use vocal_store::{ResponseRecord, Store, StoreError};

use super::view::{Band, View};

/// Comments per page.
pub const PAGE: usize = 20;
/// Candidates read per page at most, so a rare word cannot read the whole database.
pub const SCAN_LIMIT: usize = 5_000;
/// Most responses carry a comment: one small read usually fills a page.
const FIRST_BATCH: usize = 2 * PAGE;
/// A band or a search keeps fewer: read more at once.
const SEARCH_BATCH: usize = 1_000;

pub struct Item {
    pub href: String,
    pub score: u8,
    pub band: Band,
    pub date: String,
    pub unit: Option<String>,
    pub channel: Option<String>,
    pub agent: Option<String>,
    pub comment: String,
}

pub struct Feed {
    pub items: Vec<Item>,
    /// The next page, when there may be one.
    pub older: Option<String>,
    /// The page stopped after reading [`SCAN_LIMIT`] candidates.
    pub bound_hit: bool,
}

/// What one page of the feed is about.
pub struct FeedQuestion<'a> {
    pub org: OrgId,
    /// The view's question, already within the user's scope.
    pub spec: &'a QuerySpec,
    pub view: &'a View,
    pub units: &'a UnitTree,
    pub time_zone: &'a jiff::tz::TimeZone,
}

pub async fn page<S: Store>(store: &S, index: &SharedIndex, question: FeedQuestion<'_>) -> Result<Feed, StoreError> {
    let view = question.view;
    let needle = view.q.as_deref().map(str::to_lowercase);
    let narrowed = needle.is_some() || view.band.is_some();
    let mut batch = if narrowed { SEARCH_BATCH } else { FIRST_BATCH };
    let (mut before, mut scanned) = (view.before, 0);
    let mut kept: Vec<ResponseRecord> = Vec::new();
    let mut older = None;
    let mut bound_hit = false;
    loop {
        let limit = batch.min(SCAN_LIMIT - scanned);
        let ids = candidates(index, question.spec, before, limit).await;
        let Some(&last) = ids.last() else { break };
        scanned += ids.len();
        before = Some(last);
        let exhausted = ids.len() < limit;
        let ids: Vec<ResponseId> = ids.into_iter().map(ResponseId).collect();
        for record in store.responses_by_ids(question.org, &ids).await? {
            if kept.len() == PAGE {
                break;
            }
            if shows(&record, view.band, needle.as_deref()) {
                kept.push(record);
            }
        }
        if kept.len() == PAGE {
            older = kept.last().map(|r| r.indexed.id.0);
            break;
        }
        if exhausted {
            break;
        }
        if scanned >= SCAN_LIMIT {
            (bound_hit, older) = (true, Some(last));
            break;
        }
        batch = SEARCH_BATCH;
    }
    let items = kept.into_iter().map(|r| item(r, &question)).collect();
    let older = older.map(|id| view.link(|v| v.before = Some(id)));
    Ok(Feed { items, older, bound_hit })
}

/// Ids matching the question below `before`, newest first. The plan is
/// made under the same lock as the walk: the index may have grown since.
pub(super) async fn candidates(index: &SharedIndex, spec: &QuerySpec, before: Option<i64>, limit: usize) -> Vec<i64> {
    if limit == 0 {
        return Vec::new();
    }
    let index = index.read().await;
    match index.index.plan(spec, index.catalog()) {
        Ok(plan) => index.index.matching_ids(&plan, before, limit),
        Err(error) => {
            tracing::warn!(%error, "the feed's question no longer plans");
            Vec::new()
        }
    }
}

/// Whether a response belongs in the feed: it has a comment, in the band,
/// containing the text (case-insensitively).
fn shows(record: &ResponseRecord, band: Option<Band>, needle: Option<&str>) -> bool {
    let Some(comment) = record.comment.as_deref().filter(|c| !c.trim().is_empty()) else { return false };
    band.is_none_or(|b| Band::of(record.indexed.score) == b)
        && needle.is_none_or(|n| comment.to_lowercase().contains(n))
}

fn item(record: ResponseRecord, question: &FeedQuestion<'_>) -> Item {
    let r = record.indexed;
    Item {
        href: format!("/responses/{}", r.id.0),
        score: r.score.value(),
        band: Band::of(r.score),
        date: local_time(r.submitted_at_ms, question.time_zone),
        unit: r.unit_id.filter(|&u| question.units.get(u).is_some()).map(|u| question.units.path(u)),
        channel: r.channel,
        agent: record.agent_name,
        comment: record.comment.unwrap_or_default(),
    }
}

/// `2026-03-10 14:05` on the organisation's clock.
pub fn local_time(ms: i64, time_zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_zoned_datetime(time_zone.clone()).strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}
