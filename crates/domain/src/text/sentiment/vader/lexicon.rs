//! vaderSentiment 3.3.2's two data files, embedded in the binary and parsed
//! once on first use: the valence of each word or emoticon, and the
//! description that stands in for each emoji.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

const VALENCES: &str = include_str!("../data/vader_lexicon.txt");
const EMOJI: &str = include_str!("../data/emoji_utf8_lexicon.txt");

static ENGLISH: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(VALENCES, EMOJI));

pub(super) struct Lexicon {
    valences: HashMap<&'static str, f64, BuildHasherDefault<Fnv>>,
    emoji: HashMap<char, &'static str, BuildHasherDefault<Fnv>>,
}

impl Lexicon {
    pub(super) fn english() -> &'static Lexicon {
        &ENGLISH
    }

    /// Reads the files the way the reference does: one entry per line, the
    /// first two tab-separated fields, surrounding whitespace (and so the
    /// files' CR) trimmed, a later duplicate replacing an earlier one.
    fn parse(valences: &'static str, emoji: &'static str) -> Lexicon {
        let valences = fields(valences)
            .map(|(word, measure)| {
                let valence = measure.parse().unwrap_or_else(|_| panic!("valence of {word:?} is not a number"));
                (word, valence)
            })
            .collect();
        // The reference looks emoji up one code point at a time, so the
        // entries of several code points (flags, skin tones, keycaps) can
        // never match there: they are left out here too.
        let emoji = fields(emoji)
            .filter_map(|(emoji, description)| {
                let mut chars = emoji.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some((c, description)),
                    _ => None,
                }
            })
            .collect();
        Lexicon { valences, emoji }
    }

    /// The valence of a lower-cased token, if the lexicon rates it.
    pub(super) fn valence(&self, lower: &str) -> Option<f64> {
        self.valences.get(lower).copied()
    }

    /// The text that replaces an emoji (`💘` → `heart with arrow`). No entry is ASCII,
    /// so plain text skips the look-up.
    pub(super) fn emoji_description(&self, c: char) -> Option<&'static str> {
        if c.is_ascii() { None } else { self.emoji.get(&c).copied() }
    }
}

fn fields(file: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    file.trim_end_matches('\n').split('\n').filter(|line| !line.is_empty()).map(|line| {
        let mut fields = line.trim().split('\t');
        match (fields.next(), fields.next()) {
            (Some(key), Some(value)) => (key, value),
            _ => panic!("lexicon line {line:?} has fewer than two fields"),
        }
    })
}

/// FNV-1a: short keys from our own embedded files need no DoS-resistant hash,
/// and it hashes a word several times faster than the default SipHash.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Lexicon;

    #[test]
    fn the_embedded_files_hold_every_entry_of_the_reference() {
        let lexicon = Lexicon::english();
        // 7,520 lines, 7,506 distinct words (a few entries repeat).
        assert_eq!(lexicon.valences.len(), 7506);
        assert_eq!(lexicon.valence("good"), Some(1.9));
        assert_eq!(lexicon.valence("sux"), Some(-1.5));
        assert_eq!(lexicon.valence(":)"), Some(2.0));
        // 3,570 emoji, 1,212 of them a single code point.
        assert_eq!(lexicon.emoji.len(), 1212);
        assert_eq!(lexicon.emoji_description('💘'), Some("heart with arrow"));
    }
}
