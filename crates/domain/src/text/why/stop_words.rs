//! The words too common to distinguish anything, per language, for the
//! single-word terms of [`super::log_odds`]. Small on purpose: articles,
//! pronouns, auxiliaries, prepositions and conjunctions. Negations ("not",
//! "never", "nicht", "pas", "nunca") are *not* stop words — they are among
//! the words that separate detractors from promoters most — nor are
//! evaluative words ("bien", "good").
//!
//! Written as people write them; they are folded (case, accents,
//! apostrophes) like the comments before comparing, so `été` also stops
//! `ete` and `it's` stops `it’s`.

const ENGLISH: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "being", "but", "by", "can", "could", "d", "did", "do", "does", "for", "from", "get", "got", "had", "has",
    "have", "he", "her", "here", "him", "his", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "im", "in", "into",
    "is", "it", "it's", "its", "just", "ll", "m", "me", "my", "of", "on", "one", "or", "our", "re", "s", "she", "so",
    "some", "than", "that", "that's", "the", "their", "them", "then", "there", "there's", "these", "they", "they're",
    "this", "those", "to", "too", "up", "us", "ve", "very", "was", "we", "we're", "were", "what", "when", "where",
    "which", "who", "will", "with", "would", "you", "you're", "your",
];

const GERMAN: &[&str] = &[
    "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "da", "dann", "das", "dass", "dem", "den", "der",
    "des", "die", "doch", "du", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für", "habe", "haben",
    "hat", "hatte", "ich", "ihr", "im", "in", "ist", "ja", "man", "mein", "meine", "mich", "mir", "mit", "nach",
    "noch", "nur", "oder", "schon", "sehr", "sein", "sich", "sie", "sind", "so", "um", "und", "uns", "vom", "von",
    "war", "waren", "was", "wie", "wir", "wird", "wurde", "zu", "zum", "zur", "über",
];

const FRENCH: &[&str] = &[
    "a", "ai", "as", "au", "aux", "avec", "avez", "avons", "avait", "c", "ce", "cela", "ces", "d", "dans", "de", "des",
    "du", "elle", "elles", "en", "est", "et", "été", "être", "eu", "il", "ils", "j", "je", "l", "la", "le", "les",
    "leur", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "nos", "notre", "nous", "on", "ont", "ou", "par",
    "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont", "suis", "sur", "t", "ta", "te", "tes", "ton",
    "tous", "tout", "très", "tu", "un", "une", "vos", "votre", "vous", "y", "ça",
];

const SPANISH: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "ella", "en", "era", "es", "esa", "ese", "eso", "esta", "estaba",
    "este", "esto", "está", "están", "fue", "ha", "han", "hay", "he", "la", "las", "le", "les", "lo", "los", "me",
    "mi", "mis", "muy", "más", "nos", "o", "para", "pero", "por", "que", "se", "son", "su", "sus", "también", "te",
    "todo", "tu", "un", "una", "unas", "unos", "y", "ya", "yo", "él",
];

/// The languages with a list, by ISO 639-1 code.
const LISTS: &[(&str, &[&str])] = &[("de", GERMAN), ("en", ENGLISH), ("es", SPANISH), ("fr", FRENCH)];

/// The lists for a language tag (`en`, `en-GB`, `FR`): its own where one is
/// shipped; every shipped list otherwise — for mixed or unknown languages,
/// and for those without a list (a German "die" costs English little).
pub(crate) fn stop_lists(language: Option<&str>) -> Vec<&'static [&'static str]> {
    let primary = language.and_then(|tag| tag.split(['-', '_']).next()).unwrap_or_default();
    match LISTS.iter().find(|(code, _)| code.eq_ignore_ascii_case(primary)) {
        Some((_, list)) => vec![*list],
        None => LISTS.iter().map(|(_, list)| *list).collect(),
    }
}

/// Whether French-style elision is split off (`l'attente` → `l'` +
/// `attente`): everywhere but in the shipped languages that do not elide,
/// where `it's` and `don't` stay one word.
pub(crate) fn splits_elision(language: Option<&str>) -> bool {
    let primary = language.and_then(|tag| tag.split(['-', '_']).next()).unwrap_or_default();
    !["de", "en", "es"].iter().any(|code| code.eq_ignore_ascii_case(primary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_picks_its_language_and_anything_else_all_lists() {
        assert_eq!(stop_lists(Some("en-GB")), vec![ENGLISH]);
        assert_eq!(stop_lists(Some("DE")), vec![GERMAN]);
        assert_eq!(stop_lists(Some("ja")).len(), 4);
        assert_eq!(stop_lists(None).len(), 4);
    }

    #[test]
    fn negations_are_never_stop_words() {
        for list in stop_lists(None) {
            for negation in ["not", "no", "never", "nicht", "kein", "pas", "ne", "jamais", "nunca", "nada", "sin"] {
                assert!(!list.contains(&negation), "{negation}");
            }
        }
    }

    #[test]
    fn elision_is_split_in_french_and_unknown_languages_only() {
        assert!(splits_elision(Some("fr-CA")));
        assert!(splits_elision(None));
        assert!(splits_elision(Some("it")));
        assert!(!splits_elision(Some("en")));
        assert!(!splits_elision(Some("de")));
    }
}
