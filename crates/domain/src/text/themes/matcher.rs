//! The compiled taxonomy: per language, one Aho-Corasick automaton over the
//! phrases' token strings, searched once over a comment's token string.
//!
//! Rules, in the order they apply:
//! - The comment is folded and tokenised like the phrases (see
//!   [`super::normalise`]), stemmed with the comment's language's stemmer.
//! - A phrase matches a run of whole tokens: ` hold ` is found in
//!   ` on hold | ` but not in ` household `; ` hold time ` needs both tokens
//!   next to each other in one clause.
//! - A *negatable* phrase does not count when one of the language's
//!   negators is among the [`window`](super::language::LanguageRules::window)
//!   tokens before it (after it in Japanese), within the same clause:
//!   "not rude at all" and "wasn't rude" cancel "rude"; "not rude. Rude
//!   agent!" still counts the second one.
//! - Language: a comment in a language the taxonomy has phrases for is
//!   matched against that language's phrases only. A comment whose language
//!   is unknown, or has no phrases in the taxonomy, is matched against every
//!   language's phrases, each with its own stemmer and negators, and the
//!   themes found are merged. A language without a stemmer (Japanese) is
//!   matched on folded, unstemmed tokens.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rust_stemmers::Stemmer;

use super::language::{LanguageRules, rules_for};
use super::normalise::{BOUNDARY, StemCache, fold_into, phrase_tokens, tokens_into};
use super::taxonomy::TaxonomyDefinition;
use super::taxonomy_rules::MAX_THEMES;

/// The themes found in one comment: a fixed-size set of theme indices
/// (positions in the taxonomy), so matching allocates no result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ThemeSet([u64; WORDS]);

const WORDS: usize = MAX_THEMES.div_ceil(64);

impl ThemeSet {
    pub fn contains(&self, theme: usize) -> bool {
        theme < WORDS * 64 && self.0[theme / 64] & (1 << (theme % 64)) != 0
    }

    fn insert(&mut self, theme: usize) {
        self.0[theme / 64] |= 1 << (theme % 64);
    }

    pub fn len(&self) -> usize {
        self.0.iter().map(|word| word.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&word| word == 0)
    }

    /// The theme indices in taxonomy order, each once.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..WORDS * 64).filter(|&theme| self.contains(theme))
    }
}

/// One phrase's themes: a token string may stand for phrases of several themes.
#[derive(Debug, Clone, Copy)]
struct Hit {
    theme: usize,
    negatable: bool,
}

struct LanguageMatcher {
    rules: &'static LanguageRules,
    stemmer: Option<Stemmer>,
    automaton: AhoCorasick,
    /// By pattern id.
    hits: Vec<Vec<Hit>>,
    /// Token strings (` not `), searched for inside the negation window.
    negators_before: Vec<String>,
    negators_after: Vec<String>,
}

/// A compiled [`Taxonomy`](super::Taxonomy). Cheap to share between threads
/// (`Send + Sync`); build it once per taxonomy, not per comment.
pub struct ThemeMatcher {
    slugs: Vec<String>,
    languages: Vec<LanguageMatcher>,
}

impl fmt::Debug for ThemeMatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let languages: Vec<&str> = self.languages.iter().map(|m| m.rules.code).collect();
        f.debug_struct("ThemeMatcher").field("slugs", &self.slugs).field("languages", &languages).finish()
    }
}

/// Per-thread buffers, so a comment costs no allocation once they have grown.
#[derive(Default)]
struct Scratch {
    folded: String,
    tokens: String,
    /// By language code.
    stems: Vec<(&'static str, StemCache)>,
}

/// A buffer kept after an unusually long comment is given back.
const KEPT_CAPACITY: usize = 64 * 1024;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl ThemeMatcher {
    /// From a validated definition (only [`super::Taxonomy::compile`] calls it).
    pub(super) fn new(definition: &TaxonomyDefinition) -> ThemeMatcher {
        // Phrases by language code, each with the theme it stands for.
        let mut by_language: BTreeMap<&'static str, Vec<(&str, Hit)>> = BTreeMap::new();
        for (theme, definition) in definition.themes.iter().enumerate() {
            for (lists, negatable) in [(&definition.phrases, false), (&definition.negatable, true)] {
                for (language, phrases) in lists {
                    let code = rules_for(language).expect("validation admits only known languages").code;
                    let hits = phrases.iter().map(|phrase| (phrase.as_str(), Hit { theme, negatable }));
                    by_language.entry(code).or_default().extend(hits);
                }
            }
        }
        let languages = by_language
            .into_iter()
            .filter_map(|(code, phrases)| Some(LanguageMatcher::new(rules_for(code)?, &phrases)))
            .collect();
        ThemeMatcher { slugs: definition.themes.iter().map(|theme| theme.slug.clone()).collect(), languages }
    }

    /// The themes of `comment`, written in `language` (a tag like `en` or
    /// `pt-BR`; `None` when unknown). See the module documentation for the rules.
    pub fn themes_of(&self, comment: &str, language: Option<&str>) -> ThemeSet {
        let mut found = ThemeSet::default();
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch { folded, tokens, stems } = scratch;
            fold_into(comment, folded);
            let code = language.and_then(rules_for).map(|rules| rules.code);
            let own = self.languages.iter().find(|matcher| Some(matcher.rules.code) == code);
            for matcher in own.map_or(&self.languages[..], std::slice::from_ref) {
                matcher.find(folded, tokens, stems, &mut found);
            }
            for buffer in [folded, tokens] {
                if buffer.capacity() > KEPT_CAPACITY {
                    *buffer = String::new();
                }
            }
        });
        found
    }

    /// [`ThemeMatcher::themes_of`] as slugs, in taxonomy order.
    pub fn slugs_of(&self, comment: &str, language: Option<&str>) -> Vec<&str> {
        self.themes_of(comment, language).iter().map(|theme| self.slugs[theme].as_str()).collect()
    }

    /// The slug of the theme at `index`, as in a [`ThemeSet`].
    pub fn slug(&self, index: usize) -> Option<&str> {
        self.slugs.get(index).map(String::as_str)
    }

    /// The slugs in taxonomy order: index `i` of a [`ThemeSet`] is `slugs()[i]`.
    pub fn slugs(&self) -> &[String] {
        &self.slugs
    }
}

