//! One CSV record to one response. Every field is checked, and every problem
//! is logged rather than the first one only, so a person fixing the file
//! sees all of a row's mistakes at once.

use std::collections::BTreeMap;

use csv::StringRecord;
use vocal_domain::{Email, Score, ScoreError, UnitPath, attributes, check_submitted_at};
use vocal_store::NewResponse;

use super::columns::ColumnPlan;
use super::dates::parse_timestamp;
use super::error::{ErrorLog, shown};

/// Longer comments are almost always a pasted document or a broken quote.
pub const MAX_COMMENT_CHARS: usize = 10_000;

/// What a record turned out to be.
#[expect(clippy::large_enum_variant, reason = "moved once per row; boxing would allocate once per row")]
pub(crate) enum RowOutcome {
    Parsed(ParsedRow),
    /// Every field empty (spreadsheets leave such rows at the end): skipped.
    Blank,
    /// At least one error was logged.
    Bad,
}

pub(crate) struct ParsedRow {
    pub response: NewResponse,
    /// The tool's (or the file's) identifier for the response, for de-duplication.
    pub response_id: Option<String>,
}

/// Reads one record, which starts on physical line `line`.
pub(crate) fn parse_row(
    plan: &ColumnPlan,
    record: &StringRecord,
    line: u64,
    source: &str,
    log: &mut ErrorLog,
) -> RowOutcome {
    if record.iter().all(|field| field.trim().is_empty()) {
        return RowOutcome::Blank;
    }
    if record.len() != plan.width {
        let hint = if record.iter().any(|f| f.contains('\n')) { " (is a quote left open?)" } else { "" };
        let message = format!("has {} fields but the header has {}{hint}", record.len(), plan.width);
        log.push(line, "row", message);
        return RowOutcome::Bad;
    }
    let errors_before = log.total();
    let mut row = RowChecker { plan, record, line, log };

    let score = row.required(plan.score, |raw| Score::parse(raw).map_err(|e| score_message(raw, e)));
    let submitted_at_ms = row.required(plan.submitted_at, |raw| {
        let ms = parse_timestamp(raw.trim(), &plan.time_zone, plan.date_style)?;
        check_submitted_at(ms, plan.now_ms).map_err(|e| format!("{} {e}", shown(raw.trim())))
    });
    let comment = row.optional(plan.comment, comment);
    let channel = row.optional(plan.channel, |raw| label(raw).map(|l| l.to_lowercase()));
    let touchpoint = row.optional(plan.touchpoint, |raw| label(raw).map(str::to_string));
    let unit = row.optional(plan.unit, |raw| {
        let path = UnitPath::parse(raw.trim())?;
        plan.units.borrow_mut().admit(&path)?;
        Ok(path)
    });
    let agent = row.optional(plan.agent, |raw| label(raw).map(str::to_string));
    let contact_email = row.optional(plan.contact_email, email);
    let account = row.optional(plan.account, |raw| label(raw).map(str::to_string));
    let language = row.optional(plan.language, |raw| {
        label(raw).map(|l| if plan.lowercase_language { l.to_lowercase() } else { l.to_string() })
    });
    let response_id = row.optional(plan.response_id, |raw| label(raw).map(str::to_string));
    for (index, _) in &plan.attributes {
        row.optional(Some(*index), |raw| attributes::check_value(raw.trim()));
    }

    let (Some(score), Some(submitted_at_ms)) = (score, submitted_at_ms) else {
        return RowOutcome::Bad;
    };
    if log.total() > errors_before {
        return RowOutcome::Bad;
    }
    let mut attributes = BTreeMap::new();
    for (index, name) in &plan.attributes {
        let value = record.get(*index).unwrap_or("").trim();
        if !value.is_empty() {
            attributes.insert(name.clone(), value.to_string());
        }
    }
    RowOutcome::Parsed(ParsedRow {
        response: NewResponse {
            dedupe_key: None,
            score,
            comment,
            submitted_at_ms,
            channel,
            touchpoint,
            unit,
            agent,
            contact_email,
            account,
            language,
            survey_id: None,
            source: source.to_string(),
            attributes,
        },
        response_id,
    })
}

/// Reads fields of one record, logging each failure under its column's name.
struct RowChecker<'a> {
    plan: &'a ColumnPlan,
    record: &'a StringRecord,
    line: u64,
    log: &'a mut ErrorLog,
}

impl RowChecker<'_> {
    fn required<T>(&mut self, index: usize, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let raw = self.record.get(index).unwrap_or("");
        if raw.trim().is_empty() {
            self.fail(index, "is empty".to_string());
            return None;
        }
        parse(raw).map_err(|message| self.fail(index, message)).ok()
    }

    /// An empty value is `None`; a bad one is logged (and also `None`).
    fn optional<T>(&mut self, index: Option<usize>, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let index = index?;
        let raw = self.record.get(index).unwrap_or("");
        if raw.trim().is_empty() {
            return None;
        }
        parse(raw).map_err(|message| self.fail(index, message)).ok()
    }

    fn fail(&mut self, index: usize, message: String) {
        self.log.push(self.line, &column_name(&self.plan.labels[index]), message);
    }
}

