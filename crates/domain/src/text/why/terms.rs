//! Comments as sequences of word ids, for counting terms fast: each
//! distinct piece of text is folded once and then found by a hash lookup.
//!
//! - Words are the Unicode word segments (UAX #29) of the comment, folded
//!   for comparison exactly as the themes matcher folds them
//!   ([`fold_into`]: case, accents, full-width forms), so `Rückerstattung`
//!   and `ruckerstattung` are one word. They are not stemmed: a term is
//!   shown as the first surface form seen, lower-cased, accents kept
//!   (`remboursé`), and stems (`rembours`) read badly.
//! - Elision is split off where the language elides (see
//!   [`splits_elision`]): `l'attente` is `l'` + `attente`, shown together
//!   again in a two-word term (`l'attente`).
//! - Clause punctuation ([`is_clause_punctuation`]) ends a run of words:
//!   no two-word term spans `. , ! ?` or `。`.
//! - Japanese and Chinese come out of the segmenter as single ideographs,
//!   single kana and katakana runs (`待 ち 時 間 | オペレーター`), so
//!   their two-word terms are character pairs (`時間`) and are shown without
//!   a space.

use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

use super::stop_words::{splits_elision, stop_lists};
use crate::text::themes::normalise::{fold_into, is_clause_punctuation};

/// Stands for clause punctuation in a comment's word ids.
pub(crate) const BOUNDARY: u32 = u32::MAX;

/// One distinct word (after folding).
pub(crate) struct Word {
    /// The first surface form seen, lower-cased.
    pub display: String,
    /// In the language's stop list.
    pub stop: bool,
    /// One character that is not an ideograph: a kana, a letter, a digit.
    /// Never a single-word term, for it says nothing alone.
    pub single: bool,
}

impl Word {
    /// Whether the word counts as a term on its own.
    pub fn is_term(&self) -> bool {
        !self.stop && !self.single
    }
}

/// Every word of the comments seen so far.
pub(crate) struct Vocabulary {
    /// The exact piece of text → word id: the fast path.
    by_surface: HashMap<String, u32>,
    /// Folded form → word id.
    by_key: HashMap<String, u32>,
    pub words: Vec<Word>,
    stop_keys: Vec<String>,
    split_elision: bool,
    folded: String,
}

impl Vocabulary {
    pub fn new(language: Option<&str>) -> Self {
        let mut stop_keys = Vec::new();
        let mut folded = String::new();
        for word in stop_lists(language).into_iter().flatten() {
            fold_into(word, &mut folded);
            stop_keys.push(folded.trim().to_owned());
        }
        stop_keys.sort_unstable();
        Vocabulary {
            by_surface: HashMap::new(),
            by_key: HashMap::new(),
            words: Vec::new(),
            stop_keys,
            split_elision: splits_elision(language),
            folded,
        }
    }

    /// The comment's word ids into `out` (cleared first), with [`BOUNDARY`]
    /// between clauses and never two in a row.
    pub fn words_of(&mut self, comment: &str, out: &mut Vec<u32>) {
        out.clear();
        for segment in comment.split_word_bounds() {
            if segment.chars().any(char::is_alphanumeric) {
                match self.elision(segment) {
                    Some((article, word)) => {
                        out.push(self.id(article));
                        out.push(self.id(word));
                    }
                    None => out.push(self.id(segment)),
                }
            } else if segment.chars().any(is_clause_punctuation) && out.last().is_some_and(|&id| id != BOUNDARY) {
                out.push(BOUNDARY);
            }
        }
        if out.last() == Some(&BOUNDARY) {
            out.pop();
        }
    }

    /// `l'` and `attente` from `l'attente`: an apostrophe after at most two
    /// letters (or `qu`), where the language elides.
    fn elision<'s>(&self, segment: &'s str) -> Option<(&'s str, &'s str)> {
        if !self.split_elision {
            return None;
        }
        let (at, apostrophe) = segment.char_indices().find(|&(_, c)| is_apostrophe(c))?;
        let (article, rest) = segment.split_at(at + apostrophe.len_utf8());
        let short = article[..at].chars().count() <= 2 || article[..at].eq_ignore_ascii_case("qu");
        (short && at > 0 && !rest.is_empty()).then_some((article, rest))
    }

    fn id(&mut self, surface: &str) -> u32 {
        if let Some(&id) = self.by_surface.get(surface) {
            return id;
        }
        fold_into(surface, &mut self.folded);
        let key = self.folded.trim();
        let id = match self.by_key.get(key) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.words.len()).unwrap_or(BOUNDARY - 1);
                let mut chars = surface.chars();
                let single = chars.next().is_some_and(|c| !is_ideograph(c)) && chars.next().is_none();
                let stop = self.stop_keys.binary_search_by(|stop| stop.as_str().cmp(key)).is_ok();
                self.words.push(Word { display: surface.to_lowercase(), stop, single });
                self.by_key.insert(key.to_owned(), id);
                id
            }
        };
        self.by_surface.insert(surface.to_owned(), id);
        id
    }

    /// Two words as one term is shown: `on hold`, `l'attente`, `時間`.
    pub fn pair_display(&self, first: u32, second: u32) -> String {
        let (first, second) = (&self.words[first as usize].display, &self.words[second as usize].display);
        let joined = first.ends_with(is_apostrophe)
            || (first.chars().last().is_some_and(is_cjk) && second.chars().next().is_some_and(is_cjk));
        if joined { format!("{first}{second}") } else { format!("{first} {second}") }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{02bc}')
}

/// CJK ideographs (unified, extension A, compatibility).
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Scripts written without spaces between words: ideographs and kana.
fn is_cjk(c: char) -> bool {
    is_ideograph(c) || matches!(c, '\u{3040}'..='\u{30ff}' | '\u{ff66}'..='\u{ff9f}')
}

#[cfg(test)]
#[path = "terms_tests.rs"]
mod tests;
