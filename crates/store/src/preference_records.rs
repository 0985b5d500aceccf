//! Records of what each user wants to be told, and how.

use vocal_domain::{Phone, ResponseId, Score};

/// The language alerts are written in when a user chose none.
pub const DEFAULT_LANGUAGE: &str = "en";

/// How a user wants alerts: by email (on unless they turn it off), by SMS
/// (off unless they turn it on and give a mobile number), in which
/// language. Chat is the organisation's, not a person's, so it is not here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationPreferences {
    /// A language tag the app has alert texts for (`en`, `de`); the app
    /// checks it before storing, the store keeps what it is given.
    pub language: String,
    pub email: bool,
    pub sms: bool,
    /// Where SMS alerts go; kept when SMS is turned off, so turning it on
    /// again needs no retyping.
    pub mobile: Option<Phone>,
}

impl Default for NotificationPreferences {
    /// What a user who never chose gets: email in English, no SMS.
    fn default() -> Self {
        NotificationPreferences { language: DEFAULT_LANGUAGE.into(), email: true, sms: false, mobile: None }
    }
}

/// One of a contact's earlier answers, as an alert shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousAnswer {
    pub id: ResponseId,
    pub submitted_at_ms: i64,
    pub score: Score,
    pub comment: Option<String>,
}
