//! A printed overview of the demo for people deciding whether it tells a
//! believable story; not a check.

use std::collections::{BTreeMap, HashSet};

use vocal_store::NewResponse;

use super::generate;
use super::tests::{DAY_MS, FULL_SIZE, NOW_MS, comments_with_scores, naive_nps, team_of};

/// Prints what the demo looks like and how long it takes; run with
/// `cargo test --release -p vocal-app demo::summary::print_summary -- --ignored --nocapture`.
#[test]
#[ignore = "a report for people, not a check"]
fn print_summary() {
    let started = std::time::Instant::now();
    let data = generate(2026, NOW_MS, FULL_SIZE);
    println!("generated {} responses in {:?}", data.responses.len(), started.elapsed());
    println!("{} ({})", data.org_name, data.time_zone);
    for team in &data.teams {
        let path = team.path.to_string();
        let (nps, n) = naive_nps(data.responses.iter().filter(|r| team_of(r) == path));
        let (first, _) = naive_nps(
            data.responses.iter().filter(|r| team_of(r) == path && r.submitted_at_ms < NOW_MS - 365 * DAY_MS),
        );
        let (last, _) = naive_nps(
            data.responses.iter().filter(|r| team_of(r) == path && r.submitted_at_ms >= NOW_MS - 180 * DAY_MS),
        );
        println!(
            "  {path:<42} NPS {nps:+5.1} (first 6 months {first:+5.1}, last 6 {last:+5.1})  n={n:<6} {}",
            team.agents.join(", ")
        );
    }
    let (nps, n) = naive_nps(&data.responses);
    println!("  overall NPS {nps:+.1} n={n}");
    let mut months: BTreeMap<(i32, u32), Vec<&NewResponse>> = BTreeMap::new();
    for response in &data.responses {
        let (year, month, _) = vocal_domain::DayNumber(response.submitted_at_ms.div_euclid(DAY_MS) as i32).civil();
        months.entry((year, month)).or_default().push(response);
    }
    for ((year, month), responses) in &months {
        let (nps, n) = naive_nps(responses.iter().copied());
        println!("  {year}-{month:02}  n={n:<6} NPS {nps:+5.1}");
    }
    for field in ["channel", "touchpoint", "language"] {
        let mut mix: BTreeMap<&str, usize> = BTreeMap::new();
        for response in &data.responses {
            let value = match field {
                "channel" => response.channel.as_deref(),
                "touchpoint" => response.touchpoint.as_deref(),
                _ => response.language.as_deref(),
            };
            *mix.entry(value.unwrap_or("-")).or_default() += 1;
        }
        let shares: Vec<String> =
            mix.iter().map(|(k, v)| format!("{k} {:.1}%", 100.0 * *v as f64 / n as f64)).collect();
        println!("{field} mix: {}", shares.join(", "));
    }
    let comments = data.responses.iter().filter(|r| r.comment.is_some()).count();
    let distinct: HashSet<&str> = data.responses.iter().filter_map(|r| r.comment.as_deref()).collect();
    let with_email = data.responses.iter().filter(|r| r.contact_email.is_some()).count();
    let contacts: HashSet<&str> = data.responses.iter().filter_map(|r| r.contact_email.as_deref()).collect();
    let with_account = data.responses.iter().filter(|r| r.account.is_some()).count();
    println!(
        "contacts: {with_email} responses with an email from {} people; {with_account} from business accounts",
        contacts.len()
    );
    println!("comments: {comments} ({:.1}%), {} distinct", 100.0 * comments as f64 / n as f64, distinct.len());
    for (name, band) in [("detractor", 0..=6), ("passive", 7..=8), ("promoter", 9..=10)] {
        println!("{name} samples:");
        let all = comments_with_scores(&data, band);
        for comment in all.iter().step_by(all.len() / 10).take(10) {
            println!("  - {comment}");
        }
    }
}
