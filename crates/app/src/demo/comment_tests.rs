//! The comments' promises: enough of them, varied, in every band, fitting
//! their touchpoint, and never praising in a detractor's words or the reverse.

use std::collections::HashSet;

use super::tests::{FULL_SIZE, comments_with_scores, full_demo};

#[test]
fn most_responses_carry_thousands_of_distinct_comments_in_every_band() {
    let data = full_demo();
    let comments: Vec<&str> = data.responses.iter().filter_map(|r| r.comment.as_deref()).collect();
    let share = comments.len() as f64 / FULL_SIZE as f64;
    assert!((0.58..=0.74).contains(&share), "comment share {share:.2}");
    let distinct: HashSet<&str> = comments.iter().copied().collect();
    assert!(distinct.len() >= 3_000, "only {} distinct comments", distinct.len());
    for band in [0..=6, 7..=8, 9..=10] {
        assert!(comments_with_scores(data, band.clone()).len() > 1_000, "few comments for {band:?}");
    }
    assert!(comments.iter().all(|c| !c.trim().is_empty() && !c.contains('{')), "an empty or unfilled comment");
    let lengths: Vec<usize> = comments.iter().map(|c| c.split_whitespace().count()).collect();
    assert!(lengths.iter().any(|&n| n <= 3) && lengths.iter().any(|&n| n >= 25), "comment lengths do not vary");
    assert!(comments.iter().any(|c| c.chars().any(|ch| ('\u{3040}'..='\u{30ff}').contains(&ch))), "no Japanese");
}

#[test]
fn promoters_and_detractors_do_not_share_stock_phrases() {
    let data = full_demo();
    let detractor_only = ["waste of time", "not helpful at all", "never again", "unacceptable", "worst", "useless"];
    let promoter_only = ["fantastic", "no complaints", "highly recommend", "above and beyond", "keep it up", "10/10"];
    let contains_any = |comment: &str, phrases: &[&str]| {
        let lower = comment.to_lowercase();
        phrases.iter().any(|p| lower.contains(p))
    };
    let promoters = comments_with_scores(data, 9..=10);
    let detractors = comments_with_scores(data, 0..=6);
    let leaked: Vec<&&str> = promoters.iter().filter(|c| contains_any(c, &detractor_only)).take(3).collect();
    assert!(leaked.is_empty(), "promoter comments with detractor phrases: {leaked:?}");
    let leaked: Vec<&&str> = detractors.iter().filter(|c| contains_any(c, &promoter_only)).take(3).collect();
    assert!(leaked.is_empty(), "detractor comments with promoter phrases: {leaked:?}");
    // The sentinels are live: each side does use its own phrases.
    assert!(detractors.iter().filter(|c| contains_any(c, &detractor_only)).count() > 500);
    assert!(promoters.iter().filter(|c| contains_any(c, &promoter_only)).count() > 500);
}

#[test]
fn comments_fit_the_touchpoint() {
    let data = full_demo();
    let about = |touchpoint: &'static str| {
        data.responses
            .iter()
            .filter(move |r| r.touchpoint.as_deref() == Some(touchpoint))
            .filter_map(|r| r.comment.as_deref())
    };
    let misplaced = |touchpoint: &'static str, words: &[&str]| {
        about(touchpoint).filter(|c| words.iter().any(|w| c.to_lowercase().contains(w))).take(3).collect::<Vec<_>>()
    };
    assert_eq!(misplaced("support call", &["in the store", "chat queue", "chatbot"]), Vec::<&str>::new());
    assert_eq!(misplaced("store visit", &["on hold", "phone menu", "chatbot"]), Vec::<&str>::new());
    assert_eq!(misplaced("live chat", &["on hold", "the technician", "in the store"]), Vec::<&str>::new());
    assert!(about("support call").any(|c| c.contains("on hold")), "the call phrases are never used");
}

#[test]
fn promoters_praise_agents_by_name() {
    let data = full_demo();
    let named = data
        .responses
        .iter()
        .filter(|r| r.score.value() >= 9)
        .filter_map(|r| Some((r.agent.as_deref()?, r.comment.as_deref()?)))
        .filter(|(agent, comment)| comment.contains(agent.split(' ').next().unwrap_or(agent)))
        .count();
    assert!(named > 2_000, "only {named} promoter comments name their agent");
}

#[test]
fn the_corpus_rejects_unknown_and_empty_sections() {
    use super::phrases::Corpus;
    let bundled = include_str!("phrases.txt");
    assert!(Corpus::parse(bundled).is_ok());
    let unknown: &'static str = Box::leak(format!("{bundled}\n[wait.typo]\nsomething\n").into_boxed_str());
    assert!(Corpus::parse(unknown).unwrap_err().contains("wait.typo"));
    let empty: &'static str = Box::leak(bundled.replace("[slot.nth]", "[slot.nth]\n[slot.extra]").into_boxed_str());
    assert!(Corpus::parse(empty).unwrap_err().contains("slot.nth"));
}
