//! From a header row to a plan: which column feeds which field of a
//! response. Every format ends here, so the rules that protect queries (no
//! two columns with one name, no attribute named like a built-in field) are
//! enforced once for all of them.

use std::cell::RefCell;
use std::collections::HashSet;

use jiff::tz::TimeZone;
use vocal_domain::attributes::{self, AttributeNameError};
use vocal_domain::{Field, UnitBudget};

use super::dates::DateStyle;
use super::error::ImportError;

/// What one column feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Score,
    SubmittedAt,
    Comment,
    Channel,
    Touchpoint,
    Unit,
    Agent,
    ContactEmail,
    Account,
    Language,
    ResponseId,
    /// A custom attribute named after the column.
    Attribute,
    /// Tool-internal noise (IP address, coordinates, durations, …).
    Skip,
}

/// Vocal's own column names. In a hosted tool's export, a column left over
/// with one of these names (a custom property called `agent`, say) feeds the
/// field too, so people can enrich an export without renaming its columns.
pub(crate) const VOCAL_COLUMNS: [(&str, Target); 11] = [
    ("submitted_at", Target::SubmittedAt),
    ("score", Target::Score),
    ("comment", Target::Comment),
    ("channel", Target::Channel),
    ("touchpoint", Target::Touchpoint),
    ("unit", Target::Unit),
    ("agent", Target::Agent),
    ("contact_email", Target::ContactEmail),
    ("account", Target::Account),
    ("language", Target::Language),
    ("response_id", Target::ResponseId),
];

/// Which column feeds which field, ready for reading rows.
#[derive(Debug, Clone)]
pub(crate) struct ColumnPlan {
    /// How many fields every record must have.
    pub width: usize,
    /// Column names for messages, in file order.
    pub labels: Vec<String>,
    pub score: usize,
    pub submitted_at: usize,
    pub comment: Option<usize>,
    pub channel: Option<usize>,
    pub touchpoint: Option<usize>,
    pub unit: Option<usize>,
    pub agent: Option<usize>,
    pub contact_email: Option<usize>,
    pub account: Option<usize>,
    pub language: Option<usize>,
    pub response_id: Option<usize>,
    /// Column index and attribute name, in file order.
    pub attributes: Vec<(usize, String)>,
    pub time_zone: TimeZone,
    pub date_style: DateStyle,
    /// Language codes the tool writes in capitals (Qualtrics' `EN`).
    pub lowercase_language: bool,
    /// When the file is read: no row may say it was submitted later (bar clock skew).
    pub now_ms: i64,
    /// The units the file's rows have named so far: a plan reads one file,
    /// row by row, and a file may name at most so many.
    pub units: RefCell<UnitBudget>,
}

/// Assigns columns one by one; [`PlanBuilder::finish`] checks the result.
pub(crate) struct PlanBuilder {
    labels: Vec<String>,
    lowered: Vec<String>,
    targets: Vec<Option<Target>>,
}

impl PlanBuilder {
    pub(crate) fn new(labels: Vec<String>) -> Self {
        let lowered = labels.iter().map(|l| l.to_lowercase()).collect();
        let targets = vec![None; labels.len()];
        PlanBuilder { labels, lowered, targets }
    }

