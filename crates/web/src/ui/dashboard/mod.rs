//! The dashboard: the NPS of the user's domain for a date range and
//! filters taken from the URL, its trend, distribution and breakdowns, the
//! latest comments, exports of what is on screen, and one response's page.
//! Server-rendered and complete without JavaScript; with it, the figure
//! cards and the feed refresh when the live stream says responses arrived.
//!
//! Every read goes through the user's [`Scope`]: the view's question gets
//! the scope added by [`Scope::restrict`] before the index is asked.

mod choices;
mod export;
mod feed;
mod figures;
mod filters;
mod page;
mod response;
pub(crate) mod view;

pub use feed::local_time;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use vocal_app::accounts::scope::Scope;
use vocal_app::closed_loop::queues::Queue;
use vocal_app::dashboard::{Dashboard, dashboard};
use vocal_app::live_index::OrgIndex;
use vocal_domain::{DayNumber, MinSample, QuerySpec, UnitTree};
use vocal_store::Store;

use super::chrome::{Chrome, Section, render};
use super::{Policy, RoutePolicy, errors};
use crate::server::App;
use crate::session::CurrentUser;
use filters::Problems;
use view::View;

pub const POLICIES: &[RoutePolicy] = &[
    ("/dashboard", Policy::Scoped),
    ("/dashboard/export/responses.csv", Policy::Scoped),
    ("/dashboard/export/breakdown.csv", Policy::Scoped),
    ("/responses/{id}", Policy::Scoped),
];

pub fn routes<S: Store>() -> Router<App<S>> {
    Router::new()
        .route("/dashboard", get(show::<S>))
        .route("/dashboard/export/responses.csv", get(export::responses::<S>))
        .route("/dashboard/export/breakdown.csv", get(export::breakdown::<S>))
        .route("/responses/{id}", get(response::show::<S>))
}

/// A URL understood against the index and the user's scope.
pub struct Prepared {
    pub view: View,
    pub problems: Problems,
    /// The view's question with the user's scope added.
    pub spec: QuerySpec,
    pub today: DayNumber,
    pub time_zone: jiff::tz::TimeZone,
    pub units: UnitTree,
    /// The attribute names the user may be offered ([`Scope::attribute_names`]), found once per request.
    pub attribute_names: Vec<String>,
}

/// Reads the URL's parameters, drops what does not hold, and scopes the
/// question. Call with the index's read lock held; everything returned is owned.
pub fn prepare(index: &OrgIndex, scope: &Scope, raw: &str, min_sample: MinSample) -> Prepared {
    let time_zone = index.index.time_zone().clone();
    let now = jiff::Timestamp::now().as_millisecond();
    let today = DayNumber::of_timestamp_ms(now, &time_zone);
    let (mut view, mut problems) = filters::parse(raw);
    let attribute_names = scope.attribute_names(index);
    filters::check(&mut view, &mut problems, index, scope, today, &attribute_names);
    let mut spec = view.spec(today, min_sample);
    if let Err(error) = scope.restrict(&mut spec, index) {
        // Each filter passed on its own, so this is not expected; the
        // view falls back to no filters rather than failing.
        tracing::warn!(%error, "dashboard filters failed together");
        problems.add("query", "the filters could not be combined and are ignored".into());
        view = View { unit: None, channel: None, touchpoint: None, agent: None, attrs: Vec::new(), ..view };
        spec = view.spec(today, min_sample);
        let _ = scope.restrict(&mut spec, index);
    }
    Prepared { view, problems, spec, today, time_zone, units: index.units.clone(), attribute_names }
}

/// The figures of a prepared view, falling back to the unit breakdown if
/// the chosen one cannot be computed.
pub fn figures_of(index: &OrgIndex, prepared: &mut Prepared) -> Option<Dashboard> {
    let bucket = prepared.view.trend;
    match dashboard(index, &prepared.spec, bucket, &prepared.view.by.field()) {
        Ok(figures) => Some(figures),
        Err(error) => {
            tracing::warn!(%error, "a dashboard could not be computed");
            prepared.problems.add("by", format!("the breakdown could not be computed: {error}"));
            prepared.view.by = view::By::Unit;
            dashboard(index, &prepared.spec, bucket, &vocal_domain::Field::Unit).ok()
        }
    }
}

async fn show<S: Store>(State(app): State<App<S>>, current: CurrentUser, RawQuery(raw): RawQuery) -> Response {
    let shared = match app.indexes.get(&app.store, current.user.org_id).await {
        Ok(shared) => shared,
        Err(error) => return errors::server_error(error),
    };
    let min_sample = MinSample(app.settings.min_n);
    let (mut prepared, dashboard, choices) = {
        let index = shared.read().await;
        let mut prepared = prepare(&index, &current.scope, raw.as_deref().unwrap_or(""), min_sample);
        let dashboard = figures_of(&index, &mut prepared);
        let choices = choices::Choices::gather(&index, &current.scope, prepared.attribute_names.clone());
        (prepared, dashboard, choices)
    };
    let Some(dashboard) = dashboard else {
        return errors::server_error(crate::fault::Fault::internal("the dashboard's figures could not be computed"));
    };
    let question = feed::FeedQuestion {
        org: current.user.org_id,
        spec: &prepared.spec,
        view: &prepared.view,
        units: &prepared.units,
        time_zone: &prepared.time_zone,
    };
    let feed = match feed::page(&app.store, &shared, question).await {
        Ok(feed) => feed,
        Err(error) => {
            tracing::warn!(%error, "the comment feed could not be read");
            prepared.problems.add("feed", "the comments could not be read; try again in a moment".into());
            feed::Feed { items: Vec::new(), older: None, bound_hit: false }
        }
    };
    let mut chrome = Chrome::signed_in(&current, Section::Dashboard);
    let mut loop_card = None;
    if crate::ui::cases::role_sees_cases(current.user.role) {
        let now = vocal_app::now_ms();
        let card = vocal_app::closed_loop::metrics::card(&app.store, &current.user, now).await;
        let mine = vocal_app::closed_loop::queues::count(&app.store, &current.user, Queue::Mine, now).await;
        match (card, mine) {
            (Ok(card), Ok(mine)) => {
                loop_card = Some(page::LoopCardView::of(&card));
                chrome = chrome.with_open_cases(mine);
            }
            (Err(error), _) | (_, Err(error)) => tracing::warn!(%error, "the close-the-loop card could not be read"),
        }
    }
    let mut page = page::DashboardPage::new(&chrome, &current.scope, &prepared, &dashboard, choices, feed);
    page.loop_card = loop_card;
    render(StatusCode::OK, &page, &chrome)
}
