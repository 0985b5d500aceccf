//! Alert rules as data: which responses open a case, how soon it is due and
//! who owns it. An organisation's rules are one [`AlertRules`] value, written
//! as TOML by people (`vocal rules apply`) or as JSON by integrators (`PUT
//! /api/v1/alert-rules`); [`AlertRules::validate`] is the one check both go
//! through, so stored rules are always usable.

mod matching;
pub mod routing;
mod text;
mod validate;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cases::BusinessHours;
use crate::{Category, Email, UnitPath};

pub use matching::ResponseFacts;
pub use text::fold;

/// Every rule of an organisation, in the order they were written: when
/// several match, the first with its own routing decides the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertRules {
    pub rules: Vec<AlertRule>,
    /// When SLA hours count; plain elapsed hours when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_hours: Option<BusinessHours>,
    /// The organisation's root-cause taxonomy: a resolved case names one.
    #[serde(default = "default_root_causes")]
    pub root_causes: Vec<String>,
    /// Promoter answers with a comment go to the agent and their manager as
    /// praise. Off unless the organisation opts in.
    #[serde(default)]
    pub praise: bool,
    /// The survey (by slug) a resolved case's customer may be sent to ask
    /// whether it was resolved; no follow-ups when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_survey: Option<String>,
}

/// The rules of an organisation that has applied none: every detractor.
impl Default for AlertRules {
    fn default() -> Self {
        AlertRules::with_rules(vec![AlertRule::detractors()])
    }
}

impl AlertRules {
    /// These rules with the default loop settings (no business hours, the
    /// default root causes, no praise).
    pub fn with_rules(rules: Vec<AlertRule>) -> Self {
        AlertRules {
            rules,
            business_hours: None,
            root_causes: default_root_causes(),
            praise: false,
            follow_up_survey: None,
        }
    }
}

/// A taxonomy most service teams recognise; organisations edit it.
pub const DEFAULT_ROOT_CAUSES: [&str; 8] = [
    "Product or service defect",
    "Billing or pricing",
    "Delivery or availability",
    "Staff behaviour",
    "Wait time or responsiveness",
    "Policy or process",
    "Communication or information",
    "Other",
];

fn default_root_causes() -> Vec<String> {
    DEFAULT_ROOT_CAUSES.map(String::from).to_vec()
}

/// One rule: when every condition it sets holds for a response submitted
/// within its window, the response opens a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertRule {
    /// Unique within the organisation; recorded on the cases it opens.
    pub name: String,
    /// A rule can be kept but switched off (the default rule included).
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// Only responses *submitted* at most this many days ago open cases, so
    /// importing last year's history opens none.
    #[serde(default = "default_window_days")]
    pub window_days: u32,
    pub when: Conditions,
    /// Who owns the cases it opens; the unit's managers when left out.
    #[serde(default, skip_serializing_if = "Route::is_default")]
    pub route: Route,
    #[serde(default)]
    pub sla: Sla,
}

fn enabled() -> bool {
    true
}

pub const DEFAULT_WINDOW_DAYS: u32 = 7;

fn default_window_days() -> u32 {
    DEFAULT_WINDOW_DAYS
}

impl AlertRule {
    /// The rule every organisation starts with: every detractor (0–6).
    pub fn detractors() -> Self {
        AlertRule {
            name: "detractors".into(),
            enabled: true,
            window_days: DEFAULT_WINDOW_DAYS,
            when: Conditions { band: Some(Category::Detractor), ..Conditions::default() },
            route: Route::default(),
            sla: Sla::default(),
        }
    }
}

/// What a response must be to match. Every condition given must hold;
/// within a list (channels, phrases, units), any one entry is enough.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// `detractor` (0–6), `passive` (7–8) or `promoter` (9–10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<Category>,
    /// A score range, both ends included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<ScoreRange>,
    /// At least this many points below the same contact's previous answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop: Option<u8>,
    /// Words or phrases, matched where a word of the comment begins,
    /// ignoring case and accents ("resilier" matches "Résilier").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comment_matches: Vec<String>,
    /// Attributes the response's contact must have, with these values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contact_attributes: BTreeMap<String, String>,
    /// Attributes the response itself must have, with these values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub response_attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touchpoints: Vec<String>,
    /// Units whose subtree (the unit and everything below) the response is in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitPath>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRange {
    pub min: u8,
    pub max: u8,
}

/// Who owns a rule's cases instead of the response unit's managers. At most
/// one of the two; when neither finds an active user, the unit's managers do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// A response or contact attribute holding the owner's email (the
    /// account owner of a key account), looked up on the response first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_attribute: Option<String>,
    /// A named user, by email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Email>,
}

impl Route {
    fn is_default(&self) -> bool {
        *self == Route::default()
    }
}

/// How soon a case opened by the rule must see first contact and resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    #[serde(default = "default_first_contact_hours")]
    pub first_contact_hours: u32,
    #[serde(default = "default_resolve_hours")]
    pub resolve_hours: u32,
}

pub const DEFAULT_FIRST_CONTACT_HOURS: u32 = 48;
pub const DEFAULT_RESOLVE_HOURS: u32 = 7 * 24;

fn default_first_contact_hours() -> u32 {
    DEFAULT_FIRST_CONTACT_HOURS
}

fn default_resolve_hours() -> u32 {
    DEFAULT_RESOLVE_HOURS
}

impl Default for Sla {
    fn default() -> Self {
        Sla { first_contact_hours: DEFAULT_FIRST_CONTACT_HOURS, resolve_hours: DEFAULT_RESOLVE_HOURS }
    }
}

impl Sla {
    /// The strictest of several (each deadline the earliest): a response
    /// matching many rules is due as soon as the most urgent says.
    pub fn strictest<'a>(slas: impl IntoIterator<Item = &'a Sla>) -> Option<Sla> {
        slas.into_iter().copied().reduce(|a, b| Sla {
            first_contact_hours: a.first_contact_hours.min(b.first_contact_hours),
            resolve_hours: a.resolve_hours.min(b.resolve_hours),
        })
    }
}

/// One broken rule, named by its key path (`rules[1].when.score.max`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

#[cfg(test)]
mod tests;
