//! A team's agents ranked by an NPS shrunk toward the team's, so that three
//! lucky answers do not top the board.
//!
//! Each answer is a value x: +1 promoter, 0 passive, −1 detractor; an
//! agent's NPS is the mean of their x (×100 in points). An agent with few
//! answers has a mean far from the truth as often as not, and ranking raw
//! means puts exactly those agents at both ends of the board. The
//! credibility (empirical-Bayes) estimate weighs the agent's own mean by how
//! much evidence it carries:
//!
//! ```text
//! shrunk_i = (n_i·m_i + k·m) / (n_i + k),   k = v / a
//! ```
//!
//! with m the team's mean (its NPS), v the variance of answers within an
//! agent and a the variance of the agents' true means around m. When agents
//! really differ (a large) k is small and the agent's own answers dominate;
//! when they barely differ, k is large and a short record says little.
//! v and a are Bühlmann–Straub method-of-moments estimates from the team:
//!
//! ```text
//! v = Σ_i SS_i / Σ_i (n_i − 1),          SS_i = Σ_j (x_ij − m_i)²
//! a = (Σ_i n_i·(m_i − m)² − (r − 1)·v) / (N − Σ_i n_i² / N)
//! ```
//!
//! over the r agents with answers, N answers in all. k is clamped to
//! [`K_RANGE`]; when a ≤ 0 (the agents differ no more than noise would
//! make them) k is the upper bound; with fewer than three agents with
//! answers (or no agent with two) there is too little to estimate from and
//! k is [`DEFAULT_K`].
//!
//! The shrunk estimate gives the order; ranks follow the rule of every
//! Vocal ranking (`vocal_domain::ranking`): an agent shares the rank of the
//! agent just above when their own answers do not differ significantly.

use vocal_domain::{AgentId, Counts, Figure, MinSample, tied_ranks};

use super::AgentCounts;

/// The bounds of k, in answers: at least one answer's worth of pull toward
/// the team, and never so much that a thousand answers cannot speak.
pub const K_RANGE: (f64, f64) = (1.0, 1000.0);

/// k when the team is too small to estimate it: an agent's own answers
/// count for half once they have 30, the usual minimum sample.
pub const DEFAULT_K: f64 = 30.0;

/// Below this many agents with answers the between-agent variance has
/// too few degrees of freedom to estimate.
const MIN_AGENTS_TO_ESTIMATE: usize = 3;

/// How strongly agents are pulled toward the team.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Credibility {
    /// Answers of the team's mean mixed into each agent's.
    pub k: f64,
    /// `false` when the team was too small and [`DEFAULT_K`] was used.
    pub estimated: bool,
}

impl Credibility {
    /// Estimates k from the team's counts (see the module documentation).
    pub fn estimate(team: &[Counts]) -> Credibility {
        match estimate_k(team) {
            Some(k) => Credibility { k, estimated: true },
            None => Credibility { k: DEFAULT_K, estimated: false },
        }
    }
}

fn estimate_k(team: &[Counts]) -> Option<f64> {
    let answered: Vec<&Counts> = team.iter().filter(|c| c.n() > 0).collect();
    if answered.len() < MIN_AGENTS_TO_ESTIMATE {
        return None;
    }
    let total: f64 = answered.iter().map(|c| c.n() as f64).sum();
    let mean = answered.iter().map(|c| net(c)).sum::<f64>() / total;
    let within_df: f64 = answered.iter().map(|c| c.n() as f64 - 1.0).sum();
    if within_df <= 0.0 {
        return None;
    }
    let within_ss: f64 =
        answered.iter().map(|c| (c.promoters + c.detractors) as f64 - net(c).powi(2) / c.n() as f64).sum();
    let within = within_ss / within_df;
    let between_ss: f64 = answered.iter().map(|c| c.n() as f64 * (agent_mean(c) - mean).powi(2)).sum();
    let spread = total - answered.iter().map(|c| (c.n() as f64).powi(2)).sum::<f64>() / total;
    let between = (between_ss - (answered.len() - 1) as f64 * within) / spread;
    if between <= 0.0 {
        return Some(K_RANGE.1);
    }
    Some((within / between).clamp(K_RANGE.0, K_RANGE.1))
}

/// Promoters − detractors: the sum of the answers' values.
fn net(counts: &Counts) -> f64 {
    counts.promoters as f64 - counts.detractors as f64
}

fn agent_mean(counts: &Counts) -> f64 {
    net(counts) / counts.n() as f64
}

/// One agent's line on the board.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LeaderboardEntry {
    pub agent: AgentId,
    pub name: String,
    /// The agent's own NPS with n and margin; `low_sample` means "too few
    /// answers".
    #[serde(flatten)]
    pub figure: Figure,
    /// The credibility estimate in points; `null` with too few answers,
    /// where a figure beside the board would invite the ranking refused.
    pub shrunk_nps: Option<f64>,
    /// 1 = best shrunk NPS; an agent whose answers do not differ
    /// significantly from those of the agent just above shares that agent's
    /// rank ([`tied_ranks`]); `null` with too few answers.
    pub rank: Option<usize>,
    /// Another agent has the same rank.
    pub tied: bool,
}

/// A team's board: ranked agents best first, then those with too few
/// answers by name.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Leaderboard {
    /// The whole team's NPS, the value agents are shrunk toward.
    pub team: Figure,
    pub credibility: Credibility,
    pub entries: Vec<LeaderboardEntry>,
}

impl Leaderboard {
    /// The team's mean in points (its NPS); `None` without answers.
    pub fn team_mean(&self) -> Option<f64> {
        self.team.nps
    }
}

/// Ranks one team's agents by their shrunk NPS (see the module
/// documentation); agents with fewer than `min_sample` answers (or none)
/// are listed with their raw figure but never ranked.
pub fn leaderboard(agents: &[AgentCounts], min_sample: MinSample) -> Leaderboard {
    let mut team = Counts::default();
    for agent in agents {
        team += agent.counts;
    }
    let counts: Vec<Counts> = agents.iter().map(|a| a.counts).collect();
    let credibility = Credibility::estimate(&counts);
    let team_mean = team.nps().map(|points| points / 100.0);
    let mut entries: Vec<LeaderboardEntry> = agents
        .iter()
        .map(|a| {
            let n = a.counts.n();
            let rankable = n > 0 && n >= min_sample.0;
            LeaderboardEntry {
                agent: a.agent,
                name: a.name.clone(),
                figure: a.counts.figure(min_sample),
                shrunk_nps: team_mean.filter(|_| rankable).map(|m| shrunk_points(&a.counts, m, credibility.k)),
                rank: None,
                tied: false,
            }
        })
        .collect();
    entries.sort_by(|a, b| match (a.shrunk_nps, b.shrunk_nps) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.name.cmp(&b.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
    // The shrunk estimate orders the board; whether two neighbours really
    // differ is a question about their own answers.
    let ranked: Vec<Counts> =
        entries.iter().take_while(|e| e.shrunk_nps.is_some()).map(|e| e.figure.counts()).collect();
    for (entry, rank) in entries.iter_mut().zip(tied_ranks(&ranked)) {
        entry.rank = Some(rank.place);
        entry.tied = rank.tied;
    }
    Leaderboard { team: team.figure(min_sample), credibility, entries }
}

/// (n·m_agent + k·m_team) / (n + k), in points.
fn shrunk_points(counts: &Counts, team_mean: f64, k: f64) -> f64 {
    100.0 * (net(counts) + k * team_mean) / (counts.n() as f64 + k)
}
