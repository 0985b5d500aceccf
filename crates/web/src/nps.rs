//! `GET /api/v1/nps`: the same question as `vocal nps`, as JSON.

use axum::Json;
use axum::extract::{RawQuery, State};
use vocal_app::report::{NpsReport, nps_report};
use vocal_domain::QuerySpec;
use vocal_domain::query::{QueryError, RawQuery as RawSpec};
use vocal_store::Store;

use crate::auth::ApiKey;
use crate::error::{ApiError, ApiResult};
use crate::query_string::Params;
use crate::server::App;

pub const SPEC_PARAMS: [&str; 5] = ["by", "where", "since", "until", "min_n"];

/// Parses the question's parameters against the organisation's attributes.
pub fn parse_spec(params: &Params, attributes: &[String], default_min_n: u64) -> ApiResult<QuerySpec> {
    let min_n = default_min_n.to_string();
    let raw = RawSpec {
        by: params.one("by")?,
        filters: params.all("where").collect(),
        since: params.one("since")?,
        until: params.one("until")?,
        min_n: Some(params.one("min_n")?.unwrap_or(&min_n)),
    };
    QuerySpec::parse(&raw, attributes).map_err(query_error)
}

/// Names the parameter a query error is about.
pub fn query_error(error: QueryError) -> ApiError {
    let field = match &error {
        QueryError::UnknownField { .. } | QueryError::TooManyFields(_) | QueryError::DuplicateField(_) => "by",
        QueryError::BadDate { field, .. } => field,
        QueryError::EmptyDateRange { .. } => "since",
        QueryError::BadMinSample(_) => "min_n",
        _ => "where",
    };
    ApiError::bad(field, error.to_string())
}

pub async fn get_nps<S: Store>(
    State(app): State<App<S>>,
    key: ApiKey,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<NpsReport>> {
    if !key.may_read() {
        return Err(ApiError::Unauthorized);
    }
    let params = Params::parse(query.as_deref(), &SPEC_PARAMS)?;
    let index = app.indexes.get(&app.store, key.0.org_id).await?;
    let index = index.read().await;
    let spec = parse_spec(&params, &index.index.attribute_names(), app.settings.min_n)?;
    Ok(Json(nps_report(&index, &spec).map_err(query_error)?))
}
