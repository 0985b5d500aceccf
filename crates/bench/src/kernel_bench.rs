//! The query engine alone, on responses generated in memory: no database,
//! so the figure is the engine's own, on one thread and on two.

use std::time::Instant;

use vocal_domain::query::RawQuery;
use vocal_domain::{AgentId, QuerySpec, ResponseId, Unit, UnitId, UnitTree};
use vocal_index::{Catalog, ResponseIndex};
use vocal_store::IndexedResponse;

use crate::synth;
use crate::timing::{median, ms};

pub fn run(rows: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut index = ResponseIndex::new("UTC")?;
    let mut units = vec![Unit { id: UnitId(1), parent: None, name: "Benchco".into() }];
    for region in 0..synth::REGIONS {
        units.push(Unit {
            id: UnitId(2 + region as i64),
            parent: Some(UnitId(1)),
            name: format!("Region {}", region + 1),
        });
    }
    let team_id = |team: usize| UnitId(100 + team as i64);
    for team in 0..synth::REGIONS * synth::TEAMS_PER_REGION {
        let region = UnitId(2 + (team / synth::TEAMS_PER_REGION) as i64);
        units.push(Unit { id: team_id(team), parent: Some(region), name: format!("Team {}", team + 1) });
    }
    let tree = UnitTree::new(units);
    let agents: Vec<(AgentId, String)> =
        (0..synth::AGENTS).map(|a| (AgentId(a as i64 + 1), synth::agent_name(a))).collect();
    let end_ms = jiff::Timestamp::now().as_millisecond();
    let mut id = 0i64;
    for offset in (0..rows).step_by(1_000_000) {
        for r in synth::responses(offset, 1_000_000.min(rows - offset), end_ms) {
            id += 1;
            let agent = synth::agent_number(r.agent.as_deref().unwrap_or_default());
            index.apply(&IndexedResponse {
                id: ResponseId(id),
                seq: id,
                score: r.score,
                submitted_at_ms: r.submitted_at_ms,
                channel: r.channel,
                touchpoint: r.touchpoint,
                unit_id: Some(team_id(synth::agent_team(agent))),
                agent_id: Some(AgentId(agent as i64 + 1)),
                account: None,
                source: r.source,
                language: None,
                attributes: r.attributes,
            })?;
        }
    }
    println!("engine alone: {rows} responses indexed in memory in {}", ms(started.elapsed()));
    let catalog = Catalog { units: &tree, agents: &agents };
    let attributes = ["plan".to_string(), "segment".to_string()];
    for (name, by, filter) in [
        ("unit × week, whole organisation", "unit:3,week", None),
        ("unit × week, where plan=Premium", "unit:3,week", Some("plan=Premium")),
        ("month", "month", None),
        ("agent, where channel=email", "agent", Some("channel=email")),
    ] {
        let spec = QuerySpec::parse(
            &RawQuery { by: Some(by), filters: filter.into_iter().collect(), ..Default::default() },
            &attributes,
        )?;
        let plan = index.plan(&spec, catalog)?;
        let (one, _) = median(21, || index.execute_on(&plan, 1));
        let (two, _) = median(21, || index.execute_on(&plan, 2));
        let compile = median(21, || index.plan(&spec, catalog)).0;
        println!("  {name:<40} 1 thread {:>10}   2 threads {:>10}   (plan {})", ms(one), ms(two), ms(compile));
    }
    attribute_names_in_scopes(&mut index, catalog, id)
}

/// `Scope::attribute_names` for a manager: which attributes a region's
/// responses have. Its cost is bounded by one pass over the index, taken
/// whenever a name is rare: here `rare`, on the last response only (Region 1),
/// so each case below is a full pass.
fn attribute_names_in_scopes(index: &mut ResponseIndex, catalog: Catalog<'_>, last_id: i64) -> anyhow::Result<()> {
    let rare = std::collections::BTreeMap::from([("rare".to_string(), "x".to_string())]);
    let one = IndexedResponse {
        id: ResponseId(last_id + 1),
        seq: last_id + 1,
        score: vocal_domain::Score::new(9)?,
        submitted_at_ms: jiff::Timestamp::now().as_millisecond(),
        channel: None,
        touchpoint: None,
        unit_id: Some(UnitId(100)),
        agent_id: None,
        account: None,
        source: "bench".into(),
        language: None,
        attributes: rare,
    };
    index.apply(&one)?;
    for (name, filter) in [
        ("no filter", None),
        ("Region 1 (has `rare`, on its last row)", Some("unit=Benchco/Region 1")),
        ("Region 2 (never has `rare`)", Some("unit=Benchco/Region 2")),
    ] {
        let spec = QuerySpec::parse(&RawQuery { filters: filter.into_iter().collect(), ..Default::default() }, &[])?;
        let plan = index.plan(&spec, catalog)?;
        let (took, names) = median(11, || index.attribute_names_within(&plan));
        println!("  attribute names within, {name:<40} {:>10}   {names:?}", ms(took));
    }
    Ok(())
}
