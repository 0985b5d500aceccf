//! A survey as data: the 0–10 question, the "why" follow-up worded by score
//! band, optional extra questions, the thank-you text, branding and an
//! optional redirect, with every text in each of the survey's languages.
//!
//! The definition is stored as JSON and written by people as TOML
//! (`vocal survey apply`); [`SurveyDefinition::validate`] is the one check
//! both paths go through, so a stored survey is always complete.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Category;

/// Everything a survey page needs, in every language the survey offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyDefinition {
    /// The survey's name in URLs and commands: `[a-z0-9-]{1,64}`.
    pub slug: String,
    /// The name people see in lists (not on the survey page).
    pub name: String,
    /// The language used when neither the contact, `?lang=` nor
    /// `Accept-Language` names one the survey has.
    pub default_language: String,
    /// How long after the first answer the score and comment may still be
    /// changed; afterwards the page only thanks.
    #[serde(default = "default_edit_window_hours")]
    pub edit_window_hours: u32,
    /// Where the thank-you page sends people, if anywhere. Its host must be
    /// one of `redirect_hosts`.
    #[serde(default)]
    pub redirect_url: Option<String>,
    /// Hosts a redirect (the survey's or an invitation's) may go to: no open redirect.
    #[serde(default)]
    pub redirect_hosts: Vec<String>,
    /// Optional as a whole: a first survey needs only a slug, a name and
    /// its texts (see [`SurveyDefinition::fill_defaults`]).
    #[serde(default)]
    pub brand: Brand,
    #[serde(default)]
    pub public_link: PublicLink,
    /// Asked after the 0–10 question and the why question, in this order.
    #[serde(default)]
    pub questions: Vec<ExtraQuestion>,
    /// By language tag (`en`, `fr`, `pt-BR`, …).
    pub texts: BTreeMap<String, SurveyTexts>,
}

pub fn default_edit_window_hours() -> u32 {
    48
}

impl SurveyDefinition {
    /// What a definition that leaves things out means: a brand without an
    /// organisation shows the survey's name. Applied before validation, by
    /// every way a survey arrives (a file, the API).
    pub fn fill_defaults(&mut self) {
        if self.brand.organisation.is_empty() {
            self.brand.organisation.clone_from(&self.name);
        }
    }
}

/// The accent of a survey that gives none: the survey pages' own blue,
/// readable with white text on buttons.
pub const DEFAULT_COLOUR: &str = "#2563eb";

fn default_colour() -> String {
    DEFAULT_COLOUR.into()
}

impl Default for Brand {
    fn default() -> Self {
        Brand { organisation: String::new(), colour: default_colour(), logo: None }
    }
}

/// How the organisation appears on its survey pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// Shown at the top of the page, e.g. "Northwind Telecom"; the survey's
    /// name when left out.
    #[serde(default)]
    pub organisation: String,
    /// The accent colour, `#rrggbb`; [`DEFAULT_COLOUR`] when left out.
    #[serde(default = "default_colour")]
    pub colour: String,
    /// Served from Vocal itself (no other host), so it is stored inline.
    #[serde(default)]
    pub logo: Option<Logo>,
}

/// A small image stored with the survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logo {
    /// `image/svg+xml`, `image/png`, `image/jpeg` or `image/webp`.
    pub content_type: String,
    /// Standard base64 of the image bytes (at most [`MAX_LOGO_BYTES`] decoded).
    pub base64: String,
}

/// Logos are inlined in the page, which must stay under 30 KB.
pub const MAX_LOGO_BYTES: usize = 12 * 1024;

/// The anonymous link `/p/{slug}` for websites and QR codes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicLink {
    #[serde(default)]
    pub enabled: bool,
    /// Set a cookie after an answer and thank, rather than accept, a second one.
    #[serde(default)]
    pub one_answer_per_browser: bool,
}

/// A question after the 0–10 and why questions. Its answer is stored as the
/// response attribute named by `id`, so it can be filtered and broken down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraQuestion {
    /// `[a-z][a-z0-9_]{0,39}`, not a reserved response field name.
    pub id: String,
    pub kind: QuestionKind,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum QuestionKind {
    /// One of a fixed list of option ids, each labelled per language.
    Choice { options: Vec<String> },
    /// A short free text.
    Text {
        #[serde(default = "default_text_max_length")]
        max_length: u32,
    },
}

pub fn default_text_max_length() -> u32 {
    500
}

/// One language's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyTexts {
    /// The 0–10 question.
    pub question: String,
    /// The why question, unless a band has its own wording.
    pub why: String,
    #[serde(default)]
    pub why_detractor: Option<String>,
    #[serde(default)]
    pub why_passive: Option<String>,
    #[serde(default)]
    pub why_promoter: Option<String>,
    pub thank_you: String,
    /// Labels of the extra questions, by question id.
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionTexts>,
}

impl SurveyTexts {
    /// The why question as worded for the band of the given score.
    pub fn why_for(&self, category: Option<Category>) -> &str {
        let banded = match category {
            Some(Category::Detractor) => self.why_detractor.as_deref(),
            Some(Category::Passive) => self.why_passive.as_deref(),
            Some(Category::Promoter) => self.why_promoter.as_deref(),
            None => None,
        };
        banded.unwrap_or(&self.why)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTexts {
    pub label: String,
    /// Option labels by option id (choice questions only).
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

/// A definition that breaks a rule, with the path of the offending key
/// (`texts.fr.question`, `brand.colour`, `questions[1].id`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {message}")]
pub struct SurveyError {
    pub key: String,
    pub message: String,
}
