//! `GET /agents/{id}`: one agent's page for coaching — their NPS with its
//! margin and trend, how they compare with the rest of their team and where
//! they stand on its board, and what promoters and detractors said.
//!
//! Every figure is asked of the index with the user's scope applied first
//! and the agent filter added after ([`agent_spec`]), so a manager sees the
//! agent's answers within their own units and an agent user only their own.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use vocal_app::accounts::scope::{Reach, Scope};
use vocal_app::coaching::{agent_spec, compare_to_team, leaderboard, team_counts};
use vocal_app::dashboard::{Dashboard, dashboard};
use vocal_app::live_index::OrgIndex;
use vocal_domain::nps::Comparison;
use vocal_domain::{AgentId, Counts, Field, MinSample, QueryError, QuerySpec};
use vocal_store::{Agent, Store};

use super::board::team_name;
use super::period::{Chosen, PeriodQuery, Picker};
use super::voices::{CANDIDATES, Quote, SHOWN, voices};
use super::{PageResult, agent_of, dashboard_link, margin, points, scoped_spec};
use crate::charts::{TrendPoint, trend_chart};
use crate::server::App;
use crate::session::CurrentUser;
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors::not_found;

#[derive(Template)]
#[template(path = "app/agents/agent.html")]
struct AgentPage<'a> {
    chrome: &'a Chrome,
    name: String,
    /// The viewer is this agent: the page speaks to them.
    own: bool,
    picker: Picker,
    headline: Headline,
    /// Server-drawn SVG; every text in it is escaped.
    trend_svg: String,
    trend_bucket: &'static str,
    team: TeamView,
    praise: Vec<Quote>,
    detractors: Vec<Quote>,
    shown: usize,
    candidates: usize,
    dashboard_href: String,
}

struct Headline {
    nps: String,
    margin: String,
    n: u64,
    promoters: u64,
    passives: u64,
    detractors: u64,
    low_sample: bool,
    min_n: u64,
    /// "+5 since the previous 90 days (95 % interval of the change −6 … +16: not a real change)".
    change: Option<String>,
}

/// The team part of the page: absent, hidden from this viewer, or shown.
enum TeamView {
    /// The agent is in no team.
    None,
    /// The viewer may not see the whole team (an agent user).
    Hidden,
    Shown(TeamFigures),
}

struct TeamFigures {
    name: String,
    board_href: String,
    /// "3rd of 7 ranked agents", "joint 3rd of 7 ranked agents" or "not
    /// ranked yet: 12 answers, fewer than 30".
    position: String,
    ranked: bool,
    /// "+8 points above the rest of the team (NPS +32 ± 9, n = 140): 95 % interval of the difference +1 … +15, a real difference".
    comparison: String,
}

