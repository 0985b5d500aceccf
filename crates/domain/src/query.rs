//! The question asked of the responses: which breakdown (`by`), which
//! filters (`where`), which dates. One parser serves the CLI and the API, so
//! both accept exactly the same language and give the same errors.

use std::fmt;

use crate::nps::MinSample;
use crate::time::{Bucket, DayNumber};

/// Something responses can be grouped or filtered by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `unit`: the children of the unit filtered on (or of the top), each
    /// with its whole subtree, so the breakdown drills down the hierarchy.
    Unit,
    /// `unit:N`: the unit at level N (1 = top), with its subtree.
    UnitLevel(usize),
    Channel,
    Touchpoint,
    Agent,
    Account,
    Source,
    Language,
    Time(Bucket),
    /// A custom attribute, by its CSV column or API key name.
    Attribute(String),
}

/// The built-in fields that are plain labels on a response.
pub const LABEL_FIELDS: [Field; 6] =
    [Field::Channel, Field::Touchpoint, Field::Agent, Field::Account, Field::Source, Field::Language];

impl Field {
    pub fn name(&self) -> String {
        match self {
            Field::Unit => "unit".into(),
            Field::UnitLevel(level) => format!("unit:{level}"),
            Field::Channel => "channel".into(),
            Field::Touchpoint => "touchpoint".into(),
            Field::Agent => "agent".into(),
            Field::Account => "account".into(),
            Field::Source => "source".into(),
            Field::Language => "language".into(),
            Field::Time(bucket) => bucket.name().into(),
            Field::Attribute(name) => name.clone(),
        }
    }

    /// Whether `name` is taken by a built-in field (and so cannot name an attribute).
    pub fn is_reserved(name: &str) -> bool {
        Field::parse_builtin(name).is_some()
            || matches!(name, "score" | "comment" | "submitted_at" | "contact_email" | "id")
    }

    fn parse_builtin(name: &str) -> Option<Field> {
        if let Some(level) = name.strip_prefix("unit:") {
            return level.parse().ok().filter(|&l| l >= 1).map(Field::UnitLevel);
        }
        if name == "unit" {
            return Some(Field::Unit);
        }
        if let Some(bucket) = Bucket::ALL.into_iter().find(|b| b.name() == name) {
            return Some(Field::Time(bucket));
        }
        LABEL_FIELDS.into_iter().find(|f| f.name() == name)
    }

    /// Parses a field name against the organisation's custom attributes.
    pub fn parse(name: &str, attributes: &[String]) -> Result<Field, QueryError> {
        let name = name.trim();
        if let Some(field) = Field::parse_builtin(name) {
            return Ok(field);
        }
        if attributes.iter().any(|a| a == name) {
            return Ok(Field::Attribute(name.to_string()));
        }
        Err(QueryError::UnknownField { name: name.to_string(), valid: valid_field_names(attributes) })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Every name `--by` and `--where` accept, for error messages and help.
pub fn valid_field_names(attributes: &[String]) -> Vec<String> {
    let mut names: Vec<String> = vec!["unit".into(), "unit:N".into()];
    names.extend(LABEL_FIELDS.iter().map(Field::name));
    names.extend(Bucket::ALL.iter().map(|b| b.name().to_string()));
    names.extend(attributes.iter().cloned());
    names
}

/// `FIELD=VALUE`: keep responses whose field has one of the values.
/// Several values for one field are alternatives; different fields all apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: Field,
    pub values: Vec<String>,
}

/// Why a question could not be asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown field {name:?}; valid fields: {}", valid.join(", "))]
    UnknownField { name: String, valid: Vec<String> },
    #[error("filter {0:?} is not FIELD=VALUE")]
    MalformedFilter(String),
    #[error("{field}: {value:?} is not a date (expected YYYY-MM-DD)")]
    BadDate { field: &'static str, value: String },
    #[error("since ({since}) is after until ({until})")]
    EmptyDateRange { since: DayNumber, until: DayNumber },
    #[error("by: at most two fields can be crossed, got {0}")]
    TooManyFields(usize),
    #[error("by: field {0:?} is given twice")]
    DuplicateField(String),
    #[error("where: {0} cannot be filtered with =; use --since and --until for dates")]
    TimeFilter(String),
    #[error("min_n: {0:?} is not a whole number")]
    BadMinSample(String),
    #[error("where: unit {0}")]
    BadUnit(String),
    #[error("where: no response has {field} {value:?}; known values: {known}")]
    UnknownValue { field: String, value: String, known: String },
}

/// A complete question: breakdown, filters and date range.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuerySpec {
    pub by: Vec<Field>,
    pub filters: Vec<Filter>,
    /// First day included.
    pub since: Option<DayNumber>,
    /// Last day included.
    pub until: Option<DayNumber>,
    pub min_sample: MinSample,
}

/// The question as text, straight from flags or a query string.
#[derive(Debug, Clone, Default)]
pub struct RawQuery<'a> {
    pub by: Option<&'a str>,
    pub filters: Vec<&'a str>,
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
    pub min_n: Option<&'a str>,
}

impl QuerySpec {
    /// Parses every part, naming the part that is wrong.
    pub fn parse(raw: &RawQuery<'_>, attributes: &[String]) -> Result<Self, QueryError> {
        let mut by = Vec::new();
        for name in raw.by.into_iter().flat_map(|b| b.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
            let field = Field::parse(name, attributes)?;
            if by.contains(&field) {
                return Err(QueryError::DuplicateField(field.name()));
            }
            by.push(field);
        }
        if by.len() > 2 {
            return Err(QueryError::TooManyFields(by.len()));
        }
        let mut filters: Vec<Filter> = Vec::new();
        for text in &raw.filters {
            let (name, value) = text.split_once('=').ok_or_else(|| QueryError::MalformedFilter(text.to_string()))?;
            let field = Field::parse(name, attributes)?;
            if matches!(field, Field::Time(_)) {
                return Err(QueryError::TimeFilter(field.name()));
            }
            let value = value.trim().to_string();
            match filters.iter_mut().find(|f| f.field == field) {
                Some(existing) => existing.values.push(value),
                None => filters.push(Filter { field, values: vec![value] }),
            }
        }
        let since = parse_day("since", raw.since)?;
        let until = parse_day("until", raw.until)?;
        if let (Some(since), Some(until)) = (since, until)
            && since > until
        {
            return Err(QueryError::EmptyDateRange { since, until });
        }
        let min_sample = match raw.min_n.map(str::trim).filter(|s| !s.is_empty()) {
            None => MinSample::default(),
            Some(text) => MinSample(text.parse().map_err(|_| QueryError::BadMinSample(text.into()))?),
        };
        Ok(QuerySpec { by, filters, since, until, min_sample })
    }
}

fn parse_day(field: &'static str, text: Option<&str>) -> Result<Option<DayNumber>, QueryError> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) => DayNumber::parse(t).map(Some).ok_or_else(|| QueryError::BadDate { field, value: t.into() }),
    }
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
