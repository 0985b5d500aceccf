//! The why of a set of answers: what each theme costs or earns in NPS,
//! the words that separate detractors from promoters, and how the comments
//! feel. One pass over the answers (themes and sentiment per comment), then
//! the domain's arithmetic (`vocal_domain::text::why`). The caller chose
//! the answers (a scope, filters, a period), so everything here is pure.

use vocal_domain::text::sentiment::{SentimentLabel, sentiment_of};
use vocal_domain::text::themes::{Taxonomy, ThemeMatcher};
use vocal_domain::text::why::{Mentions, RateChange, Side, ThemeImpact, distinguishing_terms, mention_rate_change};
use vocal_domain::{Category, Counts, MinSample, Score};

/// Terms per side at most.
pub const TERMS_PER_SIDE: usize = 15;
/// Comments a term must appear in (both sides together) to be ranked.
pub const TERM_MIN_COMMENTS: u64 = 5;
/// |z| a term needs to be shown: a word both sides use alike is not one
/// that separates them, however few others there are.
pub const TERM_MIN_Z: f64 = 1.96;

/// One answer as the analysis reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub score: Score,
    pub comment: Option<String>,
    pub language: Option<String>,
}

/// A theme's line of the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ThemeLine {
    pub theme: String,
    pub name: String,
    #[serde(flatten)]
    pub impact: ThemeImpact,
    /// Its mention rate against the previous period of the same length,
    /// `emerging` when it rose significantly; `None` without a period.
    pub change: Option<RateChange>,
}

/// A distinguishing term, with the comments that show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TermLine {
    pub term: String,
    /// `detractors` or `promoters`.
    pub side: &'static str,
    pub z: f64,
    pub detractor_comments: u64,
    pub promoter_comments: u64,
    pub examples: Vec<String>,
}

/// How the comments feel, by the sentiment model of their language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Feeling {
    pub positive: u64,
    pub neutral: u64,
    pub negative: u64,
    /// Comments in a language without a model, or in no known language:
    /// no sentiment, never a wrong one.
    pub no_model: u64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WhyReport {
    /// Answers looked at, and of them those with a comment.
    pub responses: u64,
    pub comments: u64,
    /// Themes by impact, the costliest first.
    pub themes: Vec<ThemeLine>,
    /// Detractors' terms then promoters', each by |z|.
    pub terms: Vec<TermLine>,
    pub sentiment: Feeling,
}

/// The why of `answers` under `taxonomy`, with theme names in `names_in`;
/// with the `previous` period's answers, each theme's change of mention rate.
pub fn analyse(
    answers: &[Answer],
    previous: Option<&[Answer]>,
    taxonomy: &Taxonomy,
    names_in: &str,
    min_sample: MinSample,
) -> WhyReport {
    let matcher: ThemeMatcher = taxonomy.compile();
    let before = previous.map(|answers| mentions_in(&matcher, answers, taxonomy.themes().len()));
    let mut overall = Counts::default();
    let mut with = vec![Counts::default(); taxonomy.themes().len()];
    let mut feeling = Feeling::default();
    let (mut detractors, mut promoters): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut comments = 0;
    for answer in answers {
        overall.add(answer.score);
        let Some(comment) = answer.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) else { continue };
        comments += 1;
        // An answer without a language is matched against every language's
        // phrases, and gets no sentiment: a guess could be a wrong one.
        let language = answer.language.as_deref();
        for theme in matcher.themes_of(comment, language).iter() {
            with[theme].add(answer.score);
        }
        match language.and_then(|l| sentiment_of(comment, l)).map(|s| s.label()) {
            Some(SentimentLabel::Positive) => feeling.positive += 1,
            Some(SentimentLabel::Neutral) => feeling.neutral += 1,
            Some(SentimentLabel::Negative) => feeling.negative += 1,
            None => feeling.no_model += 1,
        }
        match answer.score.category() {
            Category::Detractor => detractors.push(comment),
            Category::Promoter => promoters.push(comment),
            Category::Passive => {}
        }
    }
    let mut themes: Vec<ThemeLine> = taxonomy
        .themes()
        .iter()
        .zip(with)
        .enumerate()
        .map(|(i, (definition, with))| ThemeLine {
            theme: definition.slug.clone(),
            name: theme_name(definition, names_in),
            impact: ThemeImpact::with_min_sample(with, minus(overall, with), min_sample),
            change: before.as_ref().and_then(|(mentions, n)| {
                let previous = Mentions { mentions: mentions[i], n: *n };
                mention_rate_change(previous, Mentions { mentions: with.n(), n: overall.n() })
            }),
        })
        .collect();
    // The costliest first; themes nobody mentions last.
    themes.sort_by(|a, b| {
        let key = |t: &ThemeLine| (t.impact.mentions == 0, t.impact.impact.unwrap_or(0.0));
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
    });
    let terms = distinguishing_terms(
        detractors.iter().copied(),
        promoters.iter().copied(),
        None,
        TERMS_PER_SIDE,
        TERM_MIN_COMMENTS,
    )
    .into_iter()
    .filter(|term| term.z.abs() >= TERM_MIN_Z)
    .map(|term| {
        let side_comments = if term.side == Side::A { &detractors } else { &promoters };
        TermLine {
            side: if term.side == Side::A { "detractors" } else { "promoters" },
            z: term.z,
            detractor_comments: term.count_a,
            promoter_comments: term.count_b,
            examples: term.examples.iter().filter_map(|&i| side_comments.get(i)).map(|c| c.to_string()).collect(),
            term: term.term,
        }
    })
    .collect();
    WhyReport { responses: overall.n(), comments, themes, terms, sentiment: feeling }
}

