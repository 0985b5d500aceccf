//! Comparing comments with the phrases rules look for, the way a reader
//! would: "Résilier", "RESILIER" and "résilier!" are the same word.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, accents removed (canonical decomposition, combining marks
/// dropped), and every run of non-alphanumeric characters one space, trimmed.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if gap && !folded.is_empty() {
                folded.push(' ');
            }
            gap = false;
            folded.push(c);
        } else {
            gap = true;
        }
    }
    folded
}

/// Whether the folded `phrase` occurs in the folded `comment` where a word
/// begins: "cancel" matches "cancelled" and "Cancel!", not "precancel".
pub(crate) fn contains_phrase(folded_comment: &str, folded_phrase: &str) -> bool {
    if folded_phrase.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(found) = folded_comment[from..].find(folded_phrase) {
        let at = from + found;
        if at == 0 || folded_comment.as_bytes()[at - 1] == b' ' {
            return true;
        }
        from = at + folded_comment[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_accents_and_punctuation() {
        assert_eq!(fold("  Résilier, MON contrat!! "), "resilier mon contrat");
        assert_eq!(fold("Ça coûte trop — straße"), "ca coute trop straße");
        assert_eq!(fold("¡¿!"), "");
    }

    #[test]
    fn a_phrase_matches_only_where_a_word_begins() {
        let comment = fold("I will CANCEL; then switch   to Contoso. Precancelled?");
        assert!(contains_phrase(&comment, "cancel"));
        assert!(contains_phrase(&comment, "switch to"));
        assert!(!contains_phrase(&comment, "ancel"), "inside a word");
        assert!(!contains_phrase(&comment, "lawyer"));
        assert!(!contains_phrase(&comment, ""), "an empty phrase matches nothing");
    }
}
