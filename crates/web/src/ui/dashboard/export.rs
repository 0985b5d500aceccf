//! CSV exports of the view on screen: its responses (newest first, at most
//! [`MAX_ROWS`], streamed in batches so memory stays flat) and its
//! breakdown. Both read through the same preparation as the page, so they
//! hold exactly what the user's scope and filters hold.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return as a formula; customer text can start that way, so text
//! cells get a leading `'` (OWASP's advice). Numbers we write ourselves are
//! left alone: an NPS of −12.5 stays the number `-12.5`.

use std::borrow::Cow;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use vocal_app::live_index::registry::SharedIndex;
use vocal_domain::{MinSample, OrgId, QuerySpec, ResponseId, UnitTree};
use vocal_store::{ResponseRecord, Store};

use super::feed::candidates;
use super::view::Band;
use super::{Prepared, figures_of, prepare};
use crate::charts::NO_VALUE;
use crate::server::App;
use crate::session::CurrentUser;
use crate::ui::errors;

/// Responses per export at most (the newest); the page says so.
pub const MAX_ROWS: usize = 100_000;
/// Responses read from the database at once.
const BATCH: usize = 1_000;
const RESPONSE_COLUMNS: [&str; 10] =
    ["id", "submitted_at", "score", "band", "comment", "unit", "channel", "touchpoint", "agent", "language"];

/// A text cell a spreadsheet will not run as a formula.
pub fn text_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

pub async fn responses<S: Store>(State(app): State<App<S>>, current: CurrentUser, RawQuery(raw): RawQuery) -> Response {
    let org = current.user.org_id;
    let shared = match app.indexes.get(&app.store, org).await {
        Ok(shared) => shared,
        Err(error) => return errors::server_error(error),
    };
    let (prepared, attributes) = {
        let index = shared.read().await;
        let prepared = prepare(&index, &current.scope, raw.as_deref().unwrap_or(""), MinSample(app.settings.min_n));
        // The columns are the attributes the view's responses have: the
        // view holds the user's scope, so no name from outside it shows.
        let attributes = match index.index.plan(&prepared.spec, index.catalog()) {
            Ok(plan) => index.index.attribute_names_within(&plan),
            Err(_) => current.scope.attribute_names(&index),
        };
        (prepared, attributes)
    };
    let filename = format!("vocal-responses-{}.csv", range_name(&prepared));
    let Prepared { spec, units, .. } = prepared;
    let rows =
        ResponseRows { store: app.store.clone(), shared, org, spec, units, attributes, before: None, written: 0 };
    let header = rows.header();
    let body = futures_util::stream::unfold((rows, Some(header)), |(mut rows, header)| async move {
        if let Some(header) = header {
            return Some((header, (rows, None)));
        }
        let chunk = rows.next_chunk().await?;
        Some((chunk, (rows, None)))
    });
    csv_response(Body::from_stream(body), &filename)
}

pub async fn breakdown<S: Store>(State(app): State<App<S>>, current: CurrentUser, RawQuery(raw): RawQuery) -> Response {
    let shared = match app.indexes.get(&app.store, current.user.org_id).await {
        Ok(shared) => shared,
        Err(error) => return errors::server_error(error),
    };
    let (prepared, dashboard) = {
        let index = shared.read().await;
        let mut prepared = prepare(&index, &current.scope, raw.as_deref().unwrap_or(""), MinSample(app.settings.min_n));
        let dashboard = figures_of(&index, &mut prepared);
        (prepared, dashboard)
    };
    let Some(dashboard) = dashboard else {
        return errors::server_error(crate::fault::Fault::internal("the breakdown could not be computed"));
    };
    let number = |value: Option<f64>| value.map(|v| format!("{v:.1}")).unwrap_or_default();
    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = ["group", "n", "nps", "margin_of_error", "ci_low", "ci_high"];
    let bands = ["promoters", "passives", "detractors", "low_sample"];
    let mut written = csv.write_record(header.iter().chain(&bands));
    for group in &dashboard.breakdown.groups {
        let f = &group.figure;
        let label = text_cell(group.label.as_deref().unwrap_or(NO_VALUE)).into_owned();
        let cells = [
            label,
            f.n.to_string(),
            number(f.nps),
            number(f.margin_of_error),
            number(f.ci_low),
            number(f.ci_high),
            f.promoters.to_string(),
            f.passives.to_string(),
            f.detractors.to_string(),
            f.low_sample.to_string(),
        ];
        written = written.and_then(|()| csv.write_record(&cells));
    }
    let bytes = written.map_err(std::io::Error::from).and_then(|()| csv.into_inner().map_err(|e| e.into_error()));
    match bytes {
        Ok(bytes) => {
            let by = prepared.view.by.param();
            csv_response(Body::from(bytes), &format!("vocal-breakdown-{by}-{}.csv", range_name(&prepared)))
        }
        Err(error) => errors::server_error(error),
    }
}

