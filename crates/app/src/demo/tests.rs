//! The demo's promises, checked from the outside: counts, ranges and
//! differences are recomputed here from the generated responses alone.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use vocal_store::NewResponse;

use super::{DemoData, generate};

/// 2026-03-15T12:00:00Z.
pub(super) const NOW_MS: i64 = 1_773_576_000_000;
pub(super) const DAY_MS: i64 = 86_400_000;
pub(super) const FULL_SIZE: usize = 120_000;

/// The full-size demo, generated once for all the tests that read it.
pub(super) fn full_demo() -> &'static DemoData {
    static DEMO: OnceLock<DemoData> = OnceLock::new();
    DEMO.get_or_init(|| generate(42, NOW_MS, FULL_SIZE))
}

/// %9–10 minus %0–6, from the scores alone.
pub(super) fn naive_nps<'a>(responses: impl IntoIterator<Item = &'a NewResponse>) -> (f64, usize) {
    let (mut promoters, mut detractors, mut total) = (0usize, 0usize, 0usize);
    for response in responses {
        let value = response.score.value();
        total += 1;
        promoters += usize::from(value >= 9);
        detractors += usize::from(value <= 6);
    }
    let nps = 100.0 * (promoters as f64 - detractors as f64) / total.max(1) as f64;
    (nps, total)
}

pub(super) fn team_of(response: &NewResponse) -> String {
    response.unit.as_ref().expect("every demo response has a unit").to_string()
}

pub(super) fn comments_with_scores(data: &DemoData, scores: std::ops::RangeInclusive<u8>) -> Vec<&str> {
    data.responses.iter().filter(|r| scores.contains(&r.score.value())).filter_map(|r| r.comment.as_deref()).collect()
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_does_not() {
    let first = generate(7, NOW_MS, 3_000);
    let again = generate(7, NOW_MS, 3_000);
    let other = generate(8, NOW_MS, 3_000);
    assert_eq!(first, again);
    assert_ne!(first.responses, other.responses);
}

#[test]
fn the_requested_number_of_responses_is_generated() {
    for count in [0, 1, 17, 2_500] {
        assert_eq!(generate(1, NOW_MS, count).responses.len(), count);
    }
    assert_eq!(full_demo().responses.len(), FULL_SIZE);
}

#[test]
fn responses_span_the_eighteen_months_before_now_oldest_first() {
    let data = full_demo();
    let times: Vec<i64> = data.responses.iter().map(|r| r.submitted_at_ms).collect();
    // 18 calendar months are at most 549 days.
    assert!(times.iter().all(|&t| t <= NOW_MS), "a response is in the future");
    assert!(times.iter().all(|&t| t >= NOW_MS - 549 * DAY_MS), "a response is older than 18 months");
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "responses are not oldest first");
    assert!(times[0] < NOW_MS - 540 * DAY_MS, "the oldest response is too recent");
    assert!(times[times.len() - 1] > NOW_MS - DAY_MS, "nothing arrived in the last day");
    // Spread over the window, not bunched: every 30-day slice has answers.
    for slice in 0..18 {
        let end = NOW_MS - slice * 30 * DAY_MS;
        let count = times.iter().filter(|&&t| t <= end && t > end - 30 * DAY_MS).count();
        assert!(count > 2_000, "only {count} responses in the 30 days before slice {slice}");
    }
}

#[test]
fn sites_answer_in_their_own_business_hours() {
    let data = full_demo();
    // Tokyo keeps UTC+9 all year; a generator working in UTC or in New York
    // time would put most of its answers in the Japanese night.
    let tokyo_hours: Vec<i64> = data
        .responses
        .iter()
        .filter(|r| team_of(r).ends_with("Tokyo Support"))
        .map(|r| (r.submitted_at_ms + 9 * 3_600_000).rem_euclid(DAY_MS) / 3_600_000)
        .collect();
    let daytime = tokyo_hours.iter().filter(|h| (7..23).contains(*h)).count();
    assert!(daytime * 10 > tokyo_hours.len() * 9, "{daytime} of {} in the daytime", tokyo_hours.len());
}

#[test]
fn every_site_zone_is_a_valid_posix_rule() {
    for team in &super::teams::TEAMS {
        assert!(jiff::tz::TimeZone::posix(team.zone).is_ok(), "{}: {}", team.name, team.zone);
    }
}

