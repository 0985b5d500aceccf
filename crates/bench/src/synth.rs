//! The benchmark's data set, as the issue sets it: 50 units in a 3-level
//! hierarchy (1 company, 7 regions, 42 teams), 2 years, 5 channels,
//! 20 touchpoints, 500 agents and 2 custom attributes. Scores differ by
//! team so breakdowns are not flat.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use vocal_domain::{Score, UnitPath};
use vocal_store::NewResponse;

pub const REGIONS: usize = 7;
pub const TEAMS_PER_REGION: usize = 6;
pub const AGENTS: usize = 500;
pub const CHANNELS: [&str; 5] = ["email", "sms", "chat", "web", "ivr"];
pub const PLANS: [&str; 4] = ["Basic", "Plus", "Premium", "Business"];
pub const SEGMENTS: [&str; 3] = ["consumer", "smb", "enterprise"];
const DAY_MS: i64 = 86_400_000;

pub fn team_path(team: usize) -> UnitPath {
    let region = team / TEAMS_PER_REGION;
    UnitPath::parse(&format!("Benchco/Region {}/Team {}", region + 1, team + 1)).expect("a valid path")
}

pub fn agent_name(agent: usize) -> String {
    format!("Agent {agent:03}")
}

/// The number back from [`agent_name`].
pub fn agent_number(name: &str) -> usize {
    name.trim_start_matches("Agent ").parse().unwrap_or(0)
}

/// The team an agent works in.
pub fn agent_team(agent: usize) -> usize {
    agent % (REGIONS * TEAMS_PER_REGION)
}

/// `count` responses starting at `offset` (deterministic per index), ending at `end_ms`.
pub fn responses(offset: usize, count: usize, end_ms: i64) -> Vec<NewResponse> {
    let mut rng = StdRng::seed_from_u64(offset as u64 ^ 0x5eed);
    let start_ms = end_ms - 730 * DAY_MS;
    (0..count)
        .map(|i| {
            let agent = rng.random_range(0..AGENTS);
            let team = agent_team(agent);
            // Teams range from clearly worse to clearly better than average.
            let quality = (team as f64 / (REGIONS * TEAMS_PER_REGION) as f64) * 0.4 - 0.2;
            let draw: f64 = rng.random::<f64>() + quality;
            let score = if draw > 0.55 {
                rng.random_range(9..=10)
            } else if draw > 0.3 {
                rng.random_range(7..=8)
            } else {
                rng.random_range(0..=6)
            };
            let plan = PLANS[rng.random_range(0..PLANS.len())];
            let segment = SEGMENTS[rng.random_range(0..SEGMENTS.len())];
            NewResponse {
                dedupe_key: None,
                score: Score::new(score).expect("in range"),
                comment: comment(offset + i, score),
                submitted_at_ms: rng.random_range(start_ms..end_ms),
                channel: Some(CHANNELS[rng.random_range(0..CHANNELS.len())].to_string()),
                touchpoint: Some(format!("touchpoint {:02}", rng.random_range(1..=20))),
                unit: Some(team_path(team)),
                agent: Some(agent_name(agent)),
                contact_email: None,
                account: None,
                language: None,
                survey_id: None,
                source: "bench".into(),
                attributes: BTreeMap::from([
                    ("plan".to_string(), plan.to_string()),
                    ("segment".to_string(), segment.to_string()),
                ]),
            }
        })
        .collect()
}

/// Two responses in five carry a comment, as in a typical program (the
/// dashboard's feed reads the newest ones).
pub fn comment(position: usize, score: i64) -> Option<String> {
    (position % 5 < 2).then(|| {
        match score {
            9..=10 => "Quick, friendly help; the agent solved it on the first call.",
            7..=8 => "Fine overall, but it took a while to get through.",
            _ => "Waited too long and had to explain everything twice.",
        }
        .to_string()
    })
}
