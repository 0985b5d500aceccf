//! From text to VADER's tokens, the way the reference splits them: emoji
//! replaced by their descriptions, split on whitespace, punctuation stripped
//! from the ends of a token unless that leaves two characters or fewer (so
//! emoticons such as `:)` survive), each token lower-cased and looked up once.

use std::borrow::Cow;

use super::lexicon::Lexicon;

/// Python's `str.isspace`, used by its `split()` and `strip()`: Unicode
/// White_Space plus the ASCII separators U+001C–U+001F.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The text with each emoji replaced by its description, a space put before
/// the description unless a space precedes the emoji, none after it (as in
/// the reference: "so good😁ok" → "so good beaming face with smiling eyesok").
/// Borrowed when there is no emoji, as in most comments.
pub(super) fn describe_emoji<'a>(text: &'a str, lexicon: &Lexicon) -> Cow<'a, str> {
    let mut described: Option<String> = None;
    let mut after_space = true;
    for (at, c) in text.char_indices() {
        match lexicon.emoji_description(c) {
            Some(description) => {
                let out = described.get_or_insert_with(|| text[..at].to_owned());
                if !after_space {
                    out.push(' ');
                }
                out.push_str(description);
                after_space = false;
            }
            None => {
                if let Some(out) = described.as_mut() {
                    out.push(c);
                }
                after_space = c == ' ';
            }
        }
    }
    described.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// The tokens of one text, with what the rules ask of each of them.
pub(super) struct Tokens {
    tokens: Vec<Token>,
    /// Every token's lower-case form, one after the other: one allocation for
    /// the text rather than one per token.
    lower: String,
    /// Some tokens, not all, are in capitals: only then do capitals emphasise.
    pub(super) caps_stand_out: bool,
}

struct Token {
    lower_end: usize,
    valence: Option<f64>,
    is_upper: bool,
}

impl Tokens {
    pub(super) fn new(text: &str, lexicon: &Lexicon) -> Tokens {
        let mut lower = String::with_capacity(text.len());
        let tokens: Vec<Token> = words(text)
            .map(|text| {
                let start = lower.len();
                if text.is_ascii() {
                    lower.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                } else {
                    lower.push_str(&text.to_lowercase());
                }
                Token { lower_end: lower.len(), valence: lexicon.valence(&lower[start..]), is_upper: is_upper(text) }
            })
            .collect();
        let upper = tokens.iter().filter(|token| token.is_upper).count();
        let caps_stand_out = upper > 0 && upper < tokens.len();
        Tokens { tokens, lower, caps_stand_out }
    }

    pub(super) fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Token `i` lower-cased.
    pub(super) fn lower(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.tokens[i - 1].lower_end };
        &self.lower[start..self.tokens[i].lower_end]
    }

    /// The lexicon's valence for token `i`, if it rates it.
    pub(super) fn valence(&self, i: usize) -> Option<f64> {
        self.tokens[i].valence
    }

    pub(super) fn in_lexicon(&self, i: usize) -> bool {
        self.tokens[i].valence.is_some()
    }

    /// Token `i` is in capitals (Python's `str.isupper`).
    pub(super) fn is_upper(&self, i: usize) -> bool {
        self.tokens[i].is_upper
    }
}

/// The reference's `words_and_emoticons`: whitespace-separated words with
/// their punctuation stripped.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_space).filter(|word| !word.is_empty()).map(strip_punctuation)
}

/// ASCII punctuation (Python's `string.punctuation`) trimmed from both ends,
/// unless at most two characters would remain: then the token was probably
/// an emoticon and is kept whole.
fn strip_punctuation(word: &str) -> &str {
    let stripped = word.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.chars().nth(2).is_some() { stripped } else { word }
}

/// Python's `str.isupper`: at least one upper-case letter and no lower-case
/// or title-case one.
fn is_upper(word: &str) -> bool {
    let mut cased = false;
    for c in word.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// The Unicode title-case letters (category Lt), such as `ǅ`.
fn is_titlecase(c: char) -> bool {
    matches!(c, '\u{1c5}' | '\u{1c8}' | '\u{1cb}' | '\u{1f2}' | '\u{1f88}'..='\u{1f8f}' | '\u{1f98}'..='\u{1f9f}'
        | '\u{1fa8}'..='\u{1faf}' | '\u{1fbc}' | '\u{1fcc}' | '\u{1ffc}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens_of(text: &str) -> Vec<String> {
        let lexicon = Lexicon::english();
        let text = describe_emoji(text, lexicon);
        words(&text).map(str::to_owned).collect()
    }

    #[test]
    fn punctuation_is_stripped_from_words_but_emoticons_are_kept() {
        assert_eq!(tokens_of("Great, (really) great!!! :) :D ..."), ["Great", "really", "great", ":)", ":D", "..."]);
        assert_eq!(tokens_of("ok. no! can't"), ["ok.", "no!", "can't"]);
    }

    #[test]
    fn emoji_become_their_description_with_a_space_before_only() {
        assert_eq!(describe_emoji("so good😁ok", Lexicon::english()), "so good beaming face with smiling eyesok");
        assert_eq!(describe_emoji("💘💋", Lexicon::english()), "heart with arrow kiss mark");
        assert!(matches!(describe_emoji("no emoji here", Lexicon::english()), Cow::Borrowed(_)));
    }

    #[test]
    fn capitals_are_upper_case_letters_with_no_lower_case_one() {
        assert!(is_upper("SUX!") && is_upper("A1") && is_upper("ÉTÉ"));
        assert!(!is_upper("Sux") && !is_upper(":)") && !is_upper("123") && !is_upper("ǅ"));
    }
}
