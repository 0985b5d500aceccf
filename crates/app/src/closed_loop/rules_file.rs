//! The rules file people write and `vocal rules apply` reads (docs/alerts.md):
//! the stored shape as TOML, every problem — syntax, unknown keys, broken
//! rules — reported with its key path and line, so a file is fixed in one pass.

use std::fmt;

use vocal_domain::alerts::AlertRules;

use crate::surveys::file::spans::DocumentSpans;

/// One problem in a rules file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesFileError {
    /// 1-based.
    pub line: usize,
    /// The key path (`rules[1].when.score.max`); empty for a syntax error outside any key.
    pub key: String,
    pub message: String,
}

impl fmt::Display for RulesFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}: {}: {}", self.line, self.key, self.message)
        }
    }
}

/// The rules as a rules file, for people to edit: what
/// [`parse_rules_file`] reads back to the same rules.
pub fn to_rules_file(rules: &AlertRules) -> String {
    toml::to_string(rules).unwrap_or_else(|error| format!("# the rules could not be written as TOML: {error}\n"))
}

/// Reads and validates a rules file; nothing is stored here.
pub fn parse_rules_file(text: &str) -> Result<AlertRules, Vec<RulesFileError>> {
    let spans = DocumentSpans::parse(text);
    let rules: AlertRules = toml::from_str(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        let message = error.message().trim().to_string();
        vec![RulesFileError { line: spans.line_at(offset), key: spans.path_at(offset), message }]
    })?;
    rules.validate().map_err(|errors| {
        errors
            .into_iter()
            .map(|e| RulesFileError { line: spans.line_of(&e.key), key: e.key, message: e.message })
            .collect::<Vec<_>>()
    })?;
    Ok(rules)
}

/// The line where `key` (a rule error's key path) is written in `text`,
/// for problems found after parsing (a named owner who is no user).
pub fn line_of(text: &str, key: &str) -> usize {
    DocumentSpans::parse(text).line_of(key)
}