    pub(crate) fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The first column whose name equals `name`, ignoring case.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        let name = name.to_lowercase();
        self.lowered.iter().position(|l| *l == name)
    }

    pub(crate) fn is_claimed(&self, target: Target) -> bool {
        self.targets.contains(&Some(target))
    }

    pub(crate) fn is_free(&self, index: usize) -> bool {
        self.targets[index].is_none()
    }

    /// Sends column `index` to `target` if neither is taken yet: explicit
    /// names are assigned first, so a tool's default mapping never overrides them.
    pub(crate) fn offer(&mut self, index: usize, target: Target) {
        if self.is_free(index) && (matches!(target, Target::Skip) || !self.is_claimed(target)) {
            self.targets[index] = Some(target);
        }
    }

    /// [`PlanBuilder::offer`] for the column named `name` (ignoring case), if any.
    pub(crate) fn offer_named(&mut self, name: &str, target: Target) {
        if let Some(index) = self.find(name) {
            self.offer(index, target);
        }
    }

    /// Leaves the named columns out of the import.
    pub(crate) fn skip_named(&mut self, names: &[&str]) {
        for name in names {
            self.offer_named(name, Target::Skip);
        }
    }

    /// Maps the columns named like Vocal's own. A second column with the same
    /// name is an error; a Vocal-named column whose field a tool's own column
    /// already feeds is left for [`PlanBuilder::finish`].
    pub(crate) fn assign_vocal_names(&mut self) -> Result<(), ImportError> {
        for index in 0..self.labels.len() {
            if self.targets[index].is_some() {
                continue;
            }
            let Some(&(_, target)) = VOCAL_COLUMNS.iter().find(|(name, _)| *name == self.lowered[index]) else {
                continue;
            };
            match self.targets.iter().position(|t| *t == Some(target)) {
                None => self.targets[index] = Some(target),
                Some(other) if self.lowered[other] == self.lowered[index] => {
                    return Err(ImportError::DuplicateColumn { column: self.labels[index].clone() });
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Turns every column not yet assigned into a custom attribute (columns
    /// without a name are skipped: their values could not be named), then
    /// checks the plan. `required` names the score and timestamp columns as
    /// this format calls them, for the error message.
    pub(crate) fn finish(
        mut self,
        time_zone: TimeZone,
        date_style: DateStyle,
        required: [&'static str; 2],
    ) -> Result<ColumnPlan, ImportError> {
        for (index, target) in self.targets.iter_mut().enumerate() {
            if target.is_none() {
                *target = Some(if self.labels[index].is_empty() { Target::Skip } else { Target::Attribute });
            }
        }
        let found = || self.labels.iter().filter(|l| !l.is_empty()).cloned().collect();
        let position = |wanted: Target| self.targets.iter().position(|t| *t == Some(wanted));
        let score = position(Target::Score)
            .ok_or_else(|| ImportError::MissingColumn { column: required[0], found: found() })?;
        let submitted_at = position(Target::SubmittedAt)
            .ok_or_else(|| ImportError::MissingColumn { column: required[1], found: found() })?;

        let mut seen = HashSet::new();
        let mut attributes = Vec::new();
        for (index, target) in self.targets.iter().enumerate() {
            if *target == Some(Target::Skip) {
                continue;
            }
            if !seen.insert(self.lowered[index].as_str()) {
                return Err(ImportError::DuplicateColumn { column: self.labels[index].clone() });
            }
            if *target == Some(Target::Attribute) {
                check_attribute_column(&self.labels[index], &self.lowered[index])?;
                attributes.push((index, self.labels[index].clone()));
            }
        }
        if let Some(message) = attributes::too_many(attributes.len()) {
            let message = format!("{message} (a column not named like a Vocal field is an attribute); remove columns");
            return Err(ImportError::BadHeader { line: 1, message });
        }
        Ok(ColumnPlan {
            width: self.labels.len(),
            score,
            submitted_at,
            comment: position(Target::Comment),
            channel: position(Target::Channel),
            touchpoint: position(Target::Touchpoint),
            unit: position(Target::Unit),
            agent: position(Target::Agent),
            contact_email: position(Target::ContactEmail),
            account: position(Target::Account),
            language: position(Target::Language),
            response_id: position(Target::ResponseId),
            attributes,
            time_zone,
            date_style,
            lowercase_language: false,
            labels: self.labels,
            now_ms: jiff::Timestamp::now().as_millisecond(),
            units: RefCell::default(),
        })
    }
}

/// A column kept as an attribute follows the same rule as the API's attributes.
fn check_attribute_column(label: &str, lowered: &str) -> Result<(), ImportError> {
    if Field::is_reserved(lowered) {
        return Err(ImportError::ReservedColumn { column: label.to_string() });
    }
    match attributes::check_name(label) {
        Ok(()) => Ok(()),
        Err(AttributeNameError::Reserved(_)) => Err(ImportError::ReservedColumn { column: label.to_string() }),
        Err(error) => Err(ImportError::BadHeader { line: 1, message: format!("column {label:?}: {error}") }),
    }
}

/// Vocal's own format: the columns named in [`VOCAL_COLUMNS`], any others as attributes.
pub(crate) fn plan_vocal(labels: Vec<String>, time_zone: TimeZone) -> Result<ColumnPlan, ImportError> {
    let mut builder = PlanBuilder::new(labels);
    builder.assign_vocal_names()?;
    builder.finish(time_zone, DateStyle::Iso, ["score", "submitted_at"])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn names_match_ignoring_case_and_others_become_attributes() {
        let plan = plan_vocal(labels(&["Score", "SUBMITTED_AT", "Region", "", "comment"]), TimeZone::UTC).unwrap();
        assert_eq!((plan.score, plan.submitted_at, plan.comment), (0, 1, Some(4)));
        assert_eq!(plan.attributes, vec![(2, "Region".to_string())]);
    }

    #[test]
    fn a_name_used_twice_is_refused() {
        let err = plan_vocal(labels(&["score", "submitted_at", "Score"]), TimeZone::UTC).unwrap_err();
        assert_eq!(err, ImportError::DuplicateColumn { column: "Score".into() });
        let err = plan_vocal(labels(&["score", "submitted_at", "tier", "Tier"]), TimeZone::UTC).unwrap_err();
        assert_eq!(err, ImportError::DuplicateColumn { column: "Tier".into() });
    }

    #[test]
    fn built_in_field_names_cannot_be_attributes() {
        let err = plan_vocal(labels(&["score", "submitted_at", "Week"]), TimeZone::UTC).unwrap_err();
        assert_eq!(err, ImportError::ReservedColumn { column: "Week".into() });
    }

    #[test]
    fn attribute_columns_follow_the_apis_rule() {
        let err = plan_vocal(labels(&["score", "submitted_at", "tier:gold"]), TimeZone::UTC).unwrap_err();
        let message =
            "column \"tier:gold\": attribute names cannot contain a line break, control character, “,”, “=” or “:”";
        assert_eq!(err, ImportError::BadHeader { line: 1, message: message.into() });
        let err = plan_vocal(labels(&["score", "submitted_at", "Survey"]), TimeZone::UTC).unwrap_err();
        assert_eq!(err, ImportError::ReservedColumn { column: "Survey".into() });
        let mut many = labels(&["score", "submitted_at"]);
        many.extend((0..5_000).map(|i| format!("c{i}")));
        let err = plan_vocal(many.clone(), TimeZone::UTC).unwrap_err();
        let message =
            "5000 attributes; at most 50 (a column not named like a Vocal field is an attribute); remove columns";
        assert_eq!(err, ImportError::BadHeader { line: 1, message: message.into() });
        many.truncate(52);
        assert_eq!(plan_vocal(many, TimeZone::UTC).unwrap().attributes.len(), 50);
    }

    #[test]
    fn the_score_column_is_required_before_the_timestamp() {
        let err = plan_vocal(labels(&["comment", "when"]), TimeZone::UTC).unwrap_err();
        assert_eq!(err, ImportError::MissingColumn { column: "score", found: labels(&["comment", "when"]) });
        let err = plan_vocal(labels(&["score"]), TimeZone::UTC).unwrap_err();
        assert_eq!(err, ImportError::MissingColumn { column: "submitted_at", found: labels(&["score"]) });
    }
}