pub(super) async fn show<S: Store>(
    State(app): State<App<S>>,
    current: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> PageResult {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else { return Ok(not_found()) };
    let shared = app.indexes.get(&app.store, current.user.org_id).await?;
    let index = shared.read().await;
    let visible = agent_of(&index, AgentId(id)).filter(|agent| current.scope.sees_agent(&index.units, agent));
    let Some(agent) = visible else { return Ok(not_found()) };
    let chosen = Chosen::from_query(&query, index.index.time_zone());
    let min_sample = MinSample(app.settings.min_n);
    let spec = scoped_spec(&index, &current.scope, chosen.range, min_sample)?;
    let own_spec = agent_spec(&spec, &agent.name);
    let figures = dashboard(&index, &own_spec, chosen.bucket(), &Field::Channel)?;
    let team = team_view(&index, &current.scope, &agent, &spec, min_sample, &chosen)?;
    let plan = index.index.plan(&own_spec, index.catalog())?;
    let ids = index.index.matching_ids(&plan, None, CANDIDATES);
    let zone = index.index.time_zone().clone();
    drop(index);
    let voices = voices(&app.store, current.user.org_id, &ids, &zone).await?;
    let points: Vec<TrendPoint> = figures.trend.periods.iter().map(TrendPoint::from).collect();
    let chrome = Chrome::signed_in(&current, Section::Agents);
    let page = AgentPage {
        chrome: &chrome,
        own: current.scope.reach == Reach::Agent(agent.id),
        picker: chosen.picker(&format!("/agents/{id}")),
        headline: headline(&figures, min_sample, &chosen),
        trend_svg: trend_chart(&points, 760, 240),
        trend_bucket: figures.trend.bucket,
        team,
        praise: voices.praise,
        detractors: voices.detractors,
        shown: SHOWN,
        candidates: CANDIDATES,
        dashboard_href: dashboard_link(&agent.name),
        name: agent.name,
    };
    Ok(render(StatusCode::OK, &page, &chrome))
}

fn headline(figures: &Dashboard, min_sample: MinSample, chosen: &Chosen) -> Headline {
    let figure = &figures.headline;
    let length = chosen.length();
    let change = figures.previous.as_ref().and_then(|p| p.change).map(|c| {
        let reading = if c.significant { "a real change" } else { "not a real change" };
        format!("{} since the previous {length} (95 % interval of the change {}: {reading})", points(c.delta), span(&c))
    });
    Headline {
        nps: figure.nps.map_or_else(|| "–".into(), points),
        margin: margin(figure.margin_of_error),
        n: figure.n,
        promoters: figure.promoters,
        passives: figure.passives,
        detractors: figure.detractors,
        low_sample: figure.low_sample,
        min_n: min_sample.0,
        change,
    }
}

/// The team's figures, when the viewer sees every agent of the team (a
/// comparison or a rank would otherwise tell them about people outside
/// their scope).
fn team_view(
    index: &OrgIndex,
    scope: &Scope,
    agent: &Agent,
    spec: &QuerySpec,
    min_sample: MinSample,
    chosen: &Chosen,
) -> Result<TeamView, QueryError> {
    let Some(team) = agent.unit_id.filter(|team| index.units.get(*team).is_some()) else { return Ok(TeamView::None) };
    let members: Vec<Agent> =
        index.agents.iter().filter_map(|(id, _)| agent_of(index, *id)).filter(|a| a.unit_id == Some(team)).collect();
    if !members.iter().all(|member| scope.sees_agent(&index.units, member)) {
        return Ok(TeamView::Hidden);
    }
    let ids: Vec<AgentId> = members.iter().map(|a| a.id).collect();
    let counts = team_counts(index, spec, &ids)?;
    let mut total = Counts::default();
    for member in &counts {
        total += member.counts;
    }
    let own = counts.iter().find(|c| c.agent == agent.id).map(|c| c.counts).unwrap_or_default();
    let board = leaderboard(&counts, min_sample);
    let ranked = board.entries.iter().filter(|e| e.rank.is_some()).count();
    let own_entry = board.entries.iter().find(|e| e.agent == agent.id);
    let rank = own_entry.and_then(|e| e.rank);
    let joint = if own_entry.is_some_and(|e| e.tied) { "joint " } else { "" };
    let position = match rank {
        Some(rank) => format!("{joint}{} of {ranked} ranked agents", ordinal(rank)),
        None => format!("not ranked yet: {} answers, fewer than the {} needed", own.n(), min_sample.0.max(1)),
    };
    Ok(TeamView::Shown(TeamFigures {
        name: team_name(&index.units.path(team)),
        board_href: format!("/agents?{}#team-{team}", chosen.query()),
        position,
        ranked: rank.is_some(),
        comparison: comparison(&own, &total, min_sample),
    }))
}

fn comparison(own: &Counts, team: &Counts, min_sample: MinSample) -> String {
    let rest = Counts {
        promoters: team.promoters.saturating_sub(own.promoters),
        passives: team.passives.saturating_sub(own.passives),
        detractors: team.detractors.saturating_sub(own.detractors),
    };
    let Some(c) = compare_to_team(own, team) else {
        return if rest.n() == 0 {
            "No one else in the team has answers in this period to compare with.".into()
        } else {
            "No answers in this period to compare with the team.".into()
        };
    };
    let rest_figure = rest.figure(min_sample);
    let reading = if c.significant { "a real difference" } else { "not a real difference" };
    let verdict = format!("95 % interval of the difference {}, {reading}", span(&c));
    let rest_nps = rest_figure.nps.map_or_else(|| "–".into(), points);
    let gap = c.delta.abs().round();
    let side = match c.delta.round() {
        d if d > 0.0 => format!("{gap:.0} points above"),
        d if d < 0.0 => format!("{gap:.0} points below"),
        _ => "Level with".into(),
    };
    format!(
        "{side} the rest of the team (NPS {rest_nps} {}, n = {}): {verdict}.",
        margin(rest_figure.margin_of_error),
        rest_figure.n
    )
}

/// "−6 … +16": a change's 95 % interval, which holds 0 unless the change
/// is significant (it is built on the adjusted scores, so it is not
/// centred on the plain difference shown).
fn span(c: &Comparison) -> String {
    format!("{} … {}", points(c.ci_low), points(c.ci_high))
}

/// 1st, 2nd, 3rd, 4th, 11th, 21st, …
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
