//! Which rules a response matches. Pure: the caller gathers the facts (the
//! contact's previous score, the contact's attributes) once per response.

use std::collections::BTreeMap;

use super::text::{contains_phrase, fold};
use super::{AlertRule, AlertRules, Conditions};
use crate::{Score, UnitId, UnitTree};

const DAY_MS: i64 = 86_400_000;

/// What the conditions look at, for one response.
#[derive(Debug, Clone, Copy)]
pub struct ResponseFacts<'a> {
    pub score: Score,
    /// The same contact's answer before this one, if any.
    pub previous_score: Option<Score>,
    pub comment: Option<&'a str>,
    pub channel: Option<&'a str>,
    pub touchpoint: Option<&'a str>,
    pub unit: Option<UnitId>,
    pub response_attributes: &'a BTreeMap<String, String>,
    pub contact_attributes: &'a BTreeMap<String, String>,
    pub submitted_at_ms: i64,
}

impl AlertRules {
    /// The enabled rules the response matches at `now_ms`, in file order.
    pub fn matching(&self, facts: &ResponseFacts<'_>, units: &UnitTree, now_ms: i64) -> Vec<&AlertRule> {
        self.rules.iter().filter(|rule| rule.matches(facts, units, now_ms)).collect()
    }

    /// The widest window of any rule: responses submitted earlier match none.
    pub fn widest_window_ms(&self) -> i64 {
        self.rules.iter().filter(|r| r.enabled).map(|r| i64::from(r.window_days) * DAY_MS).max().unwrap_or(0)
    }

    /// Whether any enabled rule needs the contact's previous score (a drop).
    pub fn need_previous_score(&self) -> bool {
        self.rules.iter().any(|r| r.enabled && r.when.drop.is_some())
    }

    /// Whether any enabled rule looks at contact attributes (to match or to route).
    pub fn need_contact(&self) -> bool {
        self.rules
            .iter()
            .any(|r| r.enabled && (!r.when.contact_attributes.is_empty() || r.route.owner_attribute.is_some()))
    }
}

impl AlertRule {
    /// Enabled, submitted within the window (not in the future by more than
    /// a clock's drift either), and every condition holds.
    pub fn matches(&self, facts: &ResponseFacts<'_>, units: &UnitTree, now_ms: i64) -> bool {
        let age = now_ms - facts.submitted_at_ms;
        self.enabled && age <= i64::from(self.window_days) * DAY_MS && age >= -DAY_MS && self.when.hold(facts, units)
    }
}

impl Conditions {
    fn hold(&self, facts: &ResponseFacts<'_>, units: &UnitTree) -> bool {
        let score = facts.score.value();
        let listed = |list: &[String], value: Option<&str>| {
            list.is_empty() || value.is_some_and(|v| list.iter().any(|l| l == v))
        };
        let attributes_hold = |wanted: &BTreeMap<String, String>, have: &BTreeMap<String, String>| {
            wanted.iter().all(|(k, v)| have.get(k) == Some(v))
        };
        self.band.is_none_or(|band| facts.score.category() == band)
            && self.score.is_none_or(|range| (range.min..=range.max).contains(&score))
            && self.drop.is_none_or(|points| {
                facts
                    .previous_score
                    .is_some_and(|before| i16::from(before.value()) - i16::from(score) >= i16::from(points))
            })
            && self.comment_matches_hold(facts.comment)
            && attributes_hold(&self.contact_attributes, facts.contact_attributes)
            && attributes_hold(&self.response_attributes, facts.response_attributes)
            && listed(&self.channels, facts.channel)
            && listed(&self.touchpoints, facts.touchpoint)
            && (self.units.is_empty()
                || facts.unit.is_some_and(|unit| {
                    self.units.iter().filter_map(|path| units.find(path)).any(|top| units.is_within(unit, top))
                }))
    }

    fn comment_matches_hold(&self, comment: Option<&str>) -> bool {
        if self.comment_matches.is_empty() {
            return true;
        }
        let Some(comment) = comment else { return false };
        let comment = fold(comment);
        self.comment_matches.iter().any(|phrase| contains_phrase(&comment, &fold(phrase)))
    }
}
