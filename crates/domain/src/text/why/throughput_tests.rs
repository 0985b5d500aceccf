//! How fast [`distinguishing_terms`] ranks 100,000 synthetic comments.
//! Ignored (it measures, it does not check); the figures are in
//! `docs/why.md`:
//! `cargo test --release -p vocal-domain -- --ignored why_terms_throughput --nocapture`

use std::time::Instant;

use super::distinguishing_terms;

const FILLER: &str = "the agent was really not rude but i waited on hold for ages and my bill is wrong again \
     so i will switch provider because the internet keeps dropping every evening thanks for nothing \
     honestly it was fine today and the staff in the store were helpful with my new phone";

/// 100,000 comments of 5 to 40 words: the filler's words and 5,000 rarer
/// made-up ones, drawn with a skew so a few words are common and most rare.
fn comments(count: usize) -> Vec<String> {
    let filler: Vec<&str> = FILLER.split(' ').collect();
    let rare: Vec<String> = (0..5_000).map(|i| format!("word{i}")).collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % bound
    };
    (0..count)
        .map(|_| {
            let length = 5 + next(36);
            let mut comment = String::new();
            for at in 0..length {
                let word = if next(3) == 0 {
                    let skewed = next(rare.len() as u64) * next(1_000) / 1_000;
                    rare[skewed as usize].as_str()
                } else {
                    filler[next(filler.len() as u64) as usize]
                };
                comment.push_str(word);
                comment.push_str(if at % 9 == 8 { ". " } else { " " });
            }
            comment
        })
        .collect()
}

#[test]
#[ignore = "measures throughput; run with --release --nocapture"]
fn why_terms_throughput() {
    let all = comments(100_000);
    let (detractors, promoters) = all.split_at(40_000);
    let words: usize = all.iter().map(|comment| comment.split(' ').count()).sum();
    for round in 0..3 {
        let start = Instant::now();
        let terms = distinguishing_terms(
            detractors.iter().map(String::as_str),
            promoters.iter().map(String::as_str),
            Some("en"),
            25,
            5,
        );
        let elapsed = start.elapsed();
        assert_eq!(terms.len(), 50);
        println!(
            "round {round}: {} comments ({words} words) in {:.3} s: {:.0} comments/s",
            all.len(),
            elapsed.as_secs_f64(),
            all.len() as f64 / elapsed.as_secs_f64()
        );
    }
}
