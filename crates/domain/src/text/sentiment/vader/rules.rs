//! The valence of each token in context: the lexicon's rating, shifted by
//! negations, degree adverbs, capitals and idioms within three tokens before
//! it, and the contrastive "but". Written from the paper and the behaviour of
//! vaderSentiment 3.3.2, including its quirks, so that scores agree with it.

use super::tokens::Tokens;
use super::words::{CAPS_INCREMENT, NEGATION_SCALAR, booster, booster_pair, is_negation, special_case};

/// One valence per token (zero for words without sentiment), in order.
pub(super) fn token_valences(tokens: &Tokens) -> Vec<f64> {
    let mut valences: Vec<f64> = (0..tokens.len())
        .map(|i| {
            let lower = tokens.lower(i);
            let is_modifier =
                booster(lower).is_some() || (lower == "kind" && i + 1 < tokens.len() && tokens.lower(i + 1) == "of");
            if is_modifier { 0.0 } else { valence_in_context(tokens, i) }
        })
        .collect();
    shift_around_but(tokens, &mut valences);
    valences
}

fn valence_in_context(tokens: &Tokens, i: usize) -> f64 {
    let Some(rated) = tokens.valence(i) else { return 0.0 };
    let mut valence = rated;
    // "no" before a rated word negates it rather than counting itself.
    if tokens.lower(i) == "no" && i + 1 < tokens.len() && tokens.in_lexicon(i + 1) {
        valence = 0.0;
    }
    if follows_no(tokens, i) {
        valence = rated * NEGATION_SCALAR;
    }
    if tokens.is_upper(i) && tokens.caps_stand_out {
        valence += if valence > 0.0 { CAPS_INCREMENT } else { -CAPS_INCREMENT };
    }
    for distance in 1..=3 {
        if i < distance || tokens.in_lexicon(i - distance) {
            continue;
        }
        let scalar = degree_scalar(tokens, i - distance, valence);
        valence += match distance {
            1 => scalar,
            2 => scalar * 0.95,
            _ => scalar * 0.9,
        };
        valence = negation(tokens, valence, distance, i);
        if distance == 3 {
            valence = idioms(tokens, valence, i);
        }
    }
    least(tokens, valence, i)
}

/// "no good", "no real help", "no love or respect".
fn follows_no(tokens: &Tokens, i: usize) -> bool {
    (i > 0 && tokens.lower(i - 1) == "no")
        || (i > 1 && tokens.lower(i - 2) == "no")
        || (i > 2 && tokens.lower(i - 3) == "no" && matches!(tokens.lower(i - 1), "or" | "nor"))
}

/// The push a degree adverb at `at` gives the valence: away from zero for a
/// booster, towards it for a dampener, more if the adverb alone is in
/// capitals.
fn degree_scalar(tokens: &Tokens, at: usize, valence: f64) -> f64 {
    let Some(mut scalar) = booster(tokens.lower(at)) else { return 0.0 };
    if valence < 0.0 {
        scalar = -scalar;
    }
    if tokens.is_upper(at) && tokens.caps_stand_out {
        scalar += if valence > 0.0 { CAPS_INCREMENT } else { -CAPS_INCREMENT };
    }
    scalar
}

/// A negation `distance` tokens back flips the valence, except for "never
/// so/this" (which intensifies) and "without doubt" (which leaves it). As in
/// the reference, a "so" or "this" just before the word intensifies it when
/// the third word back is looked at, whatever that word is.
fn negation(tokens: &Tokens, valence: f64, distance: usize, i: usize) -> f64 {
    let word = |back: usize| tokens.lower(i - back);
    let so_or_this = |back: usize| matches!(word(back), "so" | "this");
    match distance {
        1 if is_negation(word(1)) => valence * NEGATION_SCALAR,
        2 if word(2) == "never" && so_or_this(1) => valence * 1.25,
        2 if word(2) == "without" && word(1) == "doubt" => valence,
        2 if is_negation(word(2)) => valence * NEGATION_SCALAR,
        3 if (word(3) == "never" && so_or_this(2)) || so_or_this(1) => valence * 1.25,
        3 if word(3) == "without" && (word(2) == "doubt" || word(1) == "doubt") => valence,
        3 if is_negation(word(3)) => valence * NEGATION_SCALAR,
        _ => valence,
    }
}

/// Idioms around token `i` (at least three tokens in) replace its valence;
/// "kind of" and friends before it dampen it (by a fixed amount, whatever
/// its sign, as in the reference).
fn idioms(tokens: &Tokens, mut valence: f64, i: usize) -> f64 {
    let [w3, w2, w1, w0] = [3, 2, 1, 0].map(|back| tokens.lower(i - back));
    let around: [&[&str]; 5] = [&[w1, w0], &[w2, w1, w0], &[w2, w1], &[w3, w2, w1], &[w3, w2]];
    if let Some(idiom) = around.iter().find_map(|words| special_case(words)) {
        valence = idiom;
    }
    if i + 1 < tokens.len()
        && let Some(idiom) = special_case(&[w0, tokens.lower(i + 1)])
    {
        valence = idiom;
    }
    if i + 2 < tokens.len()
        && let Some(idiom) = special_case(&[w0, tokens.lower(i + 1), tokens.lower(i + 2)])
    {
        valence = idiom;
    }
    for (first, second) in [(w3, w2), (w2, w1)] {
        if let Some(dampener) = booster_pair(first, second) {
            valence += dampener;
        }
    }
    valence
}

/// "least" before a word negates it, except in "at least" and "very least".
fn least(tokens: &Tokens, valence: f64, i: usize) -> f64 {
    let after_least = i > 0 && !tokens.in_lexicon(i - 1) && tokens.lower(i - 1) == "least";
    if after_least && (i == 1 || !matches!(tokens.lower(i - 2), "at" | "very")) {
        valence * NEGATION_SCALAR
    } else {
        valence
    }
}

/// Before the first "but" sentiment counts half, after it half as much
/// again. The reference finds each value's position with `list.index`, the
/// first *equal* value, so when two tokens share a valence (or a value
/// already halved equals a later one) it scales the first of them instead:
/// kept, since scores follow from it.
fn shift_around_but(tokens: &Tokens, valences: &mut [f64]) {
    let Some(but) = (0..tokens.len()).find(|&i| tokens.lower(i) == "but") else { return };
    for k in 0..valences.len() {
        let value = valences[k];
        let at = valences.iter().position(|&v| v == value).unwrap_or(k);
        if at < but {
            valences[at] = value * 0.5;
        } else if at > but {
            valences[at] = value * 1.5;
        }
    }
}
