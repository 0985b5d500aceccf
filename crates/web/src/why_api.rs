//! `GET /api/v1/why`: the same question as `vocal why`, as JSON
//! (docs/why.md): the organisation's answers selected by `where`, `since`
//! and `until` (a key sees its whole organisation), their themes by
//! impact, the distinguishing terms and the comments' sentiment.

use axum::Json;
use axum::extract::{RawQuery, State};
use vocal_app::why::report::WhyReport;
use vocal_app::why::{previous_spec, report_of, selected_ids, today};
use vocal_store::Store;

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult};
use crate::nps::{parse_spec, query_error};
use crate::query_string::Params;
use crate::server::App;

const WHY_PARAMS: [&str; 4] = ["where", "since", "until", "min_n"];

pub async fn get_why<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<WhyReport>> {
    if !key.may_read() {
        return Err(ApiError::Unauthorized);
    }
    let params = Params::parse(query.as_deref(), &WHY_PARAMS)?;
    let org = key.0.org_id;
    let (ids, previous, min_sample) = {
        let shared = app.indexes.get(&app.store, org).await?;
        let index = shared.read().await;
        let spec = parse_spec(&params, &index.index.attribute_names(), app.settings.min_n)?;
        let previous = previous_spec(&spec, today(&index)).map(|p| selected_ids(&index, &p)).transpose();
        (selected_ids(&index, &spec).map_err(query_error)?, previous.map_err(query_error)?, spec.min_sample)
    };
    let report = report_of(&app.store, org, &ids, previous.as_deref(), "en", min_sample).await?;
    Ok(Json(report))
}
