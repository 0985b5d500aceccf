//! `GET /agents`: each team the user sees with its leaderboard. Agents are
//! ranked by an NPS pulled toward their team's (see
//! [`vocal_app::coaching::leaderboard`]), never by their raw NPS, and those
//! under the minimum sample are listed but not ranked. An agent user has
//! no board to see: they are sent to their own page.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::accounts::scope::Reach;
use vocal_app::coaching::{AgentCounts, Leaderboard, leaderboard, team_counts};
use vocal_domain::{AgentId, MinSample, UnitId};
use vocal_store::Store;

use super::period::{Chosen, PeriodQuery, Picker};
use super::{PageResult, margin, points, scoped_spec, visible_agents};
use crate::server::App;
use crate::session::CurrentUser;
use crate::ui::chrome::{Chrome, Section, render};

#[derive(Template)]
#[template(path = "app/agents/board.html")]
struct BoardPage<'a> {
    chrome: &'a Chrome,
    picker: Picker,
    teams: Vec<TeamBoard>,
    /// Agents the user sees who are in no team: linked, never ranked.
    unteamed: Vec<Link>,
    min_n: u64,
}

/// One team's board as shown.
struct TeamBoard {
    /// `team-12`, for the heading's anchor.
    anchor: String,
    name: String,
    nps: String,
    margin: String,
    n: u64,
    rows: Vec<Row>,
}

/// One agent's line: `rank` and `shrunk` are empty for agents not ranked.
pub(super) struct Row {
    pub rank: Option<usize>,
    /// Another agent shares the rank: shown as `=2`.
    pub tied: bool,
    pub link: Link,
    pub n: u64,
    pub nps: String,
    pub margin: String,
    pub shrunk: String,
}

pub(super) struct Link {
    pub name: String,
    pub href: String,
}

pub(super) async fn show<S: Store>(
    State(app): State<App<S>>,
    current: CurrentUser,
    Query(query): Query<PeriodQuery>,
) -> PageResult {
    if let Reach::Agent(own) = current.scope.reach {
        return Ok(Redirect::to(&format!("/agents/{own}")).into_response());
    }
    let shared = app.indexes.get(&app.store, current.user.org_id).await?;
    let index = shared.read().await;
    let chosen = Chosen::from_query(&query, index.index.time_zone());
    let min_sample = MinSample(app.settings.min_n);
    let spec = scoped_spec(&index, &current.scope, chosen.range, min_sample)?;
    let agents = visible_agents(&index, &current.scope);
    // One scan for every visible agent, split into teams afterwards.
    let ids: Vec<AgentId> = agents.iter().map(|a| a.id).collect();
    let mut by_team: BTreeMap<String, (UnitId, Vec<AgentCounts>)> = BTreeMap::new();
    let mut unteamed = Vec::new();
    for (agent, counts) in agents.iter().zip(team_counts(&index, &spec, &ids)?) {
        match agent.unit_id.filter(|team| index.units.get(*team).is_some()) {
            Some(team) => by_team.entry(index.units.path(team)).or_insert_with(|| (team, Vec::new())).1.push(counts),
            None => unteamed.push(link(agent.id, &agent.name, &chosen)),
        }
    }
    unteamed.sort_by(|a, b| a.name.cmp(&b.name));
    let teams = by_team
        .into_iter()
        .map(|(path, (team, members))| team_board(team, &path, &leaderboard(&members, min_sample), &chosen))
        .collect();
    drop(index);
    let chrome = Chrome::signed_in(&current, Section::Agents);
    let page = BoardPage { chrome: &chrome, picker: chosen.picker("/agents"), teams, unteamed, min_n: min_sample.0 };
    Ok(render(StatusCode::OK, &page, &chrome))
}

fn team_board(team: UnitId, path: &str, board: &Leaderboard, chosen: &Chosen) -> TeamBoard {
    TeamBoard {
        anchor: format!("team-{team}"),
        name: team_name(path),
        nps: board.team.nps.map_or_else(|| "no answers".into(), points),
        margin: margin(board.team.margin_of_error),
        n: board.team.n,
        rows: rows(board, chosen),
    }
}

/// The board's lines, in its order (ranked best first, then the rest by name).
pub(super) fn rows(board: &Leaderboard, chosen: &Chosen) -> Vec<Row> {
    board
        .entries
        .iter()
        .map(|entry| Row {
            rank: entry.rank,
            tied: entry.tied,
            link: link(entry.agent, &entry.name, chosen),
            n: entry.figure.n,
            nps: entry.figure.nps.map_or_else(|| "–".into(), points),
            margin: margin(entry.figure.margin_of_error),
            shrunk: entry.shrunk_nps.map_or_else(String::new, points),
        })
        .collect()
}

/// A link to an agent's page that keeps the period.
pub(super) fn link(agent: AgentId, name: &str, chosen: &Chosen) -> Link {
    Link { name: name.to_string(), href: format!("/agents/{agent}?{}", chosen.query()) }
}

/// `Support › Tier 1` from the stored path `Support/Tier 1`.
pub(super) fn team_name(path: &str) -> String {
    path.replace('/', " › ")
}
