//! How a comment feels: a score in [−1, 1] and a label, from a model chosen
//! by the comment's language. English uses VADER, a lexicon-and-rules model
//! (see `docs/sentiment.md`). A language without a model gets no sentiment
//! at all — `None`, shown as such — never a guess from another language's
//! words.

mod vader;

#[cfg(test)]
mod oracle_tests;
#[cfg(test)]
mod tests;

/// VADER's reading of a text. `compound` is the one figure to use; the three
/// shares say how much of the text leans each way and sum to about 1.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sentiment {
    /// From −1 (most negative) to 1 (most positive), rounded to 4 decimals.
    pub compound: f64,
    /// Share of the text's weight in positive words, rounded to 3 decimals.
    pub positive: f64,
    /// Share in words without sentiment.
    pub neutral: f64,
    /// Share in negative words.
    pub negative: f64,
}

/// The compound score read with VADER's usual thresholds, ±0.05.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SentimentLabel {
    Positive,
    Neutral,
    Negative,
}

impl Sentiment {
    /// The compound score at or above which a text reads as positive (and at
    /// or below whose negative, negative).
    pub const THRESHOLD: f64 = 0.05;

    pub fn label(&self) -> SentimentLabel {
        if self.compound >= Self::THRESHOLD {
            SentimentLabel::Positive
        } else if self.compound <= -Self::THRESHOLD {
            SentimentLabel::Negative
        } else {
            SentimentLabel::Neutral
        }
    }
}

/// The languages that have a sentiment model. Adding one means a variant
/// here, its primary language subtag in `for_language`, and its scorer in
/// `score`; each model keeps its lexicon and rules in its own module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SentimentModel {
    /// VADER 3.3.2.
    English,
}

impl SentimentModel {
    /// The model for a language tag such as `en`, `en-GB` or `EN_us` (read
    /// by its primary subtag), or `None` when the language has none.
    pub fn for_language(tag: &str) -> Option<SentimentModel> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") { Some(SentimentModel::English) } else { None }
    }

    pub fn score(self, text: &str) -> Sentiment {
        match self {
            SentimentModel::English => vader::polarity_scores(text),
        }
    }
}

/// The sentiment of `text` written in `language` (a BCP 47 tag), or `None`
/// when no model reads that language.
pub fn sentiment_of(text: &str, language: &str) -> Option<Sentiment> {
    SentimentModel::for_language(language).map(|model| model.score(text))
}