#[test]
fn the_hierarchy_is_a_company_three_regions_and_about_a_dozen_teams() {
    let data = full_demo();
    let roots: HashSet<&str> = data.teams.iter().map(|t| t.path.names()[0].as_str()).collect();
    let regions: HashSet<&str> = data.teams.iter().map(|t| t.path.names()[1].as_str()).collect();
    assert_eq!(roots.len(), 1);
    assert_eq!(regions.len(), 3);
    assert!(data.teams.iter().all(|t| t.path.names().len() == 3));
    assert!((10..=14).contains(&data.teams.len()), "{} teams", data.teams.len());

    let agents: Vec<&String> = data.teams.iter().flat_map(|t| &t.agents).collect();
    let unique: HashSet<&String> = agents.iter().copied().collect();
    assert!((50..=70).contains(&agents.len()), "{} agents", agents.len());
    assert_eq!(unique.len(), agents.len(), "agent names repeat");
    assert!(agents.iter().all(|a| a.split(' ').count() >= 2), "every agent has a full name");
    assert!(data.teams.iter().all(|t| t.agents.len() >= 3));
}

#[test]
fn responses_name_known_teams_and_their_own_agents() {
    let data = full_demo();
    let team_of_agent: HashMap<&str, String> =
        data.teams.iter().flat_map(|t| t.agents.iter().map(move |a| (a.as_str(), t.path.to_string()))).collect();
    let teams: HashSet<String> = data.teams.iter().map(|t| t.path.to_string()).collect();
    for response in &data.responses {
        let team = team_of(response);
        assert!(teams.contains(&team), "unknown unit {team}");
        if let Some(agent) = &response.agent {
            assert_eq!(team_of_agent.get(agent.as_str()), Some(&team), "{agent} answered for another team");
        }
    }
    let with_agent = data.responses.iter().filter(|r| r.agent.is_some()).count();
    assert!(with_agent > FULL_SIZE / 2, "only {with_agent} responses name an agent");
}

#[test]
fn every_score_channel_and_language_appears_and_english_dominates() {
    let data = full_demo();
    let scores: HashSet<u8> = data.responses.iter().map(|r| r.score.value()).collect();
    assert_eq!(scores, (0..=10).collect());
    let channels: HashSet<&str> = data.responses.iter().filter_map(|r| r.channel.as_deref()).collect();
    assert_eq!(channels, HashSet::from(["email", "sms", "chat", "web", "ivr"]));
    let mut languages: HashMap<&str, usize> = HashMap::new();
    for response in &data.responses {
        *languages.entry(response.language.as_deref().unwrap_or("none")).or_default() += 1;
    }
    assert_eq!(languages.keys().copied().collect::<HashSet<_>>(), HashSet::from(["en", "fr", "de", "es", "ja"]));
    assert!(languages["en"] > FULL_SIZE * 6 / 10, "{languages:?}");
    let touchpoints: HashSet<&str> = data.responses.iter().filter_map(|r| r.touchpoint.as_deref()).collect();
    assert!(touchpoints.len() >= 8, "{touchpoints:?}");
}

#[test]
fn tens_outnumber_nines_and_detractors_lean_to_five_and_six() {
    let data = full_demo();
    let mut counts = [0usize; 11];
    for response in &data.responses {
        counts[usize::from(response.score.value())] += 1;
    }
    assert!(counts[10] > counts[9], "{counts:?}");
    assert!(counts[5] + counts[6] > counts[0..5].iter().sum::<usize>(), "{counts:?}");
    assert!(counts[0] > counts[1], "angry zeros should clump: {counts:?}");
}

#[test]
fn the_best_and_worst_teams_differ_by_at_least_fifteen_points() {
    let data = full_demo();
    let mut by_team: BTreeMap<String, Vec<&NewResponse>> = BTreeMap::new();
    for response in &data.responses {
        by_team.entry(team_of(response)).or_default().push(response);
    }
    let scores: Vec<f64> = by_team.values().map(|rs| naive_nps(rs.iter().copied()).0).collect();
    let best = scores.iter().copied().fold(f64::MIN, f64::max);
    let worst = scores.iter().copied().fold(f64::MAX, f64::min);
    assert!(best - worst >= 15.0, "best {best:.1}, worst {worst:.1}");
}

#[test]
fn one_team_improves_and_another_declines() {
    let data = full_demo();
    let early_end = NOW_MS - 365 * DAY_MS;
    let late_start = NOW_MS - 180 * DAY_MS;
    let mut changes = Vec::new();
    for team in &data.teams {
        let path = team.path.to_string();
        let of_team = || data.responses.iter().filter(|r| team_of(r) == path);
        let (early, _) = naive_nps(of_team().filter(|r| r.submitted_at_ms < early_end));
        let (late, _) = naive_nps(of_team().filter(|r| r.submitted_at_ms >= late_start));
        changes.push(late - early);
    }
    assert!(changes.iter().any(|&c| c >= 15.0), "no team improved: {changes:?}");
    assert!(changes.iter().any(|&c| c <= -15.0), "no team declined: {changes:?}");
}