/// Per theme, the answers whose comment mentions it; and all the answers.
fn mentions_in(matcher: &ThemeMatcher, answers: &[Answer], themes: usize) -> (Vec<u64>, u64) {
    let mut mentions = vec![0; themes];
    for answer in answers {
        let Some(comment) = answer.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) else { continue };
        for theme in matcher.themes_of(comment, answer.language.as_deref()).iter() {
            mentions[theme] += 1;
        }
    }
    (mentions, answers.len() as u64)
}

/// The theme's name in `language`, else English, else its slug.
fn theme_name(definition: &vocal_domain::text::themes::ThemeDefinition, language: &str) -> String {
    let primary = language.get(..2).unwrap_or("en");
    definition
        .name
        .get(primary)
        .or_else(|| definition.name.get("en"))
        .cloned()
        .unwrap_or_else(|| definition.slug.clone())
}

/// The counts of the answers not in `part`.
fn minus(all: Counts, part: Counts) -> Counts {
    Counts {
        promoters: all.promoters - part.promoters,
        passives: all.passives - part.passives,
        detractors: all.detractors - part.detractors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BILLING: &str = r#"
[[theme]]
slug = "billing"
name = { en = "Billing" }
phrases = { en = ["charged", "bill"] }

[[theme]]
slug = "delivery"
name = { en = "Delivery" }
phrases = { en = ["parcel"] }
"#;

    fn answer(score: i64, comment: Option<&str>, language: Option<&str>) -> Answer {
        Answer {
            score: Score::new(score).unwrap(),
            comment: comment.map(str::to_string),
            language: language.map(str::to_string),
        }
    }

    #[test]
    fn a_theme_named_by_detractors_costs_what_the_rest_would_have_scored() {
        // Worked by hand: 6 promoters and 4 detractors overall (NPS +20).
        // "billing": 4 detractors and 1 promoter (NPS −60); the rest: 5
        // promoters (NPS +100). Impact = NPS_all − NPS_without = 20 − 100 = −80.
        let mut answers = vec![answer(2, Some("They charged me twice"), Some("en")); 4];
        answers.push(answer(9, Some("The bill was clear"), Some("en")));
        answers.extend(vec![answer(10, Some("Great people"), Some("en")); 4]);
        answers.push(answer(10, None, None));
        let taxonomy = Taxonomy::from_toml(BILLING).unwrap();
        let report = analyse(&answers, None, &taxonomy, "en", MinSample(1));
        assert_eq!((report.responses, report.comments), (10, 9));
        let billing = &report.themes[0];
        assert_eq!((billing.theme.as_str(), billing.name.as_str()), ("billing", "Billing"), "the costliest first");
        assert_eq!(billing.impact.mentions, 5);
        assert_eq!(billing.impact.nps_with.nps, Some(-60.0));
        assert_eq!(billing.impact.nps_without.nps, Some(100.0));
        assert!((billing.impact.impact.unwrap() + 80.0).abs() < 1e-9, "{:?}", billing.impact.impact);
        assert_eq!(billing.impact.share_of_detractors, Some(1.0), "every detractor named it");
        assert_eq!(billing.impact.share_of_promoters, Some(1.0 / 6.0), "one promoter in six");
        let delivery = &report.themes[1];
        assert_eq!((delivery.theme.as_str(), delivery.impact.mentions), ("delivery", 0), "unmentioned last");
        let feeling = report.sentiment;
        assert_eq!(
            feeling.positive + feeling.neutral + feeling.negative + feeling.no_model,
            9,
            "every comment counted once"
        );
    }

    #[test]
    fn a_comment_without_a_known_language_or_model_gets_no_sentiment() {
        let answers = vec![
            answer(0, Some("Terrible, awful service!!!"), None),
            answer(0, Some("Un servicio terrible"), Some("es")),
            answer(0, Some("Terrible, awful service!!!"), Some("en")),
        ];
        let report = analyse(&answers, None, &Taxonomy::default_customer_service(), "en", MinSample(1));
        assert_eq!(report.sentiment, Feeling { positive: 0, neutral: 0, negative: 1, no_model: 2 });
    }

    #[test]
    fn the_words_of_detractors_stand_apart_from_those_of_promoters() {
        let mut answers = Vec::new();
        for i in 0..30 {
            answers.push(answer(1, Some(&format!("Waited on hold for {i} minutes, useless")), Some("en")));
            answers.push(answer(10, Some(&format!("Friendly agent, fixed it in {i} minutes")), Some("en")));
        }
        let report = analyse(&answers, None, &Taxonomy::default_customer_service(), "en", MinSample(1));
        let side_of = |word: &str| report.terms.iter().find(|t| t.term == word).map(|t| t.side);
        assert_eq!(side_of("useless"), Some("detractors"), "{:?}", report.terms);
        assert_eq!(side_of("friendly"), Some("promoters"));
        assert!(report.terms.iter().all(|t| t.term != "minutes"), "a word of both sides does not separate them");
        let useless = report.terms.iter().find(|t| t.term == "useless").unwrap();
        assert!(useless.z > 0.0 && !useless.examples.is_empty() && useless.examples[0].contains("useless"));
    }
}

#[cfg(test)]
mod emerging_tests {
    use super::*;

    #[test]
    fn a_theme_twice_as_often_on_many_answers_is_emerging_and_a_steady_one_is_not() {
        let taxonomy = Taxonomy::from_toml(
            "[[theme]]\nslug = \"billing\"\nname = { en = \"Billing\" }\nphrases = { en = [\"bill\"] }\n\n[[theme]]\nslug = \"delivery\"\nname = { en = \"Delivery\" }\nphrases = { en = [\"parcel\"] }\n",
        )
        .unwrap();
        let answers = |bills: usize, parcels: usize| -> Vec<Answer> {
            let comment = |i: usize| match i {
                i if i < bills => "my bill is wrong",
                i if i < bills + parcels => "the parcel came late",
                _ => "fine",
            };
            (0..400)
                .map(|i| Answer {
                    score: Score::new(5).unwrap(),
                    comment: Some(comment(i).into()),
                    language: Some("en".into()),
                })
                .collect()
        };
        // Billing: 20 of 400 (5 %) then 80 of 400 (20 %); delivery 40 then 40.
        let (before, now) = (answers(20, 40), answers(80, 40));
        let report = analyse(&now, Some(&before), &taxonomy, "en", MinSample(1));
        let change = |slug: &str| report.themes.iter().find(|t| t.theme == slug).unwrap().change.unwrap();
        let billing = change("billing");
        assert!((billing.previous_rate - 0.05).abs() < 1e-12 && (billing.current_rate - 0.20).abs() < 1e-12);
        assert!(billing.emerging, "{billing:?}");
        let delivery = change("delivery");
        assert!((delivery.delta).abs() < 1e-12 && !delivery.emerging, "{delivery:?}");
        assert!(analyse(&now, None, &taxonomy, "en", MinSample(1)).themes.iter().all(|t| t.change.is_none()));
    }
}
