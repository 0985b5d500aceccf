//! Turning a comment (or a phrase) into the token string the matcher
//! searches: folded, split into words, stemmed, one space between tokens.
//!
//! Both sides go through the same two steps, so whatever the steps do to a
//! word they do to the phrase too:
//! 1. [`fold_into`]: compatibility decomposition (NFKD: full-width letters
//!    and ligatures become plain ones), accents dropped, lower case, `ß` as
//!    `ss`, apostrophes as spaces (so `l'attente` is `l attente` and
//!    `wasn't` is `wasn t`). Accents go *before* stemming, so `Rückerstattung`
//!    and `Ruckerstattung` give the stemmer the same word. The Japanese voicing
//!    marks (゛゜) are kept, decomposed: they change the word, not its accent.
//! 2. [`tokens_into`]: Unicode word segmentation (UAX #29), each word stemmed
//!    when the language has a stemmer. Clause punctuation (`.`, `!`, `,`, `。`
//!    …) becomes a `|` token, so neither a phrase nor a negation spans two
//!    clauses; punctuation at the very end is dropped. The result starts and
//!    ends with a space: ` tok tok | tok `, and a phrase ` a b ` can only
//!    match whole tokens.

use std::collections::HashMap;

use rust_stemmers::Stemmer;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// The token that stands for clause punctuation.
pub(crate) const BOUNDARY: &str = "|";

/// Step 1: case, accents and apostrophes folded away, into `out` (cleared first).
pub(crate) fn fold_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        // Most comments: no decomposition to do, the same result faster.
        out.extend(text.chars().map(|c| if matches!(c, '\'' | '`') { ' ' } else { c.to_ascii_lowercase() }));
        return;
    }
    for c in text.nfkd() {
        match c {
            '\'' | '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => out.push(' '),
            'ß' | 'ẞ' => out.push_str("ss"),
            // Dakuten and handakuten: part of the kana, not an accent.
            '\u{3099}' | '\u{309a}' => out.push(c),
            c if is_combining_mark(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Stems already computed, word → stem, for one stemmer. Stemming is most
/// of the cost of matching and comments repeat a small vocabulary, so the
/// matcher keeps one per thread and language.
#[derive(Default)]
pub(crate) struct StemCache(HashMap<String, String>);

/// Words kept before the cache starts over (a few megabytes at most).
const STEM_CACHE_WORDS: usize = 50_000;

impl StemCache {
    fn stem(&mut self, stemmer: &Stemmer, word: &str) -> &str {
        if !self.0.contains_key(word) {
            if self.0.len() >= STEM_CACHE_WORDS {
                self.0.clear();
            }
            self.0.insert(word.to_owned(), stemmer.stem(word).into_owned());
        }
        &self.0[word]
    }
}

/// Step 2: the folded text as ` tok tok | tok `, into `out` (cleared first).
/// The cache, if given, must only ever be used with this `stemmer`.
pub(crate) fn tokens_into(
    folded: &str,
    stemmer: Option<&Stemmer>,
    mut cache: Option<&mut StemCache>,
    out: &mut String,
) {
    out.clear();
    out.push(' ');
    for segment in folded.split_word_bounds() {
        if segment.chars().any(char::is_alphanumeric) {
            match (stemmer, cache.as_deref_mut()) {
                (Some(stemmer), Some(cache)) => out.push_str(cache.stem(stemmer, segment)),
                (Some(stemmer), None) => out.push_str(&stemmer.stem(segment)),
                (None, _) => out.push_str(segment),
            }
            out.push(' ');
        } else if segment.chars().any(is_clause_punctuation) && out.len() > 1 && !out.ends_with(" | ") {
            out.push_str(BOUNDARY);
            out.push(' ');
        }
    }
    if out.ends_with(" | ") {
        out.truncate(out.len() - 2);
    }
}

/// A phrase (or a negator) as its token string: ` a b `; just ` ` when it
/// has no words.
pub(crate) fn phrase_tokens(phrase: &str, stemmer: Option<&Stemmer>) -> String {
    let mut folded = String::with_capacity(phrase.len());
    fold_into(phrase, &mut folded);
    let mut tokens = String::with_capacity(folded.len() + 2);
    tokens_into(&folded, stemmer, None, &mut tokens);
    tokens
}

/// Punctuation that ends a clause: no phrase, negation or (in `why`) two-word
/// term spans it.
pub(crate) fn is_clause_punctuation(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ',' | ';' | ':' | '…' | '。' | '、' | '！' | '？' | '¿' | '¡' | '(' | ')' | '\n')
}

#[cfg(test)]
mod tests {
    use rust_stemmers::Algorithm;

    use super::*;

    fn tokens(text: &str, algorithm: Option<Algorithm>) -> String {
        let stemmer = algorithm.map(Stemmer::create);
        phrase_tokens(text, stemmer.as_ref())
    }

    #[test]
    fn folding_drops_case_accents_and_apostrophes() {
        let mut out = String::new();
        fold_into("Rückerstattung, STRASSE straße; l’attente wasn't ÉTÉ", &mut out);
        assert_eq!(out, "ruckerstattung, strasse strasse; l attente wasn t ete");
        fold_into("ＡＢＣ ﬁle", &mut out);
        assert_eq!(out, "abc file", "full-width letters and ligatures");
    }

    #[test]
    fn ascii_text_folds_as_the_general_path_would() {
        let (mut fast, mut general) = (String::new(), String::new());
        let text = "It's `QUOTED`, 10/10!";
        fold_into(text, &mut fast);
        fold_into(&format!("{text}é"), &mut general);
        assert_eq!(format!("{fast}e"), general);
    }

    #[test]
    fn japanese_voicing_marks_survive_folding() {
        let mut out = String::new();
        fold_into("ガ", &mut out);
        assert_eq!(out, "カ\u{3099}", "decomposed, but the mark stays");
        let mut half_width = String::new();
        fold_into("ｶﾞ", &mut half_width);
        assert_eq!(out, half_width, "half-width ｶﾞ and full-width ガ fold alike");
    }

    #[test]
    fn words_are_stemmed_and_punctuation_becomes_one_boundary() {
        assert_eq!(tokens("I waited... and WAITED!!", Some(Algorithm::English)), " i wait | and wait ");
        assert_eq!(tokens("  ", Some(Algorithm::English)), " ");
        assert_eq!(tokens("!! hello", None), " hello ", "no boundary before the first word");
        assert_eq!(tokens("10/10, 3.5 stars", None), " 10 10 | 3.5 stars ");
    }

    #[test]
    fn japanese_splits_into_characters_and_katakana_runs() {
        assert_eq!(tokens("待ち時間。オペレーターの対応", None), " 待 ち 時 間 | オヘ\u{309a}レーター の 対 応 ");
    }

    #[test]
    fn the_stem_cache_gives_the_stemmers_answer() {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut cache = StemCache::default();
        let mut out = String::new();
        for _ in 0..2 {
            tokens_into("waited for the refunds", Some(&stemmer), Some(&mut cache), &mut out);
            assert_eq!(out, tokens("waited for the refunds", Some(Algorithm::English)));
        }
        assert_eq!(cache.0.len(), 4);
    }

    #[test]
    fn french_elision_separates_the_article() {
        assert_eq!(tokens("L'attente", Some(Algorithm::French)), " l attent ");
    }
}
