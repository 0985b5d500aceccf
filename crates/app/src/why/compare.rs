//! The words that separate two segments or periods (`--compare
//! FIELD=A,B`): the answers whose FIELD is A against those whose FIELD is
//! B, within the rest of the question, ranked as detractors against
//! promoters are (weighted log-odds, |z| ≥ [`TERM_MIN_Z`]).

use vocal_domain::text::why::{Side, distinguishing_terms};
use vocal_domain::{Counts, Figure, MinSample};

use super::report::{Answer, TERM_MIN_COMMENTS, TERM_MIN_Z, TERMS_PER_SIDE};

/// `FIELD=A,B` taken apart, or what is wrong with it.
pub fn parse_compare(text: &str) -> Result<(String, String, String), String> {
    let (field, values) = text.split_once('=').ok_or("expected FIELD=A,B, e.g. channel=phone,email")?;
    let (a, b) = values.split_once(',').ok_or("expected two values after '=', separated by a comma")?;
    let (field, a, b) = (field.trim(), a.trim(), b.trim());
    if field.is_empty() || a.is_empty() || b.is_empty() || b.contains(',') {
        return Err("expected FIELD=A,B: one field and exactly two values".into());
    }
    if a == b {
        return Err(format!("the two values are the same ({a:?})"));
    }
    Ok((field.to_string(), a.to_string(), b.to_string()))
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Segment {
    pub value: String,
    pub responses: u64,
    pub comments: u64,
    pub nps: Figure,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CompareTerm {
    pub term: String,
    /// The value whose comments the term is typical of.
    pub side: String,
    /// Positive for the first value, negative for the second.
    pub z: f64,
    pub comments_a: u64,
    pub comments_b: u64,
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CompareReport {
    pub field: String,
    pub a: Segment,
    pub b: Segment,
    pub terms: Vec<CompareTerm>,
}

/// The terms separating `a`'s answers from `b`'s.
pub fn compare(field: &str, a: (&str, &[Answer]), b: (&str, &[Answer]), min_sample: MinSample) -> CompareReport {
    let comments = |answers: &[Answer]| -> Vec<String> {
        answers
            .iter()
            .filter_map(|x| x.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string))
            .collect()
    };
    let (in_a, in_b) = (comments(a.1), comments(b.1));
    let segment = |(value, answers): (&str, &[Answer]), comments: usize| Segment {
        value: value.to_string(),
        responses: answers.len() as u64,
        comments: comments as u64,
        nps: Counts::from_scores(answers.iter().map(|x| x.score)).figure(min_sample),
    };
    let terms = distinguishing_terms(
        in_a.iter().map(String::as_str),
        in_b.iter().map(String::as_str),
        None,
        TERMS_PER_SIDE,
        TERM_MIN_COMMENTS,
    )
    .into_iter()
    .filter(|t| t.z.abs() >= TERM_MIN_Z)
    .map(|t| {
        let (side, side_comments) = if t.side == Side::A { (a.0, &in_a) } else { (b.0, &in_b) };
        CompareTerm {
            side: side.to_string(),
            z: t.z,
            comments_a: t.count_a,
            comments_b: t.count_b,
            examples: t.examples.iter().filter_map(|&i| side_comments.get(i)).cloned().collect(),
            term: t.term,
        }
    })
    .collect();
    CompareReport { field: field.to_string(), a: segment(a, in_a.len()), b: segment(b, in_b.len()), terms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vocal_domain::Score;

    fn said(score: i64, comment: &str) -> Answer {
        Answer { score: Score::new(score).unwrap(), comment: Some(comment.into()), language: Some("en".into()) }
    }

    #[test]
    fn the_words_of_one_channel_stand_apart_from_the_other() {
        let phone: Vec<Answer> = (0..40).map(|i| said(4, &format!("the hold music went on for {i} minutes"))).collect();
        let chat: Vec<Answer> = (0..40).map(|i| said(9, &format!("the chat bot answered in {i} minutes"))).collect();
        let report = compare("channel", ("phone", &phone), ("chat", &chat), MinSample(1));
        assert_eq!((report.a.responses, report.b.comments), (40, 40));
        assert_eq!(report.a.nps.nps, Some(-100.0));
        let side_of = |word: &str| report.terms.iter().find(|t| t.term == word).map(|t| t.side.as_str());
        assert_eq!(side_of("hold"), Some("phone"), "{:?}", report.terms);
        assert_eq!(side_of("bot"), Some("chat"));
        assert_eq!(side_of("minutes"), None, "both say it");
    }

    #[test]
    fn a_compare_needs_one_field_and_two_different_values() {
        assert_eq!(parse_compare("channel=phone,email").unwrap(), ("channel".into(), "phone".into(), "email".into()));
        for bad in ["channel", "channel=phone", "channel=phone,", "=a,b", "channel=a,b,c", "channel=a,a"] {
            assert!(parse_compare(bad).is_err(), "{bad}");
        }
    }
}
