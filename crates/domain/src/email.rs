//! An email address, parsed once where it enters Vocal (a form, a CSV cell,
//! a JSON field, an identity provider's claim) and passed around as
//! [`Email`] from then on, so "trimmed, lower-cased and checked" is a fact
//! the type carries rather than a step each caller must remember.
//!
//! The check is deliberately a shape check: whether the address receives
//! mail is not ours to know. It catches the mistakes that reach us — a
//! column mixed up, a name pasted with its address, a typo in the domain —
//! and accepts internationalised addresses (`zoë@bücher.de`). It is written
//! here rather than borrowed from the mail library so the domain stays free
//! of transport crates.

use std::fmt;

use crate::quoted::quoted;

/// The longest address SMTP can carry (RFC 5321's path limit less the brackets).
pub const MAX_EMAIL_BYTES: usize = 254;
/// The longest local part (before the `@`) RFC 5321 allows.
pub const MAX_LOCAL_BYTES: usize = 64;

/// A trimmed, lower-cased address shaped like `someone@domain.tld`.
///
/// Lower case because people type their address in any case and expect to
/// be one person: accounts are found and contacts deduplicated by it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a text is not an email address; shown to the person who sent it,
/// after the name of the field it came in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("is empty")]
    Empty,
    #[error("is {bytes} bytes long; an email address has at most {MAX_EMAIL_BYTES}")]
    TooLong { bytes: usize },
    #[error("{shown} is not an email address like name@example.com ({problem})")]
    Malformed { shown: String, problem: EmailProblem },
}

/// What is wrong with the shape of an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailProblem {
    #[error("it has a space or a control character")]
    Blank,
    #[error("it has no @")]
    NoAt,
    #[error("nothing before the @")]
    EmptyLocal,
    #[error("more than {MAX_LOCAL_BYTES} bytes before the @")]
    LocalTooLong,
    #[error("the part before the @ has one of ( ) < > [ ] : ; , \\ \" @")]
    LocalCharacter,
    #[error("the part before the @ starts or ends with a dot, or has two in a row")]
    LocalDots,
    #[error("nothing after the @")]
    EmptyDomain,
    #[error("the domain after the @ has no dot")]
    DomainWithoutDot,
    #[error(
        "the domain after the @ has an empty part, a part starting or ending with -, or a character other than letters, digits and -"
    )]
    DomainLabel,
}

impl Email {
    /// Trims, lower-cases and checks `raw`.
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let text = raw.trim().to_lowercase();
        if text.is_empty() {
            return Err(EmailError::Empty);
        }
        if text.len() > MAX_EMAIL_BYTES {
            return Err(EmailError::TooLong { bytes: text.len() });
        }
        match shape_problem(&text) {
            None => Ok(Email(text)),
            Some(problem) => Err(EmailError::Malformed { shown: quoted(raw.trim()), problem }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The first thing wrong with an already trimmed and lower-cased address.
fn shape_problem(text: &str) -> Option<EmailProblem> {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(EmailProblem::Blank);
    }
    let Some((local, domain)) = text.rsplit_once('@') else { return Some(EmailProblem::NoAt) };
    local_problem(local).or_else(|| domain_problem(domain))
}

fn local_problem(local: &str) -> Option<EmailProblem> {
    if local.is_empty() {
        Some(EmailProblem::EmptyLocal)
    } else if local.len() > MAX_LOCAL_BYTES {
        Some(EmailProblem::LocalTooLong)
    } else if local.contains(['(', ')', '<', '>', '[', ']', ':', ';', ',', '\\', '"', '@']) {
        Some(EmailProblem::LocalCharacter)
    } else if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        Some(EmailProblem::LocalDots)
    } else {
        None
    }
}

fn domain_problem(domain: &str) -> Option<EmailProblem> {
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if domain.is_empty() {
        Some(EmailProblem::EmptyDomain)
    } else if !domain.contains('.') {
        Some(EmailProblem::DomainWithoutDot)
    } else if !domain.split('.').all(label_ok) {
        Some(EmailProblem::DomainLabel)
    } else {
        None
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Email {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Email {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Read-only access to the text, so a `Email` reads like the `&str` it is
/// (`as_deref()`, `ends_with`, formatting); it cannot be changed unchecked.
impl std::ops::Deref for Email {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Email {
    type Err = EmailError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Email::parse(raw)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Email::parse(&raw)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

#[cfg(test)]
#[path = "email_tests.rs"]
mod tests;
