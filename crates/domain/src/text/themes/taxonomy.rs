//! A taxonomy as data: the themes an organisation tracks, each with phrases
//! per language. People write it as TOML (`vocal themes apply themes.toml`),
//! the API takes the same shape as JSON, and both go through
//! [`TaxonomyDefinition::validate`], so a [`Taxonomy`] is always one the
//! matcher can compile.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::matcher::ThemeMatcher;

/// The taxonomy as written: `[[theme]]` tables in TOML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyDefinition {
    /// In the order reports list them; a matched comment's themes come in
    /// this order too.
    #[serde(rename = "theme")]
    pub themes: Vec<ThemeDefinition>,
}

/// One theme: what a comment is about, and the phrases that say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeDefinition {
    /// The theme's stable name in URLs, queries and stored results:
    /// `[a-z0-9-]{1,64}`. Renaming a slug is a new theme.
    pub slug: String,
    /// What people see, by language tag (`en`, `de`, `pt-BR`).
    pub name: BTreeMap<String, String>,
    /// Phrases that always count, by language code (`en`, `de`, `ja`).
    #[serde(default)]
    pub phrases: BTreeMap<String, Vec<String>>,
    /// Phrases that count unless negated ("rude" but not "not rude"): for
    /// words whose negation is a hedge, not a remark on the theme.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub negatable: BTreeMap<String, Vec<String>>,
}

/// A rule a definition breaks, with the path of the offending key
/// (`theme[2].slug`, `theme[0].phrases.de[3]`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {message}")]
pub struct TaxonomyError {
    pub key: String,
    pub message: String,
}

/// A definition that passed validation; the only thing that compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    definition: TaxonomyDefinition,
}

/// The default taxonomy for customer service, in the demo's languages.
const DEFAULT_TOML: &str = include_str!("default_taxonomy.toml");

impl Taxonomy {
    /// Parses and validates a taxonomy file. A syntax or shape error is one
    /// problem keyed by its line (`line 12`); otherwise every rule the
    /// definition breaks is reported at once.
    pub fn from_toml(text: &str) -> Result<Taxonomy, Vec<TaxonomyError>> {
        let definition: TaxonomyDefinition = toml::from_str(text).map_err(|error| {
            let line = error.span().map_or(1, |span| 1 + text[..span.start].matches('\n').count());
            vec![TaxonomyError { key: format!("line {line}"), message: error.message().trim().to_string() }]
        })?;
        definition.validate()
    }

    /// The taxonomy shipped with Vocal: ten customer-service themes with
    /// phrases in English, German, French, Spanish and Japanese.
    pub fn default_customer_service() -> Taxonomy {
        Taxonomy::from_toml(DEFAULT_TOML).expect("the bundled default_taxonomy.toml is valid")
    }

    /// The bundled default as TOML, a starting point for an organisation's own file.
    pub fn default_customer_service_toml() -> &'static str {
        DEFAULT_TOML
    }

    pub fn definition(&self) -> &TaxonomyDefinition {
        &self.definition
    }

    pub fn into_definition(self) -> TaxonomyDefinition {
        self.definition
    }

    pub fn themes(&self) -> &[ThemeDefinition] {
        &self.definition.themes
    }

    /// The definition as TOML, in the shape [`Taxonomy::from_toml`] reads.
    pub fn to_toml(&self) -> String {
        toml::to_string(&self.definition).expect("a taxonomy is plain tables, strings and arrays")
    }

    /// Builds the matcher. Do it once per taxonomy and share the result:
    /// compiling builds one automaton per language, matching is then cheap.
    pub fn compile(&self) -> ThemeMatcher {
        ThemeMatcher::new(&self.definition)
    }

    /// Only [`TaxonomyDefinition::validate`] makes one.
    pub(super) fn validated(definition: TaxonomyDefinition) -> Taxonomy {
        Taxonomy { definition }
    }
}