impl LanguageMatcher {
    fn new(rules: &'static LanguageRules, phrases: &[(&str, Hit)]) -> LanguageMatcher {
        let stemmer = rules.stemmer.map(Stemmer::create);
        let mut patterns: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
        for &(phrase, hit) in phrases {
            patterns.entry(phrase_tokens(phrase, stemmer.as_ref())).or_default().push(hit);
        }
        let negators = |words: &[&str]| -> Vec<String> {
            words.iter().map(|word| phrase_tokens(word, stemmer.as_ref())).collect()
        };
        let negators_before = negators(rules.negators_before);
        let negators_after = negators(rules.negators_after);
        let (tokens, hits): (Vec<String>, Vec<Vec<Hit>>) = patterns.into_iter().unzip();
        LanguageMatcher { rules, stemmer, automaton: automaton(&tokens), hits, negators_before, negators_after }
    }

    fn find(
        &self,
        folded: &str,
        tokens: &mut String,
        stems: &mut Vec<(&'static str, StemCache)>,
        found: &mut ThemeSet,
    ) {
        let code = self.rules.code;
        let index = match stems.iter().position(|(language, _)| *language == code) {
            Some(index) => index,
            None => {
                stems.push((code, StemCache::default()));
                stems.len() - 1
            }
        };
        tokens_into(folded, self.stemmer.as_ref(), Some(&mut stems[index].1), tokens);
        for matched in self.automaton.find_overlapping_iter(tokens.as_str()) {
            for hit in &self.hits[matched.pattern().as_usize()] {
                if found.contains(hit.theme) {
                    continue;
                }
                if !hit.negatable || !self.negated(tokens, matched.start(), matched.end()) {
                    found.insert(hit.theme);
                }
            }
        }
    }

    /// Whether a negator is in the window before (or after) the phrase at
    /// `start..end` of `tokens` (both ends are the spaces around it).
    fn negated(&self, tokens: &str, start: usize, end: usize) -> bool {
        let window = self.rules.window;
        let before = window_before(tokens, start, window);
        let after = window_after(tokens, end, window);
        self.negators_before.iter().any(|negator| before.contains(negator.as_str()))
            || self.negators_after.iter().any(|negator| after.contains(negator.as_str()))
    }
}

/// Patterns (in bytes) up to which the automaton is a DFA, the fastest to
/// search. A typical taxonomy has a few kilobytes per language; one near the
/// limits (megabytes) takes long to determinise and gets the contiguous NFA.
const DFA_PATTERN_BYTES: usize = 256 * 1024;

fn automaton(patterns: &[String]) -> AhoCorasick {
    let bytes: usize = patterns.iter().map(String::len).sum();
    let kind = if bytes <= DFA_PATTERN_BYTES { AhoCorasickKind::DFA } else { AhoCorasickKind::ContiguousNFA };
    let build = |kind| AhoCorasick::builder().match_kind(MatchKind::Standard).kind(kind).build(patterns);
    build(Some(kind)).or_else(|_| build(None)).expect("a validated taxonomy is far below the automaton's size limits")
}

/// Up to `count` tokens before the space at `start`, stopping at a clause
/// boundary: ` a b ` for `… | a b rude`.
fn window_before(tokens: &str, start: usize, count: usize) -> &str {
    let mut from = start;
    for _ in 0..count {
        let Some(previous) = tokens[..from].rfind(' ') else { break };
        if &tokens[previous + 1..from] == BOUNDARY {
            break;
        }
        from = previous;
    }
    &tokens[from..=start]
}

/// Up to `count` tokens after the space at `end - 1`, stopping at a clause boundary.
fn window_after(tokens: &str, end: usize, count: usize) -> &str {
    let from = end - 1;
    let mut to = from;
    for _ in 0..count {
        let Some(length) = tokens[to + 1..].find(' ') else { break };
        let next = to + 1 + length;
        if &tokens[to + 1..next] == BOUNDARY {
            break;
        }
        to = next;
    }
    &tokens[from..=to]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_before_stops_at_a_boundary_and_counts_tokens() {
        let tokens = " x | a b c d rude ";
        let start = tokens.find(" rude").unwrap();
        assert_eq!(window_before(tokens, start, 3), " b c d ");
        assert_eq!(window_before(tokens, start, 9), " a b c d ");
        assert_eq!(window_before(" rude ", 0, 3), " ");
    }

    #[test]
    fn the_window_after_stops_at_a_boundary_and_counts_tokens() {
        let tokens = " 失 礼 で は な い | x ";
        let end = tokens.find(" で").unwrap() + 1;
        assert_eq!(window_after(tokens, end, 2), " で は ");
        assert_eq!(window_after(tokens, end, 9), " で は な い ");
    }

    #[test]
    fn a_theme_set_lists_its_members_in_order() {
        let mut set = ThemeSet::default();
        assert!(set.is_empty());
        for theme in [199, 3, 64, 3] {
            set.insert(theme);
        }
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![3, 64, 199]);
        assert_eq!(set.len(), 3);
        assert!(!set.contains(200));
    }
}
