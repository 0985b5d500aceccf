//! The why behind the score (docs/why.md): an organisation's theme
//! taxonomy kept as data (`apply_taxonomy`, `current_taxonomy`; the default
//! customer-service one until an admin applies their own), and the report
//! over the answers a question selects (`report`): the index picks them
//! (scope, filters, period), the database gives their comments, and
//! [`report::analyse`] reads them.

pub mod compare;
pub mod report;

use vocal_domain::text::themes::{Taxonomy, TaxonomyError};
use vocal_domain::{DayNumber, MinSample, OrgId, QuerySpec, ResponseId};
use vocal_store::{Store, StoreError};

use crate::dashboard::DateRange;
use crate::live_index::OrgIndex;
use crate::organisation::audit::{self, Actor};
use report::{Answer, WhyReport, analyse};

/// Answers read for one report at most (the newest): a bound on the time
/// and memory a question can take; the report says how many it read.
pub const MAX_ANSWERS: usize = 200_000;
/// Read from the database at once.
const BATCH: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// Every problem of the file, each naming its place (`theme[2].slug: …`).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<TaxonomyError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The organisation's taxonomy: the one applied, else the default. A stored
/// one that no longer validates (a newer limit) is reported and the default
/// used, so the page still answers.
pub async fn current_taxonomy<S: Store>(store: &S, org: OrgId) -> Result<Taxonomy, StoreError> {
    let Some((text, _)) = store.theme_taxonomy(org).await? else { return Ok(Taxonomy::default_customer_service()) };
    Ok(Taxonomy::from_toml(&text).unwrap_or_else(|errors| {
        tracing::warn!(
            org = org.0,
            problems = errors.len(),
            "the stored theme taxonomy no longer validates; using the default"
        );
        Taxonomy::default_customer_service()
    }))
}

/// Validates `text` whole and makes it the organisation's taxonomy;
/// nothing is stored when any part is wrong. Audited.
pub async fn apply_taxonomy<S: Store>(store: &S, actor: Actor<'_>, text: &str) -> Result<Taxonomy, ApplyError> {
    let taxonomy = Taxonomy::from_toml(text).map_err(ApplyError::Invalid)?;
    store.put_theme_taxonomy(actor.org(), text, crate::now_ms()).await?;
    let slugs: Vec<&str> = taxonomy.themes().iter().map(|t| t.slug.as_str()).collect();
    audit::record(
        store,
        actor,
        "themes.apply",
        "theme taxonomy",
        format!("{} themes: {}", slugs.len(), slugs.join(", ")),
    )
    .await?;
    Ok(taxonomy)
}

/// The why of the answers `spec` selects in `index` (the newest
/// [`MAX_ANSWERS`]), theme names in `language`.
pub async fn why_report<S: Store>(
    store: &S,
    index: &OrgIndex,
    spec: &QuerySpec,
    language: &str,
    min_sample: MinSample,
) -> Result<WhyReport, WhyError> {
    let ids = selected_ids(index, spec)?;
    let previous = previous_spec(spec, today(index)).map(|p| selected_ids(index, &p)).transpose()?;
    Ok(report_of(store, index.org.id, &ids, previous.as_deref(), language, min_sample).await?)
}

/// Today in the organisation's time zone, by the index's calendar.
pub fn today(index: &OrgIndex) -> DayNumber {
    DayNumber::of_timestamp_ms(crate::now_ms(), index.index.time_zone())
}

/// The same question over the period of the same length just before it
/// (an open end is today), for the themes' change of mention rate; `None`
/// when the question has no start.
pub fn previous_spec(spec: &QuerySpec, today: DayNumber) -> Option<QuerySpec> {
    let since = spec.since?;
    let range = DateRange::new(since, spec.until.unwrap_or(today).min(today).max(since))?.previous();
    Some(QuerySpec { since: Some(range.since), until: Some(range.until), ..spec.clone() })
}

/// The ids of the answers `spec` selects, newest first, at most
/// [`MAX_ANSWERS`]. Quick, so a server can hold the index's lock for it and
/// release it before reading the comments.
pub fn selected_ids(index: &OrgIndex, spec: &QuerySpec) -> Result<Vec<i64>, vocal_domain::QueryError> {
    let plan = index.index.plan(spec, index.catalog())?;
    Ok(index.index.matching_ids(&plan, None, MAX_ANSWERS))
}

/// The why of the answers with these ids, under the organisation's
/// taxonomy; with the previous period's ids, each theme's change.
pub async fn report_of<S: Store>(
    store: &S,
    org: OrgId,
    ids: &[i64],
    previous_ids: Option<&[i64]>,
    language: &str,
    min_sample: MinSample,
) -> Result<WhyReport, StoreError> {
    let answers = answers_of(store, org, ids).await?;
    let previous = match previous_ids {
        Some(ids) => Some(answers_of(store, org, ids).await?),
        None => None,
    };
    let taxonomy = current_taxonomy(store, org).await?;
    Ok(analyse(&answers, previous.as_deref(), &taxonomy, language, min_sample))
}

/// The answers of `spec` narrowed by one more filter (`field=value`).
pub fn selected_with(index: &OrgIndex, spec: &QuerySpec, field: &str, value: &str) -> Result<Vec<i64>, WhyError> {
    let field = vocal_domain::Field::parse(field, &index.index.attribute_names())?;
    if matches!(field, vocal_domain::Field::Time(_)) {
        return Err(vocal_domain::QueryError::TimeFilter(field.name()).into());
    }
    let filter = vocal_domain::Filter { field, values: vec![value.to_string()] };
    let narrowed = QuerySpec { filters: spec.filters.iter().cloned().chain([filter]).collect(), ..spec.clone() };
    Ok(selected_ids(index, &narrowed)?)
}

#[derive(Debug, thiserror::Error)]
pub enum WhyError {
    #[error(transparent)]
    Query(#[from] vocal_domain::QueryError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The answers with these ids, as the analysis reads them.
pub async fn answers_of<S: Store>(store: &S, org: OrgId, ids: &[i64]) -> Result<Vec<Answer>, StoreError> {
    let mut answers = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let chunk: Vec<ResponseId> = chunk.iter().copied().map(ResponseId).collect();
        for record in store.responses_by_ids(org, &chunk).await? {
            answers.push(Answer {
                score: record.indexed.score,
                comment: record.comment,
                language: record.indexed.language,
            });
        }
    }
    Ok(answers)
}
