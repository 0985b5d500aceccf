//! What a comment is about: the themes of an organisation's taxonomy whose
//! phrases it contains. A response has any number of themes.
//!
//! ```
//! use vocal_domain::text::themes::Taxonomy;
//!
//! let matcher = Taxonomy::default_customer_service().compile();
//! let themes = matcher.slugs_of("On hold for an hour, and the agent was rude.", Some("en"));
//! assert_eq!(themes, ["wait-time", "agent-attitude"]);
//! assert!(matcher.slugs_of("The agent was not rude at all.", Some("en")).is_empty());
//! ```
//!
//! The taxonomy is data ([`TaxonomyDefinition`], written as TOML), validated
//! into a [`Taxonomy`], compiled once into a [`ThemeMatcher`]. Matching folds
//! case and accents, stems words per language, matches whole tokens and
//! multi-word phrases, and lets negatable phrases be cancelled by a nearby
//! negator; the rules are in [`matcher`] and `docs/themes.md`.

mod language;
pub mod matcher;
pub(crate) mod normalise;
mod taxonomy;
pub mod taxonomy_rules;

pub use language::{is_theme_language, theme_languages};
pub use matcher::{ThemeMatcher, ThemeSet};
pub use taxonomy::{Taxonomy, TaxonomyDefinition, TaxonomyError, ThemeDefinition};
pub use taxonomy_rules::{MAX_NAME_CHARS, MAX_PHRASE_CHARS, MAX_PHRASES_PER_LANGUAGE, MAX_THEMES};

#[cfg(test)]
mod default_taxonomy_tests;
#[cfg(test)]
mod matcher_tests;
#[cfg(test)]
mod throughput_tests;
