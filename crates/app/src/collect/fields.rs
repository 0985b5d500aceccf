//! Checking one response sent by an integration (`POST /api/v1/responses`)
//! field by field, with the same rules as a CSV import: every bad field is
//! reported by name, and only a fully valid response becomes a
//! [`NewResponse`].

use std::collections::BTreeMap;

use vocal_domain::{Score, UnitPath, attributes, check_submitted_at};
use vocal_store::NewResponse;

use crate::import::row::{comment, email, label};

/// One bad field, named by its path in the request (`responses[3].score`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }

    /// The same error inside a list: `score` → `responses[3].score`, and an
    /// error of the whole item (field `""`) → `responses[3]`.
    pub fn within(self, prefix: &str) -> Self {
        let field = if self.field.is_empty() { prefix.to_string() } else { format!("{prefix}.{}", self.field) };
        FieldError { field, ..self }
    }
}

/// A response as an integration sends it. Unknown fields are refused.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseInput {
    pub score: i64,
    pub comment: Option<String>,
    pub channel: Option<String>,
    pub touchpoint: Option<String>,
    /// A unit path from the top, `Americas/Nevada/Reno Support`; created when new.
    pub unit: Option<String>,
    pub agent: Option<String>,
    pub contact_email: Option<String>,
    pub account: Option<String>,
    pub language: Option<String>,
    /// A survey's slug.
    pub survey: Option<String>,
    /// RFC 3339 with an offset; now when left out.
    pub submitted_at: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

const MAX_LABEL_CHARS: usize = 200;

/// A response as read from a request body: the fields of the right type
/// (a wrong one left out, a wrong score replaced by a valid stand-in) and
/// an error for each field that was not, so that checking the values can
/// still name every other bad field of the item.
#[derive(Debug, Clone, Default)]
pub struct ReadResponse {
    pub input: ResponseInput,
    pub type_errors: Vec<FieldError>,
}

impl From<ResponseInput> for ReadResponse {
    fn from(input: ResponseInput) -> Self {
        ReadResponse { input, type_errors: Vec::new() }
    }
}

/// A checked response and the survey slug it names (resolved against the store by the caller).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedResponse {
    pub response: NewResponse,
    pub survey: Option<String>,
}

/// The value of a field that parsed, or `None` with its error noted.
fn kept<T>(errors: &mut Vec<FieldError>, name: &str, result: Result<Option<T>, String>) -> Option<T> {
    result.unwrap_or_else(|message| {
        errors.push(FieldError::new(name, message));
        None
    })
}

/// Checks every field; `source` says where it came from (`api`, `email`, …).
pub fn check_response(input: ResponseInput, source: &str, now_ms: i64) -> Result<CheckedResponse, Vec<FieldError>> {
    let mut errors = Vec::new();
    let channel =
        kept(&mut errors, "channel", input.channel.as_deref().map(|c| short(c).map(str::to_lowercase)).transpose());
    let touchpoint =
        kept(&mut errors, "touchpoint", input.touchpoint.as_deref().map(|t| short(t).map(String::from)).transpose());
    let agent = kept(&mut errors, "agent", input.agent.as_deref().map(|a| short(a).map(String::from)).transpose());
    let account =
        kept(&mut errors, "account", input.account.as_deref().map(|a| short(a).map(String::from)).transpose());
    let contact_email = kept(&mut errors, "contact_email", input.contact_email.as_deref().map(email).transpose());
    let language = kept(&mut errors, "language", input.language.as_deref().map(language_tag).transpose());
    let comment = kept(&mut errors, "comment", input.comment.as_deref().map(comment).transpose());
    let survey = kept(&mut errors, "survey", input.survey.as_deref().map(|s| short(s).map(String::from)).transpose());
    let unit = match input.unit.as_deref().map(UnitPath::parse).transpose() {
        Ok(unit) => unit,
        Err(message) => {
            errors.push(FieldError::new("unit", message));
            None
        }
    };
    let score = Score::new(input.score)
        .map_err(|_| {
            errors.push(FieldError::new("score", format!("{} is not a whole number from 0 to 10", input.score)))
        })
        .ok();
    let submitted_at_ms = match input.submitted_at.as_deref().map(|t| timestamp(t, now_ms)).transpose() {
        Ok(at) => at.unwrap_or(now_ms),
        Err(message) => {
            errors.push(FieldError::new("submitted_at", message));
            now_ms
        }
    };
    errors.extend(check_attributes(&input.attributes));
    let (Some(score), true) = (score, errors.is_empty()) else {
        return Err(errors);
    };
    let attributes = input.attributes.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect();
    let response = NewResponse {
        dedupe_key: None,
        score,
        comment: comment.filter(|c| !c.trim().is_empty()),
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
    };
    Ok(CheckedResponse { response, survey })
}

/// Custom attributes by the domain's rule ([`attributes`]), the same as a
/// CSV import's columns: at most 50, names a query can address, values of
/// at most 1,000 characters.
pub fn check_attributes(given: &BTreeMap<String, String>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(message) = attributes::too_many(given.len()) {
        errors.push(FieldError::new("attributes", message));
    }
    for (name, value) in given {
        let field = format!("attributes.{name}");
        if let Err(error) = attributes::check_name(name) {
            errors.push(FieldError::new(field, error.to_string()));
        } else if let Err(message) = attributes::check_value(value) {
            errors.push(FieldError::new(field, message));
        }
    }
    errors
}

/// A one-line name of at most 200 characters; empty means "none".
fn short(raw: &str) -> Result<&str, String> {
    let text = label(raw)?;
    if text.chars().count() > MAX_LABEL_CHARS {
        return Err(format!("longer than {MAX_LABEL_CHARS} characters"));
    }
    if text.is_empty() {
        return Err("is empty (leave the field out instead)".into());
    }
    Ok(text)
}

/// A BCP 47 language tag in its common shapes: `en`, `pt-BR`, `zh-Hant`.
pub fn language_tag(raw: &str) -> Result<String, String> {
    let text = raw.trim();
    if vocal_domain::survey_rules::is_language_tag(text) {
        Ok(text.to_string())
    } else {
        Err(format!("{text:?} is not a language tag like en, fr or pt-BR"))
    }
}

fn timestamp(raw: &str, now_ms: i64) -> Result<i64, String> {
    let at: jiff::Timestamp =
        raw.trim().parse().map_err(|_| format!("{raw:?} is not an RFC 3339 time like 2026-03-01T09:30:00+01:00"))?;
    check_submitted_at(at.as_millisecond(), now_ms).map_err(|e| e.to_string())
}
