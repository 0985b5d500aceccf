//! What one agent's promoters and detractors said: the latest comments of
//! each, for praise to celebrate and detractors to coach from.
//!
//! The index knows scores but not comments, so the agent's latest answers
//! are read from the store a batch at a time until both lists are full or
//! [`CANDIDATES`] answers have been read: a page costs a few small queries
//! however many answers the agent has.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use vocal_domain::{Category, DayNumber, OrgId, ResponseId};
use vocal_store::{Store, StoreError};

/// Comments shown per list.
pub(super) const SHOWN: usize = 10;
/// The most answers read looking for comments.
pub(super) const CANDIDATES: usize = 400;
/// Answers fetched per query.
const BATCH: usize = 100;

/// One comment as shown; the text is escaped by the template.
pub(super) struct Quote {
    pub score: u8,
    pub date: String,
    pub channel: Option<String>,
    pub text: String,
}

/// The two lists, newest first.
#[derive(Default)]
pub(super) struct Voices {
    pub praise: Vec<Quote>,
    pub detractors: Vec<Quote>,
}

/// The comments among `ids` (the agent's answers in scope, newest first):
/// up to [`SHOWN`] from promoters (9–10) and from detractors (0–6).
pub(super) async fn voices<S: Store>(
    store: &S,
    org: OrgId,
    ids: &[i64],
    zone: &TimeZone,
) -> Result<Voices, StoreError> {
    let mut voices = Voices::default();
    for chunk in ids.chunks(BATCH) {
        if voices.praise.len() >= SHOWN && voices.detractors.len() >= SHOWN {
            break;
        }
        let wanted: Vec<ResponseId> = chunk.iter().map(|&id| ResponseId(id)).collect();
        let mut found: HashMap<ResponseId, _> =
            store.responses_by_ids(org, &wanted).await?.into_iter().map(|r| (r.indexed.id, r)).collect();
        // In the index's order (newest first), whatever order the store answered in.
        for record in wanted.iter().filter_map(|id| found.remove(id)) {
            let Some(text) = record.comment.as_deref().map(str::trim).filter(|t| !t.is_empty()) else { continue };
            let list = match record.indexed.score.category() {
                Category::Promoter => &mut voices.praise,
                Category::Detractor => &mut voices.detractors,
                Category::Passive => continue,
            };
            if list.len() < SHOWN {
                list.push(Quote {
                    score: record.indexed.score.value(),
                    date: day(record.indexed.submitted_at_ms, zone),
                    channel: record.indexed.channel.clone(),
                    text: text.to_string(),
                });
            }
        }
    }
    Ok(voices)
}

/// `2026-03-01` in the organisation's zone: the day the index counts it on.
fn day(at_ms: i64, zone: &TimeZone) -> String {
    DayNumber::of_timestamp_ms(at_ms, zone).to_string()
}
