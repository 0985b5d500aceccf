//! The public API: language selection, labels, and a few scores the
//! reference (vaderSentiment 3.3.2 on Python 3.11) gives.

use super::*;

fn english(text: &str) -> Sentiment {
    sentiment_of(text, "en").expect("English has a model")
}

#[test]
fn english_is_chosen_by_its_primary_subtag_in_any_case() {
    for tag in ["en", "EN", "en-GB", "en-US", "en_us", " en-Latn-CA "] {
        assert_eq!(SentimentModel::for_language(tag), Some(SentimentModel::English), "{tag}");
    }
}

#[test]
fn languages_without_a_model_get_no_sentiment_rather_than_a_wrong_one() {
    for tag in ["de", "fr", "fr-CA", "es", "nl", "eng", "e", "", "und", "english"] {
        assert_eq!(sentiment_of("Das ist nicht gut", tag), None, "{tag}");
    }
}

#[test]
fn the_readme_examples_score_as_the_reference_does() {
    // python -c "from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as S; print(S().polarity_scores(...))"
    assert_eq!(
        english("VADER is smart, handsome, and funny."),
        Sentiment { compound: 0.8316, positive: 0.746, neutral: 0.254, negative: 0.0 }
    );
    assert_eq!(
        english("VADER is VERY SMART, handsome, and FUNNY!!!"),
        Sentiment { compound: 0.9342, positive: 0.767, neutral: 0.233, negative: 0.0 }
    );
    assert_eq!(english("Not bad at all").compound, 0.431);
    assert_eq!(english("Today SUX!").compound, -0.5461);
}

#[test]
fn the_example_in_the_docs_holds() {
    // docs/sentiment.md; the reference gives compound -0.4664.
    let s = sentiment_of("The agent was lovely, but the wait was terrible!", "en-GB").expect("English");
    assert_eq!(s.compound, -0.4664);
    assert_eq!(s.label(), SentimentLabel::Negative);
    assert_eq!(sentiment_of("Das war nicht gut", "de"), None);
}

#[test]
fn labels_use_the_usual_thresholds_inclusively() {
    let with = |compound| Sentiment { compound, positive: 0.0, neutral: 1.0, negative: 0.0 };
    assert_eq!(with(0.05).label(), SentimentLabel::Positive);
    assert_eq!(with(0.0499).label(), SentimentLabel::Neutral);
    assert_eq!(with(-0.0499).label(), SentimentLabel::Neutral);
    assert_eq!(with(-0.05).label(), SentimentLabel::Negative);
}

#[test]
fn text_without_words_is_neutral_with_all_shares_zero() {
    for text in ["", "   ", "\n\t"] {
        assert_eq!(english(text), Sentiment { compound: 0.0, positive: 0.0, neutral: 0.0, negative: 0.0 });
    }
}