#[test]
fn agents_vary_around_their_team() {
    let data = full_demo();
    let mut by_agent: HashMap<&str, Vec<&NewResponse>> = HashMap::new();
    for response in &data.responses {
        if let Some(agent) = &response.agent {
            by_agent.entry(agent).or_default().push(response);
        }
    }
    let spreads: Vec<f64> = data
        .teams
        .iter()
        .map(|team| {
            let nps: Vec<f64> = team.agents.iter().map(|a| naive_nps(by_agent[a.as_str()].iter().copied()).0).collect();
            nps.iter().copied().fold(f64::MIN, f64::max) - nps.iter().copied().fold(f64::MAX, f64::min)
        })
        .collect();
    assert!(spreads.iter().filter(|&&s| s >= 8.0).count() >= 6, "agents within teams are too alike: {spreads:?}");
}

#[test]
fn summer_scores_dip_and_weekdays_are_busier() {
    let data = full_demo();
    // Civil month and weekday in New York standard time, close enough here.
    let local_day = |t: i64| (t - 5 * 3_600_000).div_euclid(DAY_MS);
    let month = |t: i64| vocal_domain::DayNumber(local_day(t) as i32).civil().1;
    let summer = naive_nps(data.responses.iter().filter(|r| (6..=8).contains(&month(r.submitted_at_ms)))).0;
    let spring_autumn =
        naive_nps(data.responses.iter().filter(|r| matches!(month(r.submitted_at_ms), 4 | 5 | 9 | 10))).0;
    assert!(summer < spring_autumn - 4.0, "summer {summer:.1}, spring/autumn {spring_autumn:.1}");

    let weekday = |t: i64| vocal_domain::DayNumber(local_day(t) as i32).weekday_from_monday();
    let weekend = data.responses.iter().filter(|r| weekday(r.submitted_at_ms) >= 5).count() as f64 / 2.0;
    let workday = data.responses.iter().filter(|r| weekday(r.submitted_at_ms) < 5).count() as f64 / 5.0;
    assert!(workday > 1.3 * weekend, "per weekday {workday:.0}, per weekend day {weekend:.0}");
}

#[test]
fn every_response_is_a_demo_response_with_plan_tenure_and_a_unique_key() {
    let data = full_demo();
    let keys: HashSet<[u8; 16]> = data.responses.iter().filter_map(|r| r.dedupe_key).collect();
    assert_eq!(keys.len(), FULL_SIZE, "de-duplication keys are missing or repeat");
    for response in &data.responses {
        assert_eq!(response.source, "demo");
        assert_eq!(response.survey_id, None);
        let names: Vec<&str> = response.attributes.keys().map(String::as_str).collect();
        assert_eq!(names, ["plan", "tenure"]);
        assert!(["Basic", "Plus", "Premium", "Business"].contains(&response.attributes["plan"].as_str()));
        assert!(["<1y", "1-3y", "3y+"].contains(&response.attributes["tenure"].as_str()));
        if let Some(email) = &response.contact_email {
            assert!(email.ends_with("example.com"), "{email}");
        }
        if response.account.is_some() {
            assert_eq!(response.attributes["plan"], "Business");
        }
    }
    let with_email = data.responses.iter().filter(|r| r.contact_email.is_some()).count();
    assert!(with_email > FULL_SIZE * 3 / 4, "{with_email} responses with an email");
    let contacts: HashSet<&str> = data.responses.iter().filter_map(|r| r.contact_email.as_deref()).collect();
    assert!(contacts.len() < with_email * 3 / 4, "too few repeat customers: {} contacts", contacts.len());
    assert!(data.responses.iter().any(|r| r.account.is_some()));
}

#[test]
fn the_same_position_gets_the_same_key_in_every_run() {
    let small = generate(3, NOW_MS, 10);
    let other = generate(4, NOW_MS - 90 * DAY_MS, 10);
    let keys = |d: &DemoData| d.responses.iter().map(|r| r.dedupe_key).collect::<Vec<_>>();
    assert_eq!(keys(&small), keys(&other));
}

#[test]
fn plans_and_tenure_move_scores() {
    let data = full_demo();
    let nps_of = |name: &str, value: &str| naive_nps(data.responses.iter().filter(|r| r.attributes[name] == value)).0;
    assert!(nps_of("plan", "Premium") > nps_of("plan", "Basic") + 5.0);
    assert!(nps_of("tenure", "3y+") > nps_of("tenure", "<1y") + 5.0);
}
