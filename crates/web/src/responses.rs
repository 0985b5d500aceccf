//! `GET /api/v1/responses`: responses matching the same filters as
//! `/nps`, newest first, a page at a time.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{RawQuery, State};
use vocal_domain::ResponseId;
use vocal_store::{ResponseRecord, Store};

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult};
use crate::nps::{parse_spec, query_error};
use crate::query_string::Params;
use crate::server::App;

const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 1000;

#[derive(serde::Serialize)]
pub struct ResponsePage {
    responses: Vec<ResponseJson>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    next_cursor: Option<String>,
}

#[derive(serde::Serialize)]
struct ResponseJson {
    id: i64,
    submitted_at: String,
    score: u8,
    category: vocal_domain::Category,
    comment: Option<String>,
    /// How the comment feels, when it has one in a language with a model.
    sentiment: Option<SentimentJson>,
    channel: Option<String>,
    touchpoint: Option<String>,
    unit: Option<String>,
    agent: Option<String>,
    contact_email: Option<vocal_domain::Email>,
    account: Option<String>,
    language: Option<String>,
    source: String,
    attributes: BTreeMap<String, String>,
}

#[derive(serde::Serialize)]
struct SentimentJson {
    /// VADER's compound score, −1…1.
    compound: f64,
    /// `positive` (≥ 0.05), `negative` (≤ −0.05) or `neutral`.
    label: &'static str,
}

fn sentiment(comment: Option<&str>, language: Option<&str>) -> Option<SentimentJson> {
    use vocal_domain::text::sentiment::{SentimentLabel, sentiment_of};
    let found = sentiment_of(comment.filter(|c| !c.trim().is_empty())?, language?)?;
    let label = match found.label() {
        SentimentLabel::Positive => "positive",
        SentimentLabel::Neutral => "neutral",
        SentimentLabel::Negative => "negative",
    };
    Some(SentimentJson { compound: found.compound, label })
}

pub async fn list_responses<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<ResponsePage>> {
    if !key.may_read() {
        return Err(ApiError::Unauthorized);
    }
    let allowed: Vec<&str> = crate::nps::SPEC_PARAMS.iter().copied().chain(["limit", "cursor"]).collect();
    let params = Params::parse(query.as_deref(), &allowed)?;
    let limit = match params.one("limit")? {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .ok_or_else(|| ApiError::bad("limit", format!("limit must be a whole number from 1 to {MAX_LIMIT}")))?,
    };
    let cursor = match params.one("cursor")? {
        None => None,
        Some(text) => {
            Some(text.parse::<i64>().map_err(|_| ApiError::bad("cursor", "cursor is not one this API returned"))?)
        }
    };
    let index = app.indexes.get(&app.store, key.0.org_id).await?;
    let (ids, units) = {
        let index = index.read().await;
        let spec = parse_spec(&params, &index.index.attribute_names(), app.settings.min_n)?;
        let plan = index.index.plan(&spec, index.catalog()).map_err(query_error)?;
        (index.index.matching_ids(&plan, cursor, limit + 1), index.units.clone())
    };
    let more = ids.len() > limit;
    let ids: Vec<ResponseId> = ids.into_iter().take(limit).map(ResponseId).collect();
    let records = app.store.responses_by_ids(key.0.org_id, &ids).await?;
    let next_cursor = if more { ids.last().map(|id| id.0.to_string()) } else { None };
    let responses = records.into_iter().map(|r| to_json(r, &units)).collect();
    Ok(Json(ResponsePage { responses, next_cursor }))
}

fn to_json(record: ResponseRecord, units: &vocal_domain::UnitTree) -> ResponseJson {
    let r = record.indexed;
    let submitted_at = jiff::Timestamp::from_millisecond(r.submitted_at_ms)
        .map_or_else(|_| r.submitted_at_ms.to_string(), |t| t.to_string());
    ResponseJson {
        id: r.id.0,
        submitted_at,
        score: r.score.value(),
        category: r.score.category(),
        sentiment: sentiment(record.comment.as_deref(), r.language.as_deref()),
        comment: record.comment,
        channel: r.channel,
        touchpoint: r.touchpoint,
        unit: r.unit_id.map(|u| units.path(u)),
        agent: record.agent_name,
        contact_email: record.contact_email,
        account: r.account,
        language: r.language,
        source: r.source,
        attributes: r.attributes,
    }
}
