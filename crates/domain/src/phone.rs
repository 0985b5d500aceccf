//! A phone number in E.164 (`+442079460958`), parsed once where it enters
//! Vocal and passed around as [`Phone`], so an SMS sender, a deduplicating
//! contact lookup and an export all see one spelling of one number.
//!
//! A number must start with `+` and its country code. Vocal serves
//! organisations in many countries and has no "home region" to read
//! `020 7946 0958` against, so guessing one would file numbers under the
//! wrong country; an importer that knows the region of a file can put the
//! `+44` in front before parsing. Spaces, dots, dashes and brackets are
//! allowed as people write them. The number must also fit its country's
//! numbering plan (Google's libphonenumber data, through the `phonenumber`
//! crate), which catches digits dropped or doubled.

use std::fmt;

use phonenumber::Mode;

use crate::quoted::quoted;

/// A valid number in E.164: `+`, the country code and the national number, no separators.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

/// Why a text is not a phone number; shown after the name of its field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("is empty")]
    Empty,
    #[error("{shown} does not start with + and a country code, like +44 20 7946 0958")]
    NoCountryCode { shown: String },
    #[error("{shown} is not a phone number like +44 20 7946 0958")]
    Unreadable { shown: String },
    #[error("{shown} has an extension; give the number alone")]
    Extension { shown: String },
    #[error("{shown} is not a number its country's numbering plan allows (a digit missing or extra?)")]
    NotInPlan { shown: String },
}

impl Phone {
    /// Reads `raw` as an international number and writes it in E.164.
    pub fn parse(raw: &str) -> Result<Phone, PhoneError> {
        let text = raw.trim();
        let shown = || quoted(text);
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        if !text.starts_with('+') {
            return Err(PhoneError::NoCountryCode { shown: shown() });
        }
        // The separators are dropped here rather than left to the library,
        // which refuses some runs of them (`+4420794-6-0-9-58`).
        let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        // Without a region, the library reads only numbers with a country code.
        let number = phonenumber::parse(None, &compact).map_err(|_| PhoneError::Unreadable { shown: shown() })?;
        if number.extension().is_some() {
            return Err(PhoneError::Extension { shown: shown() });
        }
        if !phonenumber::is_valid(&number) {
            return Err(PhoneError::NotInPlan { shown: shown() });
        }
        Ok(Phone(number.format().mode(Mode::E164).to_string()))
    }

    /// A number Vocal wrote itself (a database column), checked only for
    /// E.164's shape — `+`, a first digit 1–9, 8 to 15 digits in all — since it
    /// passed [`Phone::parse`] on its way in; a value that fails was changed
    /// behind Vocal's back. (Reading a million contacts does not re-run the
    /// numbering plan a million times.)
    pub fn from_stored(stored: &str) -> Result<Phone, PhoneError> {
        let digits = stored.strip_prefix('+').unwrap_or("");
        let shaped =
            (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
        if shaped { Ok(Phone(stored.to_string())) } else { Err(PhoneError::Unreadable { shown: quoted(stored) }) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Phone {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read-only access to the text, so a `Phone` reads like the `&str` it is
/// (`as_deref()`, `ends_with`, formatting); it cannot be changed unchecked.
impl std::ops::Deref for Phone {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Phone {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Phone {
    type Err = PhoneError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Phone::parse(raw)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Phone::parse(&raw)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

#[cfg(test)]
#[path = "phone_tests.rs"]
mod tests;
