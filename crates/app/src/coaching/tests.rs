use proptest::prelude::*;
use vocal_domain::{AgentId, Counts, Field, Filter, MinSample, QuerySpec};

use super::*;

fn counts(promoters: u64, passives: u64, detractors: u64) -> Counts {
    Counts { promoters, passives, detractors }
}

fn team(members: &[(&str, Counts)]) -> Vec<AgentCounts> {
    members
        .iter()
        .enumerate()
        .map(|(i, (name, counts))| AgentCounts {
            agent: AgentId(i as i64 + 1),
            name: name.to_string(),
            counts: *counts,
        })
        .collect()
}

fn entry<'a>(board: &'a Leaderboard, name: &str) -> &'a LeaderboardEntry {
    board.entries.iter().find(|e| e.name == name).expect("the agent is on the board")
}

#[test]
fn three_perfect_answers_do_not_outrank_two_hundred_at_sixty() {
    let agents = team(&[
        ("Lucky", counts(3, 0, 0)),
        ("Steady", counts(140, 40, 20)),
        ("Carol", counts(30, 39, 30)),
        ("Dan", counts(30, 38, 31)),
        ("Eve", counts(30, 38, 31)),
        ("Finn", counts(30, 39, 31)),
    ]);

    let board = leaderboard(&agents, MinSample(1));

    assert_eq!(board.team_mean(), Some(20.0));
    assert!(board.credibility.estimated);
    assert_eq!(entry(&board, "Lucky").figure.nps, Some(100.0));
    let order: Vec<&str> = board.entries.iter().take(2).map(|e| e.name.as_str()).collect();
    assert_eq!(order, ["Steady", "Lucky"]);
    assert!(entry(&board, "Lucky").shrunk_nps < entry(&board, "Steady").shrunk_nps);
    // Yet three answers cannot be told from two hundred either: Steady NPS' = 120/203 = 0.59113,
    // Var' = (0.79557 − 0.34944)/203 = 0.0021977; Lucky NPS' = 3/6 = 0.5, Var' = 0.5/6 = 0.083333;
    // margin 196·√0.085531 = 57.32 > 9.11. Lucky → Carol (NPS' 0, Var' 0.60294/102 = 0.0059112):
    // margin 196·√0.089245 = 58.55 > 50; the last four differ by about 1 point (margin ≈ 21).
    // Every neighbour is within noise: one shared rank.
    assert!(board.entries.iter().all(|e| e.rank == Some(1) && e.tied), "{:?}", board.entries);
}

#[test]
fn an_agent_under_the_minimum_sample_is_listed_but_never_ranked() {
    let agents = team(&[
        ("Ann", counts(20, 10, 10)),
        ("Ben", counts(3, 0, 0)),
        ("Cat", counts(15, 10, 10)),
        ("Dee", counts(0, 0, 0)),
    ]);

    let board = leaderboard(&agents, MinSample(30));

    let ben = entry(&board, "Ben");
    assert_eq!((ben.rank, ben.shrunk_nps), (None, None));
    assert!(ben.figure.low_sample);
    assert_eq!(ben.figure.nps, Some(100.0));
    assert_eq!(entry(&board, "Dee").rank, None);
    let order: Vec<&str> = board.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(order, ["Ann", "Cat", "Ben", "Dee"]);
    // Ann NPS' = 10/43 = 0.23256, Var' = (0.73256 − 0.05408)/43 = 0.015778; Cat NPS' = 5/38 =
    // 0.13158, Var' = (0.69737 − 0.01731)/38 = 0.017896; margin 196·√0.033674 = 35.97 > 10.1.
    let ann_cat = [entry(&board, "Ann"), entry(&board, "Cat")].map(|e| (e.rank, e.tied));
    assert_eq!(ann_cat, [(Some(1), true), (Some(1), true)]);
}

#[test]
fn a_tiny_team_shrinks_by_the_hand_computed_k() {
    // Ann: 2 promoters, 2 detractors: m = 0,   SS = 4
    // Ben: 4 promoters:                m = 1,   SS = 0
    // Cy:  1 promoter, 1 passive:      m = 0.5, SS = 0.5
    // N = 10, team mean = 5/10 = 0.5
    // v = 4.5 / (3 + 3 + 1) = 9/14
    // a = (4·0.25 + 4·0.25 + 0 − 2·9/14) / (10 − 36/10) = (5/7) / 6.4 = 25/224
    // k = v / a = 5.76
    let agents = team(&[("Ann", counts(2, 0, 2)), ("Ben", counts(4, 0, 0)), ("Cy", counts(1, 1, 0))]);

    let board = leaderboard(&agents, MinSample(1));

    assert!(board.credibility.estimated);
    assert!((board.credibility.k - 5.76).abs() < 1e-12);
    let shrunk = |name| entry(&board, name).shrunk_nps.unwrap();
    assert!((shrunk("Ann") - 100.0 * 2.88 / 9.76).abs() < 1e-9);
    assert!((shrunk("Ben") - 100.0 * 6.88 / 9.76).abs() < 1e-9);
    assert!((shrunk("Cy") - 50.0).abs() < 1e-9);
    let order: Vec<&str> = board.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(order, ["Ben", "Cy", "Ann"]);
    // Ben → Cy: NPS' 4/7 vs 1/5, Var' 0.065598 + 0.092, margin 77.81 > 37.14;
    // Cy → Ann: NPS' 0.2 vs 0, Var' 0.092 + 0.11224, margin 88.58 > 20: all within noise.
    assert!(board.entries.iter().all(|e| e.rank == Some(1) && e.tied));
}

