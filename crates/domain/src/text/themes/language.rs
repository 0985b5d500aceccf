//! The languages a taxonomy may list phrases in, each with its stemmer (if
//! Snowball has one) and the words that negate a phrase. Adding a language
//! is one row here.

use rust_stemmers::Algorithm;

/// How phrases are matched in one language.
#[derive(Debug)]
pub(crate) struct LanguageRules {
    /// ISO 639-1 code, the key of the taxonomy's phrase lists.
    pub code: &'static str,
    /// `None`: tokens are compared as folded, unstemmed words.
    pub stemmer: Option<Algorithm>,
    /// Words that cancel a negatable phrase when they come shortly before it
    /// ("not rude"). Written as people write them; they are folded and
    /// stemmed like phrases. English "n't" becomes the token `t` once the
    /// apostrophe splits "wasn't", so `t` is listed.
    pub negators_before: &'static [&'static str],
    /// Word sequences that cancel a negatable phrase when they come shortly
    /// after it: Japanese negates after the adjective (失礼ではありません).
    pub negators_after: &'static [&'static str],
    /// How many tokens before (or after) the phrase a negator may be.
    /// Japanese counts single characters, so its window is wider.
    pub window: usize,
}

const fn stemmed(code: &'static str, algorithm: Algorithm, negators: &'static [&'static str]) -> LanguageRules {
    LanguageRules { code, stemmer: Some(algorithm), negators_before: negators, negators_after: &[], window: 3 }
}

const fn unstemmed(code: &'static str) -> LanguageRules {
    LanguageRules { code, stemmer: None, negators_before: &[], negators_after: &[], window: 3 }
}

/// Every language a taxonomy may use, in code order.
pub(crate) const LANGUAGES: &[LanguageRules] = &[
    stemmed("ar", Algorithm::Arabic, &[]),
    unstemmed("cs"),
    stemmed("da", Algorithm::Danish, &["ikke", "aldrig", "ingen"]),
    stemmed(
        "de",
        Algorithm::German,
        &["nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals", "niemand", "ohne", "weder"],
    ),
    stemmed("el", Algorithm::Greek, &[]),
    stemmed(
        "en",
        Algorithm::English,
        &["not", "no", "never", "t", "nobody", "none", "nothing", "without", "hardly", "neither", "nor", "cannot"],
    ),
    stemmed(
        "es",
        Algorithm::Spanish,
        &["no", "nunca", "jamás", "ni", "sin", "nada", "nadie", "tampoco", "ningún", "ninguno", "ninguna"],
    ),
    stemmed("fi", Algorithm::Finnish, &[]),
    stemmed("fr", Algorithm::French, &["pas", "ne", "n", "jamais", "aucun", "aucune", "sans", "ni", "nullement"]),
    unstemmed("he"),
    unstemmed("hi"),
    stemmed("hu", Algorithm::Hungarian, &[]),
    unstemmed("id"),
    stemmed("it", Algorithm::Italian, &["non", "mai", "nessun", "nessuno", "nessuna", "senza", "né"]),
    LanguageRules {
        code: "ja",
        stemmer: None,
        negators_before: &[],
        negators_after: &["ない", "なかった", "なく", "ません", "ず"],
        window: 8,
    },
    unstemmed("ko"),
    stemmed("nl", Algorithm::Dutch, &["niet", "nooit", "geen", "zonder", "niemand"]),
    stemmed("no", Algorithm::Norwegian, &["ikke", "aldri", "ingen"]),
    unstemmed("pl"),
    stemmed("pt", Algorithm::Portuguese, &["não", "nunca", "nenhum", "nenhuma", "sem", "jamais"]),
    stemmed("ro", Algorithm::Romanian, &[]),
    stemmed("ru", Algorithm::Russian, &[]),
    stemmed("sv", Algorithm::Swedish, &["inte", "aldrig", "ingen", "inga", "utan"]),
    stemmed("ta", Algorithm::Tamil, &[]),
    stemmed("tr", Algorithm::Turkish, &[]),
    unstemmed("uk"),
    unstemmed("vi"),
    unstemmed("zh"),
];

/// The rules for a language tag's primary subtag, case-insensitively:
/// `en`, `EN`, `en-GB` and `en_US` all name English; `nb` and `nn` are
/// Norwegian (`no`).
pub(crate) fn rules_for(tag: &str) -> Option<&'static LanguageRules> {
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    let primary = if primary.eq_ignore_ascii_case("nb") || primary.eq_ignore_ascii_case("nn") { "no" } else { primary };
    LANGUAGES.iter().find(|rules| rules.code.eq_ignore_ascii_case(primary))
}

/// The codes a taxonomy may list phrases under, for error messages and docs.
pub fn theme_languages() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().map(|rules| rules.code)
}

/// Whether `code` is exactly one of [`theme_languages`] (lower case, no
/// region): phrase lists are keyed by language, not by locale.
pub fn is_theme_language(code: &str) -> bool {
    LANGUAGES.iter().any(|rules| rules.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_read_by_its_primary_subtag() {
        assert_eq!(rules_for("en-GB").map(|r| r.code), Some("en"));
        assert_eq!(rules_for("DE").map(|r| r.code), Some("de"));
        assert_eq!(rules_for("pt_BR").map(|r| r.code), Some("pt"));
        assert_eq!(rules_for("nb").map(|r| r.code), Some("no"));
        assert_eq!(rules_for("xx").map(|r| r.code), None);
        assert_eq!(rules_for("").map(|r| r.code), None);
    }

    #[test]
    fn phrase_lists_are_keyed_by_bare_lower_case_codes() {
        assert!(is_theme_language("ja"));
        assert!(!is_theme_language("en-GB"), "a locale, not a language");
        assert!(!is_theme_language("EN"));
    }

    #[test]
    fn the_table_is_sorted_and_has_no_duplicates() {
        let codes: Vec<&str> = theme_languages().collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }
}
