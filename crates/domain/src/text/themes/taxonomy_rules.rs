//! The rules a taxonomy must follow before it is stored or compiled. Like a
//! survey's, every problem is reported at once with the path of its key, so
//! a whole file can be fixed in one pass.

use std::collections::{BTreeMap, HashMap};

use super::language::{is_theme_language, theme_languages};
use super::normalise::phrase_tokens;
use super::taxonomy::{Taxonomy, TaxonomyDefinition, TaxonomyError, ThemeDefinition};
use crate::survey_rules::{is_language_tag, is_slug};

/// More themes stop being a taxonomy anyone reads; it also bounds the
/// matcher's per-comment result (a fixed-size set).
pub const MAX_THEMES: usize = 200;
/// Phrases per theme and language, `phrases` and `negatable` together.
pub const MAX_PHRASES_PER_LANGUAGE: usize = 200;
/// A phrase is a few words, not a sentence.
pub const MAX_PHRASE_CHARS: usize = 100;
/// A theme's name is shown in charts and filters.
pub const MAX_NAME_CHARS: usize = 100;

#[derive(Default)]
struct Problems(Vec<TaxonomyError>);

impl Problems {
    fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.push(TaxonomyError { key: key.into(), message: message.into() });
    }
}

impl TaxonomyDefinition {
    /// Every rule the definition breaks, each with its key path; the
    /// [`Taxonomy`] when there is none.
    pub fn validate(self) -> Result<Taxonomy, Vec<TaxonomyError>> {
        let mut problems = Problems::default();
        if self.themes.is_empty() {
            problems.add("theme", "the taxonomy has no themes");
        } else if self.themes.len() > MAX_THEMES {
            problems.add("theme", format!("at most {MAX_THEMES} themes (there are {})", self.themes.len()));
        }
        let mut slugs = HashMap::new();
        for (index, theme) in self.themes.iter().enumerate() {
            let key = format!("theme[{index}]");
            if !is_slug(&theme.slug) {
                problems.add(format!("{key}.slug"), "must be 1 to 64 characters of a-z, 0-9 and -");
            } else if let Some(first) = slugs.insert(theme.slug.as_str(), index) {
                problems.add(format!("{key}.slug"), format!("{:?} is already the slug of theme[{first}]", theme.slug));
            }
            check_names(&key, theme, &mut problems);
            check_phrases(&key, theme, &mut problems);
        }
        if problems.0.is_empty() { Ok(Taxonomy::validated(self)) } else { Err(problems.0) }
    }
}

fn check_names(key: &str, theme: &ThemeDefinition, problems: &mut Problems) {
    if theme.name.is_empty() {
        problems.add(format!("{key}.name"), "the theme needs a name in at least one language");
    }
    for (language, name) in &theme.name {
        let key = format!("{key}.name.{language}");
        if !is_language_tag(language) {
            problems.add(key, "is not a language tag like en, pt-BR or zh-Hant");
        } else if name.trim().is_empty() {
            problems.add(key, "must not be empty");
        } else if name.chars().any(char::is_control) {
            problems.add(key, "must not contain control characters");
        } else if name.chars().count() > MAX_NAME_CHARS {
            problems.add(key, format!("must be at most {MAX_NAME_CHARS} characters"));
        }
    }
}

fn check_phrases(key: &str, theme: &ThemeDefinition, problems: &mut Problems) {
    if theme.phrases.values().chain(theme.negatable.values()).all(Vec::is_empty) {
        problems.add(format!("{key}.phrases"), "the theme needs at least one phrase");
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    // Folded phrase → where it was first listed, per language.
    let mut seen: HashMap<(&str, String), String> = HashMap::new();
    for (list, lists) in [("phrases", &theme.phrases), ("negatable", &theme.negatable)] {
        for (language, phrases) in lists {
            let list_key = format!("{key}.{list}.{language}");
            if !is_theme_language(language) {
                let known: Vec<&str> = theme_languages().collect();
                problems
                    .add(list_key, format!("is not a language themes are matched in; use one of {}", known.join(", ")));
                continue;
            }
            *counts.entry(language).or_default() += phrases.len();
            for (index, phrase) in phrases.iter().enumerate() {
                let phrase_key = format!("{list_key}[{index}]");
                if let Some(message) = phrase_problem(phrase) {
                    problems.add(phrase_key, message);
                } else if let Some(first) = seen.insert((language, phrase_tokens(phrase, None)), phrase_key.clone()) {
                    problems.add(phrase_key, format!("{phrase:?} is already listed at {first}"));
                }
            }
        }
    }
    for (language, count) in counts {
        if count > MAX_PHRASES_PER_LANGUAGE {
            problems.add(
                format!("{key}.phrases.{language}"),
                format!("at most {MAX_PHRASES_PER_LANGUAGE} phrases per language, negatable ones included (there are {count})"),
            );
        }
    }
}

fn phrase_problem(phrase: &str) -> Option<String> {
    if phrase.chars().any(char::is_control) {
        Some("must not contain control characters".into())
    } else if phrase.chars().count() > MAX_PHRASE_CHARS {
        Some(format!("must be at most {MAX_PHRASE_CHARS} characters"))
    } else if phrase_tokens(phrase, None).trim().is_empty() {
        Some("has no words to match".into())
    } else {
        None
    }
}

#[cfg(test)]
#[path = "taxonomy_rules_tests.rs"]
mod tests;
