//! `GET /why`: what drives the score in the view on screen — the
//! dashboard's own parameters (period, unit, channel, agent, attributes),
//! read by the dashboard's preparation so the page holds exactly what the
//! user's scope and filters hold. Themes by impact, the words that
//! separate detractors from promoters with a comment each, and how the
//! comments feel (docs/why.md).

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use vocal_app::why::report::{ThemeLine, WhyReport};
use vocal_app::why::{MAX_ANSWERS, previous_spec, report_of, selected_ids};
use vocal_domain::MinSample;
use vocal_store::Store;

use super::chrome::{Chrome, Section, render};
use super::dashboard::prepare;
use super::dashboard::view::Preset;
use super::errors::PageResult;
use super::{Policy, RoutePolicy};
use crate::server::App;
use crate::session::CurrentUser;

pub const POLICIES: &[RoutePolicy] = &[("/why", Policy::Scoped)];

pub fn routes<S: Store>() -> Router<App<S>> {
    Router::new().route("/why", get(show::<S>))
}

/// A link among the period presets.
pub struct PeriodLink {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// A theme's row, its figures as people read them.
pub struct ThemeRow {
    pub name: String,
    pub mentions: u64,
    pub of_detractors: String,
    pub of_promoters: String,
    pub with: String,
    pub without: String,
    pub impact: String,
    /// The impact bar: from the centre (50) to `bar_x`…`bar_x + bar_width`, in % of the cell.
    pub bar_x: f64,
    pub bar_width: f64,
    pub costs: bool,
    pub significant: bool,
    pub low_sample: bool,
    /// Mentioned significantly more often than in the previous period.
    pub emerging: bool,
    /// "5 % → 20 %", the mention rate against the previous period.
    pub rates: Option<String>,
}

pub struct TermRow {
    pub term: String,
    pub z: String,
    pub comments: u64,
    pub example: Option<String>,
}

#[derive(Template)]
#[template(path = "app/why/why.html")]
pub struct WhyPage<'a> {
    pub chrome: &'a Chrome,
    pub presets: Vec<PeriodLink>,
    pub range: String,
    pub dashboard: String,
    pub report: WhyReport,
    pub themes: Vec<ThemeRow>,
    pub detractor_terms: Vec<TermRow>,
    pub promoter_terms: Vec<TermRow>,
    pub capped: bool,
    pub max_answers: usize,
}

async fn show<S: Store>(State(app): State<App<S>>, current: CurrentUser, RawQuery(raw): RawQuery) -> PageResult {
    let org = current.user.org_id;
    let shared = app.indexes.get(&app.store, org).await?;
    let (prepared, ids, previous) = {
        let index = shared.read().await;
        let prepared = prepare(&index, &current.scope, raw.as_deref().unwrap_or(""), MinSample(app.settings.min_n));
        let ids = selected_ids(&index, &prepared.spec).unwrap_or_default();
        let previous = previous_spec(&prepared.spec, prepared.today).and_then(|p| selected_ids(&index, &p).ok());
        (prepared, ids, previous)
    };
    let report = report_of(&app.store, org, &ids, previous.as_deref(), "en", prepared.spec.min_sample).await?;
    let view = &prepared.view;
    let active = view.preset_or_default();
    let explicit = view.from.is_some() || view.to.is_some();
    let presets = Preset::ALL
        .into_iter()
        .map(|p| PeriodLink {
            label: p.label(),
            href: view.link(|v| (v.preset, v.from, v.to) = (Some(p), None, None)).replacen("/dashboard", "/why", 1),
            current: !explicit && p == active,
        })
        .collect();
    let range = match view.range(prepared.today) {
        (Some(since), Some(until)) => format!("{since} – {until}"),
        (Some(since), None) => format!("from {since}"),
        (None, Some(until)) => format!("until {until}"),
        (None, None) => "all time".into(),
    };
    let widest = report.themes.iter().filter_map(|t| t.impact.impact).fold(1.0_f64, |m, v| m.max(v.abs()));
    let themes = report.themes.iter().map(|line| theme_row(line, widest)).collect();
    let terms = |side: &str| -> Vec<TermRow> {
        report
            .terms
            .iter()
            .filter(|t| t.side == side)
            .map(|t| TermRow {
                term: t.term.clone(),
                z: format!("{:.1}", t.z.abs()),
                comments: if side == "detractors" { t.detractor_comments } else { t.promoter_comments },
                example: t.examples.first().map(|e| shortened(e, 160)),
            })
            .collect()
    };
    let (detractor_terms, promoter_terms) = (terms("detractors"), terms("promoters"));
    let chrome = Chrome::signed_in(&current, Section::Why);
    let page = WhyPage {
        chrome: &chrome,
        presets,
        range,
        dashboard: view.href(),
        capped: ids.len() >= MAX_ANSWERS,
        max_answers: MAX_ANSWERS,
        report,
        themes,
        detractor_terms,
        promoter_terms,
    };
    Ok(render(StatusCode::OK, &page, &chrome))
}

fn theme_row(line: &ThemeLine, widest: f64) -> ThemeRow {
    let i = &line.impact;
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{:.0} %", v * 100.0));
    let points = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:+.1}").replace('-', "−"));
    let impact = i.impact.unwrap_or(0.0);
    let half = 50.0 * impact.abs() / widest;
    ThemeRow {
        name: line.name.clone(),
        mentions: i.mentions,
        of_detractors: pct(i.share_of_detractors),
        of_promoters: pct(i.share_of_promoters),
        with: points(i.nps_with.nps),
        without: points(i.nps_without.nps),
        impact: points(i.impact),
        bar_x: if impact < 0.0 { 50.0 - half } else { 50.0 },
        bar_width: half,
        costs: impact < 0.0,
        significant: i.difference.is_some_and(|d| d.significant),
        low_sample: i.nps_with.low_sample,
        emerging: line.change.is_some_and(|c| c.emerging),
        rates: line.change.map(|c| format!("{:.0} % → {:.0} %", c.previous_rate * 100.0, c.current_rate * 100.0)),
    }
}

/// At most `limit` characters, an ellipsis when cut.
fn shortened(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    format!("{}…", text.chars().take(limit).collect::<String>())
}
