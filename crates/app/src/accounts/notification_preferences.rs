//! Each user's choice of how alerts reach them: email on or off, SMS on or
//! off with their mobile number, and the language alerts are written in.
//! The account page and `vocal user notify` both send a
//! [`PreferencesChange`] through [`change`], so both check and log alike.

use vocal_domain::Phone;
use vocal_store::{NotificationPreferences, Store, StoreError, User};

use crate::messaging::email::alert_texts::{LANGUAGES, supported_language};
use crate::organisation::audit::{self, Actor};

/// What a person asked to change; `None` keeps the stored value. The
/// mobile number is the text as typed (`Some("")` removes it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferencesChange {
    pub email: Option<bool>,
    pub sms: Option<bool>,
    pub mobile: Option<String>,
    pub language: Option<String>,
}

/// Why a change was refused, naming the field.
#[derive(Debug, thiserror::Error)]
pub enum PreferencesError {
    #[error("mobile: {0}")]
    Mobile(vocal_domain::PhoneError),
    #[error("sms: SMS alerts need a mobile number")]
    SmsWithoutMobile,
    #[error("language: {given:?} is not one alerts are written in ({known})")]
    Language { given: String, known: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PreferencesError {
    /// The form field the error is about (`None` for a storage failure).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            PreferencesError::Mobile(_) => Some("mobile"),
            PreferencesError::SmsWithoutMobile => Some("sms"),
            PreferencesError::Language { .. } => Some("language"),
            PreferencesError::Store(_) => None,
        }
    }
}

/// The languages a user may choose, as `(tag, name)`.
pub fn languages() -> impl Iterator<Item = (&'static str, &'static str)> {
    LANGUAGES.iter().map(|t| (t.code, t.name))
}

/// `change` applied to `current`, checked whole: nothing is half applied.
pub fn apply(
    current: &NotificationPreferences,
    change: &PreferencesChange,
) -> Result<NotificationPreferences, PreferencesError> {
    let mobile = match change.mobile.as_deref().map(str::trim) {
        None => current.mobile.clone(),
        Some("") => None,
        Some(typed) => Some(Phone::parse(typed).map_err(PreferencesError::Mobile)?),
    };
    let language = match change.language.as_deref() {
        None => current.language.clone(),
        Some(given) => {
            supported_language(given).map(|t| t.code.to_string()).ok_or_else(|| PreferencesError::Language {
                given: given.to_string(),
                known: languages().map(|(c, _)| c).collect::<Vec<_>>().join(", "),
            })?
        }
    };
    let sms = change.sms.unwrap_or(current.sms);
    if sms && mobile.is_none() {
        return Err(PreferencesError::SmsWithoutMobile);
    }
    Ok(NotificationPreferences { language, email: change.email.unwrap_or(current.email), sms, mobile })
}

/// Applies `change` to `user`'s preferences, stores them and logs
/// `user.notifications` when anything changed. Returns what is stored.
pub async fn change<S: Store>(
    store: &S,
    actor: Actor<'_>,
    user: &User,
    change: &PreferencesChange,
) -> Result<NotificationPreferences, PreferencesError> {
    let current = store.notification_preferences(user.org_id, user.id).await?;
    let wanted = apply(&current, change)?;
    if wanted != current {
        store.set_notification_preferences(user.org_id, user.id, &wanted).await?;
        audit::record(store, actor, "user.notifications", user.email.to_string(), describe(&wanted)).await?;
    }
    Ok(wanted)
}

/// The preferences in words, for the audit log and `vocal user notify`.
pub fn describe(p: &NotificationPreferences) -> String {
    let on = |b: bool| if b { "on" } else { "off" };
    let mobile = p.mobile.as_ref().map_or("none", |m| m.as_str());
    format!("email {}, sms {}, mobile {mobile}, language {}", on(p.email), on(p.sms), p.language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> NotificationPreferences {
        NotificationPreferences::default()
    }

    #[test]
    fn nothing_asked_changes_nothing() {
        assert_eq!(apply(&defaults(), &PreferencesChange::default()).unwrap(), defaults());
    }

    #[test]
    fn sms_on_with_a_number_is_stored_in_e164_and_the_language_by_its_tag() {
        let change = PreferencesChange {
            sms: Some(true),
            mobile: Some("+49 (30) 901820".into()),
            language: Some("DE-ch".into()),
            email: Some(false),
        };
        let p = apply(&defaults(), &change).unwrap();
        assert_eq!((p.email, p.sms, p.language.as_str()), (false, true, "de"));
        assert_eq!(p.mobile.unwrap().as_str(), "+4930901820");
    }

    #[test]
    fn sms_without_a_number_is_refused_naming_the_field() {
        let error = apply(&defaults(), &PreferencesChange { sms: Some(true), ..Default::default() }).unwrap_err();
        assert_eq!(error.field(), Some("sms"));
        let with = apply(
            &defaults(),
            &PreferencesChange { sms: Some(true), mobile: Some("+4930901820".into()), ..Default::default() },
        )
        .unwrap();
        let removing = PreferencesChange { mobile: Some(" ".into()), ..Default::default() };
        assert_eq!(apply(&with, &removing).unwrap_err().field(), Some("sms"), "the number cannot go while SMS is on");
    }

    #[test]
    fn a_bad_number_or_an_unknown_language_is_refused_naming_the_field() {
        let bad_number = PreferencesChange { mobile: Some("030 901820".into()), ..Default::default() };
        let error = apply(&defaults(), &bad_number).unwrap_err();
        assert_eq!(error.field(), Some("mobile"));
        assert!(error.to_string().starts_with("mobile: "), "{error}");
        let klingon = PreferencesChange { language: Some("tlh".into()), ..Default::default() };
        let error = apply(&defaults(), &klingon).unwrap_err();
        assert_eq!(error.field(), Some("language"));
        assert!(error.to_string().contains("en, de"), "{error}");
    }
}
