//! The port against its oracle: vaderSentiment 3.3.2's scores, written by
//! `scripts/vader_oracle.py` into the two fixtures beside this file. Run with
//! `--nocapture` to see the measured agreement.

use super::{Sentiment, sentiment_of};

/// The largest difference in compound score that still counts as agreeing.
const TOLERANCE: f64 = 0.005;

struct Case {
    text: String,
    expected: Sentiment,
}

fn cases(fixture: &str) -> Vec<Case> {
    fixture
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let mut fields = line.splitn(5, '\t');
            let mut figure = || -> f64 {
                let field = fields.next().unwrap_or_else(|| panic!("short fixture line {line:?}"));
                field.parse().unwrap_or_else(|_| panic!("{field:?} in {line:?} is not a number"))
            };
            let expected = Sentiment { compound: figure(), positive: figure(), neutral: figure(), negative: figure() };
            let text = unescape(fields.next().unwrap_or_else(|| panic!("no text in {line:?}")));
            Case { text, expected }
        })
        .collect()
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            other => panic!("unknown escape \\{other:?} in {field:?}"),
        }
    }
    out
}

/// How closely the port follows the oracle on a set of cases.
struct Agreement {
    total: usize,
    same_label: usize,
    within_tolerance: usize,
    exact: usize,
    disagreements: Vec<String>,
}

impl Agreement {
    fn measure(cases: &[Case]) -> Agreement {
        let mut agreement = Agreement { total: 0, same_label: 0, within_tolerance: 0, exact: 0, disagreements: vec![] };
        for case in cases {
            let actual = sentiment_of(&case.text, "en").expect("English has a model");
            let same_label = actual.label() == case.expected.label();
            let close = (actual.compound - case.expected.compound).abs() <= TOLERANCE;
            agreement.total += 1;
            agreement.same_label += usize::from(same_label);
            agreement.within_tolerance += usize::from(close);
            agreement.exact += usize::from(actual == case.expected);
            if actual != case.expected {
                agreement.disagreements.push(format!("{:?}: got {actual:?}, oracle {:?}", case.text, case.expected));
            }
        }
        agreement
    }

    fn share(&self, count: usize) -> f64 {
        100.0 * count as f64 / self.total as f64
    }

    fn report(&self, name: &str) {
        println!(
            "{name}: {} texts; label agreement {:.2} %; |Δ compound| ≤ {TOLERANCE} for {:.2} %; \
             all four figures identical for {:.2} % ({} of {})",
            self.total,
            self.share(self.same_label),
            self.share(self.within_tolerance),
            self.share(self.exact),
            self.exact,
            self.total,
        );
        for line in self.disagreements.iter().take(20) {
            println!("  {line}");
        }
    }
}

#[test]
fn every_reference_and_hand_written_case_agrees_with_the_oracle() {
    let cases = cases(include_str!("oracle_cases.tsv"));
    assert!(cases.len() > 900, "the fixture lost cases: {}", cases.len());
    let agreement = Agreement::measure(&cases);
    agreement.report("oracle_cases.tsv");
    assert_eq!(agreement.same_label, agreement.total, "every label agrees");
    assert_eq!(agreement.within_tolerance, agreement.total, "every compound within {TOLERANCE}");
}

#[test]
fn thousands_of_customer_comments_agree_with_the_oracle() {
    let cases = cases(include_str!("oracle_comments.tsv"));
    assert!(cases.len() >= 3000, "the fixture lost comments: {}", cases.len());
    let agreement = Agreement::measure(&cases);
    agreement.report("oracle_comments.tsv");
    assert!(agreement.share(agreement.same_label) >= 99.0, "label agreement below 99 %");
    assert!(agreement.share(agreement.within_tolerance) >= 99.0, "under 99 % within {TOLERANCE}");
}

#[test]
fn a_wrong_score_is_caught() {
    // The check can fail: a case whose oracle figure is off by more than
    // the tolerance counts as a disagreement.
    let mut wrong = cases(include_str!("oracle_cases.tsv"));
    wrong.truncate(5);
    wrong[0].expected.compound += 2.0 * TOLERANCE;
    let agreement = Agreement::measure(&wrong);
    assert_eq!(agreement.within_tolerance, 4);
}

/// Any corpus scored by the oracle (`scripts/vader_oracle.py --corpus`):
/// `VADER_ORACLE_TSV=/tmp/oracle.tsv cargo test -p vocal-domain --release sentiment_corpus -- --ignored --nocapture`.
#[test]
#[ignore = "needs a file scored by the oracle, named in VADER_ORACLE_TSV"]
fn sentiment_corpus_agrees_with_the_oracle() {
    let path = std::env::var("VADER_ORACLE_TSV").expect("VADER_ORACLE_TSV names the oracle's scores");
    let fixture = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let agreement = Agreement::measure(&cases(&fixture));
    agreement.report(&path);
    assert!(agreement.share(agreement.same_label) >= 99.0, "label agreement below 99 %");
    assert!(agreement.share(agreement.within_tolerance) >= 99.0, "under 99 % within {TOLERANCE}");
}

/// Throughput at ingest, measured on the comment fixture:
/// `cargo test -p vocal-domain --release sentiment_throughput -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check: run in release"]
fn sentiment_throughput() {
    let texts: Vec<String> = cases(include_str!("oracle_comments.tsv")).into_iter().map(|case| case.text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = std::time::Instant::now();
    sentiment_of("the first call parses the lexicon", "en");
    println!("first call (parsing the embedded lexicon): {:?}", started.elapsed());
    let rounds = 200;
    let started = std::time::Instant::now();
    let mut checksum = 0.0;
    for _ in 0..rounds {
        for text in &texts {
            checksum += sentiment_of(std::hint::black_box(text), "en").map_or(0.0, |s| s.compound);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let comments = (rounds * texts.len()) as f64;
    println!(
        "{comments} comments ({:.0} bytes on average) in {elapsed:.2} s: {:.0} comments/s, {:.2} µs each, {:.1} MB/s \
         (checksum {checksum:.1})",
        bytes as f64 / texts.len() as f64,
        comments / elapsed,
        elapsed / comments * 1e6,
        (rounds * bytes) as f64 / elapsed / 1e6,
    );
}
