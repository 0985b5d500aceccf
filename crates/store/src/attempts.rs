//! What attempts are counted against, so guessing passwords and asking for
//! reset mails are limited across every process sharing the database.

use vocal_domain::UserId;

/// The kind of an attempt, and so what its subject is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKind {
    /// A password checked for an account (sign-in, or the current password
    /// on the account page); the subject is [`AttemptKind::account`].
    PasswordForAccount,
    /// A password checked from a client address; the subject is the address.
    PasswordFromClient,
    /// A reset asked for an email address; the subject is a hash of it.
    ResetForAddress,
    /// A reset asked from a client address.
    ResetFromClient,
}

impl AttemptKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptKind::PasswordForAccount => "password.account",
            AttemptKind::PasswordFromClient => "password.client",
            AttemptKind::ResetForAddress => "reset.address",
            AttemptKind::ResetFromClient => "reset.client",
        }
    }

    /// The subject of an account's attempts: user ids are unique across
    /// organisations, so the id alone names the account.
    pub fn account(user: UserId) -> String {
        user.0.to_string()
    }
}
