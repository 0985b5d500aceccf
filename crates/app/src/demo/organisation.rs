//! The organisation built from the team table: unit paths, agents with their
//! own skill around the team's level, and each team's share of the volume.

use rand::Rng;
use vocal_domain::{Category, UnitPath};

use super::sampling::{pick_by, pick_weighted, standard_normal};
use super::teams::{TEAMS, TeamSpec};
use super::themes::{ThemeWeights, emphasise};

/// The top of the hierarchy: `Northwind/<region>/<team>`.
pub const ROOT_UNIT: &str = "Northwind";

/// Spread of agents around their team, in logit units: enough that a
/// coaching dashboard has stars and strugglers, not so much that an agent
/// outweighs the team they work in.
const AGENT_SKILL_SPREAD: f64 = 0.35;

pub struct Agent {
    pub name: &'static str,
    /// How comments address them ("Maria was fantastic").
    pub first_name: &'static str,
    /// Shift of the latent satisfaction; the team's agents average zero.
    pub skill: f64,
    /// Relative share of the team's contacts the agent handles.
    pub workload: f64,
}

pub struct Team {
    pub spec: &'static TeamSpec,
    pub path: UnitPath,
    pub agents: Vec<Agent>,
    /// The team's fraction of all responses.
    pub volume_share: f64,
}

pub struct Organisation {
    pub teams: Vec<Team>,
    volumes: Vec<f64>,
}

impl Organisation {
    pub fn build(rng: &mut impl Rng) -> Self {
        let total_volume: f64 = TEAMS.iter().map(|t| t.volume).sum();
        let teams = TEAMS
            .iter()
            .map(|spec| {
                let path = UnitPath::parse(&format!("{ROOT_UNIT}/{}/{}", spec.region.name(), spec.name))
                    .expect("the demo's unit names are valid");
                Team { spec, path, agents: agents_of(spec, rng), volume_share: spec.volume / total_volume }
            })
            .collect();
        Organisation { teams, volumes: TEAMS.iter().map(|t| t.volume).collect() }
    }

    /// A team index, in proportion to the teams' volumes.
    pub fn pick_team(&self, rng: &mut impl Rng) -> usize {
        pick_weighted(rng, &self.volumes)
    }
}

fn agents_of(spec: &'static TeamSpec, rng: &mut impl Rng) -> Vec<Agent> {
    let mut agents: Vec<Agent> = spec
        .agents
        .iter()
        .map(|&name| Agent {
            name,
            first_name: name.split(' ').next().unwrap_or(name),
            skill: (standard_normal(rng) * AGENT_SKILL_SPREAD).clamp(-0.8, 0.8),
            workload: rng.random_range(0.6..1.4),
        })
        .collect();
    let mean = agents.iter().map(|a| a.skill).sum::<f64>() / agents.len() as f64;
    for agent in &mut agents {
        agent.skill -= mean;
    }
    agents
}

impl Team {
    /// The team's satisfaction shift at `progress` (0 = 18 months ago, 1 = now).
    pub fn quality_at(&self, progress: f64) -> f64 {
        self.spec.quality + self.spec.trend * (progress - 0.5)
    }

    pub fn pick_agent(&self, rng: &mut impl Rng) -> &Agent {
        pick_by(rng, &self.agents, |a| a.workload)
    }

    /// Applies the team's character to comment themes: detractors dwell on
    /// its weaknesses, promoters on its strengths, passives a little of both.
    pub fn shape_themes(&self, weights: &mut ThemeWeights, band: Category, progress: f64) {
        let weakness_scale = (1.0 + self.spec.weakness_trend * (progress - 0.5)).max(0.0);
        let scaled = |factor: f64, scale: f64| 1.0 + (factor - 1.0) * scale;
        let (weakness, strength) = match band {
            Category::Detractor => (weakness_scale, 0.0),
            Category::Passive => (weakness_scale * 0.5, 0.5),
            Category::Promoter => (0.0, 1.0),
        };
        for &(theme, factor) in self.spec.weaknesses {
            emphasise(weights, &[(theme, scaled(factor, weakness))]);
        }
        for &(theme, factor) in self.spec.strengths {
            emphasise(weights, &[(theme, scaled(factor, strength))]);
        }
    }
}