#[test]
fn agents_with_the_same_answers_share_a_rank() {
    let agents = team(&[
        ("Ann", counts(10, 0, 10)),
        ("Ben", counts(10, 0, 10)),
        ("Cy", counts(5, 0, 0)),
        ("Dee", counts(0, 0, 10)),
    ]);

    let board = leaderboard(&agents, MinSample(1));

    // Cy → Ann: NPS' 5/8 = 0.625 vs 0, Var' 0.052734 + 0.93478/23 = 0.040643, margin
    // 196·√0.093377 = 59.89 < 62.5: a real gap. Ann = Ben. Ben → Dee: NPS' 0 vs −10/13,
    // Var' 0.040643 + (0.88462 − 0.59172)/13 = 0.022531, margin 49.26 < 76.92: another.
    let ranks: Vec<(&str, Option<usize>, bool)> =
        board.entries.iter().map(|e| (e.name.as_str(), e.rank, e.tied)).collect();
    assert_eq!(
        ranks,
        [("Cy", Some(1), false), ("Ann", Some(2), true), ("Ben", Some(2), true), ("Dee", Some(4), false)]
    );
}

#[test]
fn a_team_of_two_uses_the_default_k() {
    let agents = team(&[("Ann", counts(10, 0, 10)), ("Ben", counts(5, 0, 0))]);

    let board = leaderboard(&agents, MinSample(1));

    assert_eq!(board.credibility, Credibility { k: DEFAULT_K, estimated: false });
    // (5·1 + 30·(5/25)) / 35
    assert!((entry(&board, "Ben").shrunk_nps.unwrap() - 100.0 * 11.0 / 35.0).abs() < 1e-9);
}

#[test]
fn agents_who_differ_less_than_noise_are_pulled_hardest() {
    let agents = team(&[("Ann", counts(5, 0, 5)), ("Ben", counts(5, 0, 5)), ("Cy", counts(5, 0, 5))]);

    let board = leaderboard(&agents, MinSample(1));

    assert_eq!(board.credibility, Credibility { k: K_RANGE.1, estimated: true });
}

#[test]
fn compare_to_team_compares_with_the_rest_of_the_team() {
    let agent = counts(6, 2, 2);
    let team = counts(10, 5, 5);

    let comparison = compare_to_team(&agent, &team).unwrap();

    // The rest: 4 promoters, 3 passives, 3 detractors: NPS 10; the agent's 40.
    assert!((comparison.delta - 30.0).abs() < 1e-9);
    assert_eq!(Some(comparison), vocal_domain::nps::compare(&counts(4, 3, 3), &agent));
    assert_eq!(compare_to_team(&agent, &agent), None, "no rest to compare with");
    assert_eq!(compare_to_team(&counts(11, 0, 0), &team), None, "not part of the team");
}

#[test]
fn agent_spec_adds_a_filter_that_applies_with_the_others() {
    let by_agents = Filter { field: Field::Agent, values: vec!["Ann".into(), "Ben".into()] };
    let base = QuerySpec { filters: vec![by_agents.clone()], ..QuerySpec::default() };

    let spec = agent_spec(&base, "Cy");

    assert_eq!(spec.filters, [by_agents, Filter { field: Field::Agent, values: vec!["Cy".into()] }]);
    assert_eq!(QuerySpec { filters: base.filters.clone(), ..spec }, base);
}

fn arbitrary_team() -> impl Strategy<Value = Vec<Counts>> {
    prop::collection::vec((0u64..40, 0u64..40, 0u64..40).prop_map(|(p, s, d)| counts(p, s, d)), 1..8)
}

proptest! {
    #[test]
    fn the_shrunk_estimate_lies_between_the_agent_and_the_team(members in arbitrary_team()) {
        let names: Vec<String> = (0..members.len()).map(|i| format!("agent {i}")).collect();
        let agents = team(&names.iter().map(String::as_str).zip(members).collect::<Vec<_>>());

        let board = leaderboard(&agents, MinSample(1));

        let (low, high) = K_RANGE;
        prop_assert!((low..=high).contains(&board.credibility.k));
        for entry in &board.entries {
            match (entry.figure.nps, board.team_mean()) {
                (Some(raw), Some(mean)) => {
                    let shrunk = entry.shrunk_nps.unwrap();
                    prop_assert!(shrunk >= raw.min(mean) - 1e-9 && shrunk <= raw.max(mean) + 1e-9);
                    prop_assert!(entry.rank.is_some());
                }
                _ => prop_assert_eq!((entry.shrunk_nps, entry.rank), (None, None)),
            }
        }
    }
}
