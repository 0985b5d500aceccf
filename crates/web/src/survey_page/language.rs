//! Which of a survey's languages a page is shown in.

use vocal_domain::survey::{SurveyDefinition, SurveyTexts};

/// At most this many `Accept-Language` entries are considered.
const MAX_ACCEPT_ENTRIES: usize = 32;

/// The language to show `definition` in: the contact's language if the survey
/// has it, else `?lang=`, else the best `Accept-Language` match (by q-value;
/// `fr-CA` matches `fr`), else the survey's default language. The result is
/// always one of the survey's own language keys, spelled as the survey
/// spells it (or the default language when the survey has no texts at all).
pub fn pick_language(
    definition: &SurveyDefinition,
    contact_language: Option<&str>,
    query_lang: Option<&str>,
    accept_language: Option<&str>,
) -> String {
    contact_language
        .and_then(|tag| match_tag(definition, tag))
        .or_else(|| query_lang.and_then(|tag| match_tag(definition, tag)))
        .or_else(|| {
            accept_language.and_then(|header| parse_accept_language(header).find_map(|tag| match_tag(definition, tag)))
        })
        .unwrap_or_else(|| definition.default_language.clone())
}

/// The survey language `tag` asks for: the same tag (any case), else the
/// survey language equal to its primary subtag (`fr-CA` → `fr`), else the
/// first survey language with the same primary subtag (`pt` → `pt-BR`).
fn match_tag(definition: &SurveyDefinition, tag: &str) -> Option<String> {
    let tag = tag.trim().replace('_', "-");
    if tag.is_empty() || tag == "*" {
        return None;
    }
    let primary = primary_subtag(&tag);
    let keys = || definition.texts.keys();
    keys()
        .find(|k| k.eq_ignore_ascii_case(&tag))
        .or_else(|| keys().find(|k| k.eq_ignore_ascii_case(primary)))
        .or_else(|| keys().find(|k| primary_subtag(k).eq_ignore_ascii_case(primary)))
        .cloned()
}

fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// The tags of an `Accept-Language` header, best first; entries with `q=0`
/// or an unreadable q-value are dropped, equal q-values keep header order.
fn parse_accept_language(header: &str) -> impl Iterator<Item = &str> {
    let mut entries: Vec<(u16, &str)> = header
        .split(',')
        .take(MAX_ACCEPT_ENTRIES)
        .filter_map(|entry| {
            let mut parts = entry.split(';');
            let tag = parts.next()?.trim();
            let mut quality = 1000;
            for param in parts {
                let (name, value) = param.split_once('=')?;
                if name.trim().eq_ignore_ascii_case("q") {
                    let q: f32 = value.trim().parse().ok()?;
                    quality = (q.clamp(0.0, 1.0) * 1000.0).round() as u16;
                }
            }
            (!tag.is_empty() && quality > 0).then_some((quality, tag))
        })
        .collect();
    entries.sort_by_key(|&(quality, _)| std::cmp::Reverse(quality));
    entries.into_iter().map(|(_, tag)| tag)
}

/// Right-to-left scripts among the languages people answer surveys in.
pub(crate) fn is_rtl(tag: &str) -> bool {
    matches!(primary_subtag(tag).to_ascii_lowercase().as_str(), "ar" | "he" | "fa" | "ur")
}

/// The texts for `language`, falling back to the default language and then
/// to any language the survey has. `None` only for a survey without texts.
pub(crate) fn texts_for<'d>(definition: &'d SurveyDefinition, language: &str) -> Option<(&'d str, &'d SurveyTexts)> {
    definition
        .texts
        .get_key_value(language)
        .or_else(|| match_tag(definition, language).and_then(|k| definition.texts.get_key_value(&k)))
        .or_else(|| definition.texts.get_key_value(&definition.default_language))
        .or_else(|| definition.texts.iter().next())
        .map(|(k, v)| (k.as_str(), v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey_page::tests::sample_definition;

    fn survey(languages: &[&str]) -> SurveyDefinition {
        let mut definition = sample_definition();
        let texts = definition.texts["en"].clone();
        definition.texts = languages.iter().map(|l| (l.to_string(), texts.clone())).collect();
        definition.default_language = languages[0].to_owned();
        definition
    }

    #[test]
    fn the_contact_language_comes_first_then_the_query_then_the_header() {
        let s = survey(&["en", "fr", "de"]);
        assert_eq!(pick_language(&s, Some("de"), Some("fr"), Some("fr")), "de");
        assert_eq!(pick_language(&s, Some("it"), Some("fr"), Some("de")), "fr");
        assert_eq!(pick_language(&s, Some("it"), Some("xx"), Some("de")), "de");
        assert_eq!(pick_language(&s, None, None, None), "en");
        assert_eq!(pick_language(&s, Some("it"), Some(""), Some("it, pt;q=0.5")), "en");
    }

    #[test]
    fn accept_language_is_ranked_by_q_values() {
        let s = survey(&["en", "fr", "de", "ja"]);
        assert_eq!(pick_language(&s, None, None, Some("it;q=0.9, de;q=0.3, ja;q=0.8")), "ja");
        assert_eq!(pick_language(&s, None, None, Some("de;q=0.5, fr")), "fr");
        assert_eq!(pick_language(&s, None, None, Some("fr;q=0, de;q=0.1")), "de");
        assert_eq!(pick_language(&s, None, None, Some("de;q=abc, ja")), "ja");
        assert_eq!(pick_language(&s, None, None, Some("*, de;q=0.2")), "de");
        assert_eq!(pick_language(&s, None, None, Some("fr ; q = 0.7 , de ; q = 0.6")), "fr");
    }

    #[test]
    fn regions_fall_back_to_their_language_and_back() {
        let s = survey(&["en", "fr", "pt-BR"]);
        assert_eq!(pick_language(&s, None, None, Some("fr-CA,en;q=0.5")), "fr");
        assert_eq!(pick_language(&s, Some("FR_ca"), None, None), "fr");
        assert_eq!(pick_language(&s, None, Some("pt"), None), "pt-BR");
        assert_eq!(pick_language(&s, None, Some("pt-br"), None), "pt-BR");
        assert_eq!(pick_language(&s, None, None, Some("pt-PT")), "pt-BR");
    }

    #[test]
    fn an_exact_region_beats_the_bare_language() {
        let s = survey(&["en", "en-GB", "fr"]);
        assert_eq!(pick_language(&s, None, None, Some("en-GB")), "en-GB");
        assert_eq!(pick_language(&s, None, None, Some("en-AU")), "en");
    }

    #[test]
    fn right_to_left_languages_are_known() {
        for tag in ["ar", "he-IL", "fa", "UR"] {
            assert!(is_rtl(tag), "{tag}");
        }
        assert!(!is_rtl("en") && !is_rtl("ja"));
    }
}
