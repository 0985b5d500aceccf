//! The checks every rule set passes before it is stored, each problem named
//! by its key path so a file or a JSON body can be fixed in one pass.

use std::collections::{BTreeMap, HashSet};

use super::text::fold;
use super::{AlertRule, AlertRules, Conditions, RuleError};

/// Longer names and phrases are mistakes (a pasted paragraph), not rules.
const MAX_NAME_CHARS: usize = 64;
const MAX_PHRASE_CHARS: usize = 200;
const MAX_WINDOW_DAYS: u32 = 366;
const MAX_ROOT_CAUSES: usize = 50;

struct Problems(Vec<RuleError>);

impl Problems {
    fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.push(RuleError { key: key.into(), message: message.into() });
    }
}

impl AlertRules {
    /// Every problem of every rule, or `Ok` when the whole set may be stored.
    pub fn validate(&self) -> Result<(), Vec<RuleError>> {
        let mut problems = Problems(Vec::new());
        let mut names = HashSet::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let key = format!("rules[{index}]");
            if !names.insert(rule.name.trim()) {
                problems.add(format!("{key}.name"), format!("{:?} names another rule already", rule.name));
            }
            rule.check(&key, &mut problems);
        }
        self.check_root_causes(&mut problems);
        if self.follow_up_survey.as_deref().is_some_and(|slug| slug.trim().is_empty() || slug.len() > MAX_NAME_CHARS) {
            problems.add("follow_up_survey", format!("must be a survey's slug, 1 to {MAX_NAME_CHARS} characters"));
        }
        if let Some(Err(error)) = self.business_hours.as_ref().map(|hours| hours.calendar()) {
            let (key, message) = error.split_once(": ").unwrap_or(("business_hours", error.as_str()));
            problems.add(key, message);
        }
        if problems.0.is_empty() { Ok(()) } else { Err(problems.0) }
    }
}

impl AlertRules {
    fn check_root_causes(&self, problems: &mut Problems) {
        if self.root_causes.is_empty() || self.root_causes.len() > MAX_ROOT_CAUSES {
            problems.add("root_causes", format!("list 1 to {MAX_ROOT_CAUSES} root causes"));
        }
        let mut seen = HashSet::new();
        for (index, cause) in self.root_causes.iter().enumerate() {
            let name = cause.trim();
            if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
                problems.add(format!("root_causes[{index}]"), format!("must be 1 to {MAX_NAME_CHARS} characters"));
            } else if !seen.insert(fold(name)) {
                problems.add(format!("root_causes[{index}]"), format!("{cause:?} is listed twice"));
            }
        }
    }

    /// The taxonomy's spelling of `name`, matched ignoring case and accents.
    pub fn root_cause(&self, name: &str) -> Option<&str> {
        let wanted = fold(name.trim());
        self.root_causes.iter().map(|c| c.trim()).find(|c| fold(c) == wanted)
    }
}

impl AlertRule {
    fn check(&self, key: &str, problems: &mut Problems) {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            problems.add(format!("{key}.name"), format!("must be 1 to {MAX_NAME_CHARS} characters"));
        }
        if !(1..=MAX_WINDOW_DAYS).contains(&self.window_days) {
            problems.add(format!("{key}.window_days"), format!("must be 1 to {MAX_WINDOW_DAYS} days"));
        }
        self.when.check(&format!("{key}.when"), problems);
        if self.route.owner.is_some() && self.route.owner_attribute.is_some() {
            problems.add(format!("{key}.route.owner"), "give owner or owner_attribute, not both");
        }
        if self.route.owner_attribute.as_deref().is_some_and(|a| a.trim().is_empty()) {
            problems.add(format!("{key}.route.owner_attribute"), "must name an attribute");
        }
        if self.sla.first_contact_hours == 0 {
            problems.add(format!("{key}.sla.first_contact_hours"), "must be at least 1 hour");
        }
        if self.sla.resolve_hours < self.sla.first_contact_hours.max(1) {
            problems.add(format!("{key}.sla.resolve_hours"), "must be at least first_contact_hours");
        }
    }
}

impl Conditions {
    fn check(&self, key: &str, problems: &mut Problems) {
        if *self == Conditions::default() {
            problems.add(key, "needs at least one condition (band = \"detractor\" for every detractor)");
        }
        if let Some(range) = self.score {
            if self.band.is_some() {
                problems.add(format!("{key}.score"), "give band or score, not both");
            }
            if range.max > 10 {
                problems.add(format!("{key}.score.max"), "must be 0 to 10");
            }
            if range.min > range.max {
                problems.add(format!("{key}.score.min"), "must not be above max");
            }
        }
        if self.drop.is_some_and(|points| !(1..=10).contains(&points)) {
            problems.add(format!("{key}.drop"), "must be 1 to 10 points");
        }
        for (index, phrase) in self.comment_matches.iter().enumerate() {
            if fold(phrase).is_empty() || phrase.chars().count() > MAX_PHRASE_CHARS {
                problems.add(
                    format!("{key}.comment_matches[{index}]"),
                    format!("must have a letter or digit and at most {MAX_PHRASE_CHARS} characters"),
                );
            }
        }
        check_attributes(&self.contact_attributes, &format!("{key}.contact_attributes"), problems);
        check_attributes(&self.response_attributes, &format!("{key}.response_attributes"), problems);
        for (list, name) in [(&self.channels, "channels"), (&self.touchpoints, "touchpoints")] {
            for (index, value) in list.iter().enumerate() {
                if value.trim().is_empty() {
                    problems.add(format!("{key}.{name}[{index}]"), "must not be empty");
                }
            }
        }
    }
}

fn check_attributes(attributes: &BTreeMap<String, String>, key: &str, problems: &mut Problems) {
    if attributes.keys().any(|name| name.trim().is_empty()) {
        problems.add(key, "an attribute name must not be empty");
    }
}
