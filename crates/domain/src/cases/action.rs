//! What people do to a case, and which steps a case's state allows. The
//! rules live here, once, so the web form, the API and the CLI refuse the
//! same things with the same words.

use crate::UserId;

use super::{CaseEventKind, CaseState};

/// The longest note, resolution or reason kept (characters): a page, not a file.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// How the owner reached the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactVia {
    Call,
    Email,
    /// In person, chat, a letter.
    Other,
}

impl ContactVia {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactVia::Call => "call",
            ContactVia::Email => "email",
            ContactVia::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "call" => Ok(ContactVia::Call),
            "email" => Ok(ContactVia::Email),
            "other" => Ok(ContactVia::Other),
            _ => Err(format!("{text:?} is not a way of contact (call, email, other)")),
        }
    }
}

/// One step a person takes on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseAction {
    /// A note; allowed at any time, also after the case is done.
    Note { text: String },
    /// The customer was reached (or an attempt made): what was said.
    Contacted { via: ContactVia, text: String },
    /// Fixed: why it happened (from the organisation's taxonomy) and what was done.
    Resolved { root_cause: String, resolution: String },
    /// Ended without resolution (customer unreachable, not actionable…).
    Closed { reason: String },
    /// Handed to another person.
    Reassigned { to: UserId, note: String },
}

/// Why an action was refused, naming the field when one is at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("{field}: {problem}")]
    Field { field: &'static str, problem: String },
    #[error("the case is {state}: {action} is not possible any more")]
    Done { state: CaseState, action: &'static str },
    #[error("the case is already owned by that person")]
    SameOwner,
}

impl CaseAction {
    pub fn kind(&self) -> CaseEventKind {
        match self {
            CaseAction::Note { .. } => CaseEventKind::Note,
            CaseAction::Contacted { .. } => CaseEventKind::Contacted,
            CaseAction::Resolved { .. } => CaseEventKind::Resolved,
            CaseAction::Closed { .. } => CaseEventKind::Closed,
            CaseAction::Reassigned { .. } => CaseEventKind::Reassigned,
        }
    }

    /// The state after the action, or why it cannot be taken from `state`.
    /// `owner` is the case's current owner (a reassignment must change it).
    pub fn next_state(&self, state: CaseState, owner: Option<UserId>) -> Result<CaseState, ActionError> {
        self.check_text()?;
        let done = |action| ActionError::Done { state, action };
        match self {
            CaseAction::Note { .. } => Ok(state),
            _ if !state.is_open() => Err(done(self.kind().as_str())),
            CaseAction::Contacted { .. } => Ok(CaseState::Contacted),
            CaseAction::Resolved { .. } => Ok(CaseState::Resolved),
            CaseAction::Closed { .. } => Ok(CaseState::Closed),
            CaseAction::Reassigned { to, .. } if Some(*to) == owner => Err(ActionError::SameOwner),
            CaseAction::Reassigned { .. } => Ok(state),
        }
    }

    /// The event's text as stored.
    pub fn text(&self) -> &str {
        match self {
            CaseAction::Note { text } | CaseAction::Contacted { text, .. } => text,
            CaseAction::Resolved { resolution, .. } => resolution,
            CaseAction::Closed { reason } => reason,
            CaseAction::Reassigned { note, .. } => note,
        }
    }

    fn check_text(&self) -> Result<(), ActionError> {
        let (field, required) = match self {
            CaseAction::Note { .. } => ("text", true),
            CaseAction::Contacted { .. } => ("text", false),
            CaseAction::Resolved { root_cause, .. } => {
                if root_cause.trim().is_empty() {
                    return Err(ActionError::Field { field: "root_cause", problem: "choose a root cause".into() });
                }
                ("resolution", true)
            }
            CaseAction::Closed { .. } => ("reason", true),
            CaseAction::Reassigned { .. } => ("note", false),
        };
        let text = self.text();
        if required && text.trim().is_empty() {
            return Err(ActionError::Field { field, problem: "must not be empty".into() });
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(ActionError::Field { field, problem: format!("is longer than {MAX_TEXT_CHARS} characters") });
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "action_tests.rs"]
mod tests;