/// The responses of an export, a batch at a time.
struct ResponseRows<S: Store> {
    store: S,
    shared: SharedIndex,
    org: OrgId,
    spec: QuerySpec,
    units: UnitTree,
    attributes: Vec<String>,
    before: Option<i64>,
    written: usize,
}

impl<S: Store> ResponseRows<S> {
    /// The columns; an attribute named like one of ours gets a prefix.
    fn header(&self) -> std::io::Result<Vec<u8>> {
        let attributes = self.attributes.iter().map(|name| {
            let name =
                if RESPONSE_COLUMNS.contains(&name.as_str()) { format!("attribute:{name}") } else { name.clone() };
            text_cell(&name).into_owned()
        });
        let columns: Vec<String> = RESPONSE_COLUMNS.iter().map(|c| c.to_string()).chain(attributes).collect();
        to_csv(std::iter::once(columns))
    }

    /// The next batch as CSV; `None` when done. A database error ends the
    /// body with an error, so the download fails instead of looking complete.
    async fn next_chunk(&mut self) -> Option<std::io::Result<Vec<u8>>> {
        let limit = BATCH.min(MAX_ROWS - self.written);
        let ids = candidates(&self.shared, &self.spec, self.before, limit).await;
        self.before = Some(*ids.last()?);
        self.written += ids.len();
        let ids: Vec<ResponseId> = ids.into_iter().map(ResponseId).collect();
        let records = match self.store.responses_by_ids(self.org, &ids).await {
            Ok(records) => records,
            Err(error) => {
                tracing::warn!(%error, "a response export stopped");
                self.written = MAX_ROWS;
                return Some(Err(std::io::Error::other("the database did not answer")));
            }
        };
        Some(to_csv(records.iter().map(|r| self.row(r))))
    }

    fn row(&self, record: &ResponseRecord) -> Vec<String> {
        let r = &record.indexed;
        let text = |value: Option<&str>| text_cell(value.unwrap_or_default()).into_owned();
        let submitted_at = jiff::Timestamp::from_millisecond(r.submitted_at_ms).map(|t| t.to_string());
        let unit = r.unit_id.filter(|&u| self.units.get(u).is_some()).map(|u| self.units.path(u));
        let mut row = vec![
            r.id.0.to_string(),
            submitted_at.unwrap_or_default(),
            r.score.value().to_string(),
            Band::of(r.score).param().to_string(),
            text(record.comment.as_deref()),
            text(unit.as_deref()),
            text(r.channel.as_deref()),
            text(r.touchpoint.as_deref()),
            text(record.agent_name.as_deref()),
            text(r.language.as_deref()),
        ];
        row.extend(self.attributes.iter().map(|name| text(r.attributes.get(name).map(String::as_str))));
        row
    }
}

fn to_csv(rows: impl Iterator<Item = Vec<String>>) -> std::io::Result<Vec<u8>> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    for row in rows {
        csv.write_record(&row)?;
    }
    csv.into_inner().map_err(|e| e.into_error())
}

/// The range in a file name: `2026-01-01-to-2026-03-31`, `all-time`, …
fn range_name(prepared: &Prepared) -> String {
    match prepared.view.range(prepared.today) {
        (Some(since), Some(until)) => format!("{since}-to-{until}"),
        (Some(since), None) => format!("from-{since}"),
        (None, Some(until)) => format!("to-{until}"),
        (None, None) => "all-time".into(),
    }
}

fn csv_response(body: Body, filename: &str) -> Response {
    let safe: String =
        filename.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::text_cell;

    #[test]
    fn text_that_a_spreadsheet_would_run_is_quoted() {
        for risky in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(text_cell(risky), format!("'{risky}"));
        }
        assert_eq!(text_cell("fine = ok"), "fine = ok");
        assert_eq!(text_cell(""), "");
    }
}
