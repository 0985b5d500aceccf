//! The English word lists and constants of VADER 3.3.2: negations, degree
//! adverbs (boosters and dampeners) and the idioms whose valence replaces
//! their words'. The figures are the paper's empirically derived means.
//!
//! The reference also lists "sentiment-laden idioms" without lexicon words
//! ("cut the mustard", "under the weather", …), but its check for them is
//! marked future work and never called, so they change no score and are not
//! carried here.

/// What a booster ("very") adds to the valence of the word it modifies.
pub(super) const BOOSTER_INCREMENT: f64 = 0.293;
/// What a dampener ("slightly") takes away.
pub(super) const DAMPENER_DECREMENT: f64 = -0.293;
/// What writing a word in capitals adds when the rest of the text is not.
pub(super) const CAPS_INCREMENT: f64 = 0.733;
/// The factor a negation applies: it flips and weakens ("not good" < 0, but
/// less than "bad").
pub(super) const NEGATION_SCALAR: f64 = -0.74;

/// A lower-cased word that negates what follows it: the reference's list, or
/// any word containing "n't".
pub(super) fn is_negation(lower: &str) -> bool {
    matches!(
        lower,
        "aint"
            | "arent"
            | "cannot"
            | "cant"
            | "couldnt"
            | "darent"
            | "didnt"
            | "doesnt"
            | "ain't"
            | "aren't"
            | "can't"
            | "couldn't"
            | "daren't"
            | "didn't"
            | "doesn't"
            | "dont"
            | "hadnt"
            | "hasnt"
            | "havent"
            | "isnt"
            | "mightnt"
            | "mustnt"
            | "neither"
            | "don't"
            | "hadn't"
            | "hasn't"
            | "haven't"
            | "isn't"
            | "mightn't"
            | "mustn't"
            | "neednt"
            | "needn't"
            | "never"
            | "none"
            | "nope"
            | "nor"
            | "not"
            | "nothing"
            | "nowhere"
            | "oughtnt"
            | "shant"
            | "shouldnt"
            | "uhuh"
            | "wasnt"
            | "werent"
            | "oughtn't"
            | "shan't"
            | "shouldn't"
            | "uh-uh"
            | "wasn't"
            | "weren't"
            | "without"
            | "wont"
            | "wouldnt"
            | "won't"
            | "wouldn't"
            | "rarely"
            | "seldom"
            | "despite"
    ) || lower.contains("n't")
}

/// The shift a lower-cased degree adverb gives a following word, before the
/// sign of that word is taken into account.
pub(super) fn booster(lower: &str) -> Option<f64> {
    match lower {
        "absolutely" | "amazingly" | "awfully" | "completely" | "considerable" | "considerably" | "decidedly"
        | "deeply" | "effing" | "enormous" | "enormously" | "entirely" | "especially" | "exceptional"
        | "exceptionally" | "extreme" | "extremely" | "fabulously" | "flipping" | "flippin" | "frackin"
        | "fracking" | "fricking" | "frickin" | "frigging" | "friggin" | "fully" | "fuckin" | "fucking" | "fuggin"
        | "fugging" | "greatly" | "hella" | "highly" | "hugely" | "incredible" | "incredibly" | "intensely"
        | "major" | "majorly" | "more" | "most" | "particularly" | "purely" | "quite" | "really" | "remarkably"
        | "so" | "substantially" | "thoroughly" | "total" | "totally" | "tremendous" | "tremendously" | "uber"
        | "unbelievably" | "unusually" | "utter" | "utterly" | "very" => Some(BOOSTER_INCREMENT),
        "almost" | "barely" | "hardly" | "kinda" | "kindof" | "kind-of" | "less" | "little" | "marginal"
        | "marginally" | "occasional" | "occasionally" | "partly" | "scarce" | "scarcely" | "slight" | "slightly"
        | "somewhat" | "sorta" | "sortof" | "sort-of" => Some(DAMPENER_DECREMENT),
        _ => None,
    }
}

/// The dampeners of two words ("kind of"). A token never holds a space, so
/// the reference only ever finds these when it joins two tokens.
pub(super) fn booster_pair(first: &str, second: &str) -> Option<f64> {
    match (first, second) {
        ("just", "enough") | ("kind", "of") | ("sort", "of") => Some(DAMPENER_DECREMENT),
        _ => None,
    }
}

/// Idioms whose valence replaces that of the lexicon word inside them
/// ("the shit" is praise). The reference also lists "badass", a single word
/// it only ever compares with joined pairs and triples, so it never applies.
pub(super) fn special_case(words: &[&str]) -> Option<f64> {
    match words {
        ["the", "shit"] | ["the", "bomb"] | ["to", "die", "for"] => Some(3.0),
        ["bad", "ass"] => Some(1.5),
        ["bus", "stop"] => Some(0.0),
        ["yeah", "right"] => Some(-2.0),
        ["kiss", "of", "death"] => Some(-1.5),
        ["beating", "heart"] => Some(3.5),
        _ => None,
    }
}