/// A column's name for messages; SurveyMonkey's are whole questions.
fn column_name(label: &str) -> String {
    const LIMIT: usize = 60;
    match label.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &label[..cut]),
        None => label.to_string(),
    }
}

fn score_message(raw: &str, error: ScoreError) -> String {
    let raw = raw.trim();
    match error {
        ScoreError::Missing => "is empty".to_string(),
        ScoreError::NotANumber(_) => format!("{} is not a whole number from 0 to 10", shown(raw)),
        ScoreError::OutOfRange(_) => format!("{} is outside 0–10", shown(raw)),
    }
}

/// Comments are kept exactly as written (line breaks, quotes, emoji, other
/// control characters); only their length is limited.
pub(crate) fn comment(raw: &str) -> Result<String, String> {
    if raw.len() > MAX_COMMENT_CHARS {
        let chars = raw.chars().count();
        if chars > MAX_COMMENT_CHARS {
            return Err(format!("is {chars} characters long; the limit is {MAX_COMMENT_CHARS}"));
        }
    }
    Ok(raw.to_string())
}

/// A one-line name (channel, agent, account, …), trimmed.
pub(crate) fn label(raw: &str) -> Result<&str, String> {
    let text = raw.trim();
    if text.chars().any(char::is_control) {
        return Err(format!("{} contains a line break or control character", shown(text)));
    }
    Ok(text)
}

/// An email cell or field as the store keeps it (text, for now), parsed
/// into an [`Email`] first. Shared by the importer, the ingest API and
/// invitations, which all report every bad field at once rather than
/// stopping at the first, so they parse here rather than in serde.
pub(crate) fn email(raw: &str) -> Result<Email, String> {
    Email::parse(raw).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ImportError;
    use crate::import::tests::parse;

    /// (line, field, message) of every error of a file that must fail row by row.
    fn line_errors(text: &str) -> Vec<(u64, String, String)> {
        match parse(text) {
            Err(ImportError::BadRows { errors, .. }) => {
                errors.into_iter().map(|e| (e.line, e.field, e.message)).collect()
            }
            other => panic!("expected BadRows, got {other:?}"),
        }
    }

    #[test]
    fn dates_the_api_refuses_are_refused_here_too() {
        let file = "submitted_at,score\n2999-01-01,9\n1900-01-01,7\n1999-12-31T23:59:59Z,8\n2000-01-01,10\n";
        let errors = line_errors(file);
        let at = |line, message: &str| (line, "submitted_at".to_string(), message.to_string());
        assert_eq!(
            errors,
            [
                at(2, "\"2999-01-01\" is in the future"),
                at(3, "\"1900-01-01\" is before the year 2000"),
                at(4, "\"1999-12-31T23:59:59Z\" is before the year 2000"),
            ]
        );
    }

    #[test]
    fn unit_paths_have_the_apis_limits() {
        let deep = vec!["u"; 4_000].join("/");
        let file = format!("submitted_at,score,unit\n2024-05-01,9,{deep}\n2024-05-01,9,Acme/Reno\n");
        let errors = line_errors(&file);
        assert_eq!(errors, [(2, "unit".to_string(), "unit path is 7999 bytes long; the limit is 1000".to_string())]);
        let deep = vec!["u"; 13].join("/");
        let errors = line_errors(&format!("submitted_at,score,unit\n2024-05-01,9,{deep}\n"));
        assert_eq!(errors[0].2, "unit path has 13 levels; the limit is 12");
    }

    #[test]
    fn a_file_names_a_bounded_number_of_units() {
        let mut file = String::from("submitted_at,score,unit\n");
        for team in 0..vocal_domain::MAX_UNITS_PER_WRITE {
            file.push_str(&format!("2024-05-01,9,Team {team}\n"));
        }
        assert!(parse(&file).is_ok(), "exactly the limit");
        file.push_str("2024-05-01,9,One more\n2024-05-01,9,Team 3\n");
        let errors = line_errors(&file);
        let line = vocal_domain::MAX_UNITS_PER_WRITE as u64 + 2;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].0, errors[0].1.as_str()), (line, "unit"));
        assert!(errors[0].2.starts_with("names more than 5000 different units"), "{errors:?}");
    }

    #[test]
    fn attribute_values_have_the_apis_limit() {
        let file = format!("submitted_at,score,plan\n2024-05-01,9,{}\n2024-05-01,9,Gold\n", "x".repeat(1_001));
        assert_eq!(line_errors(&file), [(2, "plan".to_string(), "longer than 1000 characters".to_string())]);
    }

    #[test]
    fn labels_are_one_line() {
        assert_eq!(label("  Reno  "), Ok("Reno"));
        assert!(label("Re\nno").is_err());
    }

    #[test]
    fn comment_length_is_counted_in_characters() {
        assert!(comment(&"é".repeat(MAX_COMMENT_CHARS)).is_ok(), "20,000 bytes but 10,000 characters");
        let err = comment(&"x".repeat(MAX_COMMENT_CHARS + 1)).unwrap_err();
        assert_eq!(err, "is 10001 characters long; the limit is 10000");
    }
}
