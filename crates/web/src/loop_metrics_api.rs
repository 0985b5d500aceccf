//! `GET /api/v1/loop-metrics?by=unit|owner|root_cause&since=&until=`: how
//! well the organisation closes the loop, computed by
//! [`vocal_app::closed_loop::loop_metrics`] (definitions in docs/cases.md) over
//! the cases opened in the period, with the detractor counts from the index.

use axum::Json;
use axum::extract::{RawQuery, State};
use vocal_app::closed_loop::loop_inputs::{case_facts, detractor_counts, period_ms};
use vocal_app::closed_loop::loop_metrics::{GroupBy, LoopMetrics, loop_metrics};
use vocal_store::Store;

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult};
use crate::query_string::Params;
use crate::server::App;

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
    let (from_ms, to_ms) = period_ms(since, until).map_err(|(field, message)| ApiError::bad(field, message))?;
    let detractors = {
        let index = app.indexes.get(&app.store, org).await?;
        let index = index.read().await;
        detractor_counts(&index, since, until).map_err(crate::nps::query_error)?
    };
    let facts = case_facts(&app.store, org, from_ms, to_ms).await?;
    Ok(Json(loop_metrics(&facts, by, &detractors, jiff::Timestamp::now().as_millisecond())))
}
