//! Contacting the customer from the case: the owner writes to them by
//! email, starting from a draft in the customer's language that they edit
//! (greeting, name, their own signature), and Vocal sends it through the
//! queue with the owner as `Reply-To`, so the customer's answer reaches the
//! person who can act rather than a no-reply box. Sending records the
//! contact on the case (`contacted`, via email, with the message), so
//! "contacted" is what happened, not a guess.

use vocal_domain::cases::{CaseAction, ContactVia};
use vocal_domain::{CaseId, Email, OrgId};
use vocal_store::{Case, ResponseRecord, Store, StoreError, User};

use super::access::works_case;
use super::work::{WorkError, act, person_name, visible_case};
use crate::messaging::email::{CustomerMail, Mail, MailError, Mailer};

/// Longest subject line accepted.
pub const SUBJECT_MAX_CHARS: usize = 200;
/// Longest message accepted.
pub const BODY_MAX_CHARS: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum ContactEmailError {
    #[error(transparent)]
    Case(#[from] WorkError),
    #[error("the customer left no email address; log a call instead")]
    NoEmail,
    /// A field that is not acceptable: which, and why.
    #[error("{field}: {problem}")]
    Field { field: &'static str, problem: String },
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the owner starts from: a subject and a message to edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    pub body: String,
}

/// The draft for a case's customer, in the language they answered in
/// (German, else English), greeting them by name when it is known and
/// signed by `owner`.
pub fn draft(organisation: &str, customer_name: Option<&str>, language: Option<&str>, owner: &User) -> Draft {
    let signature = person_name(owner);
    let german = language.is_some_and(|l| l.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("de")));
    let name = customer_name.map(str::trim).filter(|n| !n.is_empty());
    if german {
        let greeting = name.map_or("Guten Tag,".to_string(), |n| format!("Guten Tag {n},"));
        Draft {
            subject: format!("Ihre Rückmeldung an {organisation}"),
            body: format!(
                "{greeting}\n\nvielen Dank, dass Sie uns geschrieben haben. Es tut mir leid, dass wir Ihre Erwartungen nicht erfüllt haben. Ich kümmere mich persönlich darum und möchte verstehen, was passiert ist.\n\nWann kann ich Sie am besten erreichen? Sie können auch einfach auf diese E-Mail antworten.\n\nMit freundlichen Grüßen\n{signature}\n{organisation}"
            ),
        }
    } else {
        let greeting = name.map_or("Hello,".to_string(), |n| format!("Dear {n},"));
        Draft {
            subject: format!("Your feedback to {organisation}"),
            body: format!(
                "{greeting}\n\nThank you for telling us about your experience, and I am sorry we fell short. I am looking into it personally and would like to understand what happened.\n\nWhen is a good time to call you? You can also simply reply to this email.\n\nKind regards,\n{signature}\n{organisation}"
            ),
        }
    }
}

/// The customer's address for the case's response: the one given with the
/// answer, else the contact's.
pub async fn customer_email<S: Store>(
    store: &S,
    org: OrgId,
    record: &ResponseRecord,
) -> Result<Option<Email>, StoreError> {
    if let Some(email) = &record.contact_email {
        return Ok(Some(email.clone()));
    }
    Ok(match record.contact_id {
        Some(id) => store.contact(org, id).await?.and_then(|c| c.details.email),
        None => None,
    })
}

/// Sends the customer `subject` and `body` as `user`, from the
/// organisation's sender with `user` as Reply-To, and records the contact
/// on the case. Nothing is sent when the step would be refused.
pub async fn email_customer<S: Store>(
    store: &S,
    mailer: &Mailer,
    user: &User,
    id: CaseId,
    subject: &str,
    body: &str,
    now_ms: i64,
) -> Result<Case, ContactEmailError> {
    let (subject, body) = checked(subject, body)?;
    let (case, units) = visible_case(store, user, id).await?;
    if !works_case(user, &units, &case) {
        return Err(WorkError::ReadOnly.into());
    }
    let text = format!("Emailed the customer: “{subject}”\n\n{body}");
    let action = CaseAction::Contacted { via: ContactVia::Email, text };
    // Refused now (a closed case) rather than after the mail left.
    action.next_state(case.state, case.owner).map_err(WorkError::Refused)?;
    let record = store.responses_by_ids(user.org_id, &[case.response_id]).await?.pop().ok_or(WorkError::NotFound)?;
    let to = customer_email(store, user.org_id, &record).await?.ok_or(ContactEmailError::NoEmail)?;
    let organisation =
        store.list_orgs().await?.into_iter().find(|o| o.id == user.org_id).map(|o| o.name).unwrap_or_default();
    let mail = Mail::Customer(CustomerMail { organisation, subject: subject.clone(), body: body.clone() });
    let mut message = mail.message(to.as_str())?;
    message.reply_to = Some(reply_to(user)?);
    message.case_id = Some(case.id.0);
    mailer.queue(store, user.org_id, &message).await?;
    Ok(act(store, user, id, action, now_ms).await?)
}

/// The owner as a mailbox, the name quoted as RFC 5322 needs it.
fn reply_to(user: &User) -> Result<String, MailError> {
    let address = user
        .email
        .as_str()
        .parse::<lettre::Address>()
        .map_err(|e| MailError::Address { address: user.email.to_string(), reason: e.to_string() })?;
    Ok(lettre::message::Mailbox::new(Some(person_name(user)), address).to_string())
}

/// The subject on one line and the message, trimmed, within their limits.
fn checked(subject: &str, body: &str) -> Result<(String, String), ContactEmailError> {
    let field = |field, problem: &str| ContactEmailError::Field { field, problem: problem.to_string() };
    let subject = subject.trim();
    if subject.is_empty() {
        return Err(field("subject", "write a subject"));
    }
    if subject.chars().any(char::is_control) {
        return Err(field("subject", "must be one line"));
    }
    if subject.chars().count() > SUBJECT_MAX_CHARS {
        return Err(field("subject", &format!("at most {SUBJECT_MAX_CHARS} characters")));
    }
    let body = body.trim().replace("\r\n", "\n");
    if body.is_empty() {
        return Err(field("body", "write a message"));
    }
    if body.chars().count() > BODY_MAX_CHARS {
        return Err(field("body", &format!("at most {BODY_MAX_CHARS} characters")));
    }
    Ok((subject.to_string(), body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_must_be_one_short_line_and_a_message_not_empty() {
        let bad = |subject: &str, body: &str| match checked(subject, body) {
            Err(ContactEmailError::Field { field, .. }) => field,
            other => panic!("accepted {subject:?}: {other:?}"),
        };
        assert_eq!(bad("  ", "hi"), "subject");
        assert_eq!(bad("Hello\r\nBcc: all@example.com", "hi"), "subject");
        assert_eq!(bad(&"x".repeat(201), "hi"), "subject");
        assert_eq!(bad("Hello", " \n "), "body");
        assert_eq!(bad("Hello", &"y".repeat(10_001)), "body");
        let (subject, body) = checked("  About your call ", "Line one\r\nLine two\r\n").unwrap();
        assert_eq!((subject.as_str(), body.as_str()), ("About your call", "Line one\nLine two"));
    }
}
