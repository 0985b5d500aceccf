//! The one rule for custom attributes, whichever way they come in: the
//! API's `attributes`, a CSV file's extra columns, an invitation's or a
//! contacts file's context. An attribute becomes a breakdown tab, a query
//! field and an export column, so its name must be one the query language
//! and the dashboard's address can name, and their number stays small.

use crate::query::Field;
use crate::survey_rules::RESERVED_ATTRIBUTES;

/// Attributes per response (and so columns per import file): each is a tab
/// and an export column for everyone who sees the response.
pub const MAX_ATTRIBUTES: usize = 50;
/// A name is a tab's label: an exported question's text fits (as a unit's
/// or a channel's name does), a paragraph does not.
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_VALUE_CHARS: usize = 1_000;
/// Separators of the query language (`by=a,b`, `where=name=value`) and of
/// the dashboard's address (`attr=name:value`).
const SEPARATORS: [char; 3] = [',', '=', ':'];

/// Why a name cannot be an attribute's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttributeNameError {
    #[error("attribute names start with a letter or _ and have at most {MAX_NAME_CHARS} characters")]
    Shape,
    #[error("attribute names cannot contain a line break, control character, “,”, “=” or “:”")]
    Character,
    #[error("{0} is a built-in field; rename the attribute")]
    Reserved(String),
}

/// Checks a name as given (callers trim first where their format trims).
/// Built-in names are refused in any case: `Week` would read as `week` to a person.
pub fn check_name(name: &str) -> Result<(), AttributeNameError> {
    let starts_well = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_');
    if !starts_well || name.chars().count() > MAX_NAME_CHARS || name.trim() != name {
        return Err(AttributeNameError::Shape);
    }
    if name.chars().any(|c| c.is_control() || SEPARATORS.contains(&c)) {
        return Err(AttributeNameError::Character);
    }
    let lowered = name.to_lowercase();
    if Field::is_reserved(&lowered) || RESERVED_ATTRIBUTES.contains(&lowered.as_str()) {
        return Err(AttributeNameError::Reserved(name.to_string()));
    }
    Ok(())
}

/// Values may hold anything but a novel.
pub fn check_value(value: &str) -> Result<(), String> {
    if value.len() > MAX_VALUE_CHARS && value.chars().count() > MAX_VALUE_CHARS {
        return Err(format!("longer than {MAX_VALUE_CHARS} characters"));
    }
    Ok(())
}

/// The refusal of more than [`MAX_ATTRIBUTES`] attributes.
pub fn too_many(count: usize) -> Option<String> {
    (count > MAX_ATTRIBUTES).then(|| format!("{count} attributes; at most {MAX_ATTRIBUTES}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_apis_and_from_exported_spreadsheets_pass() {
        for good in ["plan", "store_id", "region.code", "Delighted Country", "城市", "Q3_4_TEXT", "_x"] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        assert_eq!(check_name("Which of these did you use? - Other (please specify)"), Ok(()));
    }

    #[test]
    fn names_the_query_language_could_not_address_are_refused() {
        for bad in ["", "1bad", " padded", "a,b", "a=b", "tier:gold", "two\nlines", "tab\there"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert_eq!(check_name(&"x".repeat(MAX_NAME_CHARS)), Ok(()));
        assert_eq!(check_name(&"x".repeat(MAX_NAME_CHARS + 1)), Err(AttributeNameError::Shape));
    }

    #[test]
    fn built_in_names_are_refused_in_any_case() {
        for reserved in ["score", "Week", "SOURCE", "survey", "Contact", "id", "Submitted_At"] {
            assert!(matches!(check_name(reserved), Err(AttributeNameError::Reserved(_))), "{reserved}");
        }
    }

    #[test]
    fn values_are_counted_in_characters_and_attributes_per_response() {
        assert_eq!(check_value(&"é".repeat(MAX_VALUE_CHARS)), Ok(()));
        assert!(check_value(&"x".repeat(MAX_VALUE_CHARS + 1)).is_err());
        assert_eq!(too_many(MAX_ATTRIBUTES), None);
        assert_eq!(too_many(5_000).as_deref(), Some("5000 attributes; at most 50"));
    }
}
