//! Email, once for the whole product: every kind of mail Vocal sends is one
//! [`Mail`] variant with a pair of templates (plain text and HTML), turned
//! into a [`Message`] and handed to the [`Mailer`], which queues it as a job
//! (docs/jobs.md); a worker then sends it through the configured SMTP
//! server or, without one, keeps it in the outbox for admins to read.
//! Either way the outbox records it (docs/email.md). Only `vocal mail test`
//! sends inline ([`Mailer::send`]): the person running it waits for the answer.
//!
//! Adding a kind (a survey invitation, a password reset, an alert) takes a
//! variant here, `templates/email/KIND.txt` and `templates/email/KIND.html`
//! (the HTML extending `layout.html`), two template structs and one arm in
//! [`Mail::message`].

pub mod alert_texts;
mod case_alert;
#[cfg(test)]
mod case_alert_tests;
mod mail_job;
mod mailer;
mod smtp_url;

use askama::Template;

pub use case_alert::{AlertPurpose, CaseAlert, CaseSummary, SMS_MAX_CHARS, one_line, sms_text};
pub use mail_job::{MAIL_ATTEMPTS, MAIL_JOB, job_summary};
pub use mailer::{MailError, Mailer};
pub use smtp_url::{SmtpConfig, Tls};

/// A rendered email, ready to send or to keep (and, queued, kept as JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    /// One address, optionally with a name: `Ana <ana@example.com>`.
    pub to: String,
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part: tables and inline styles only, no external assets.
    pub html: String,
    /// A link that signs its holder in (invitations, resets): kept in the
    /// outbox only while the message waits there for a person to click it,
    /// removed from the stored copy once an SMTP server has taken it.
    pub secret: Option<String>,
    /// Where the recipient's answer goes, when not to the sender: the
    /// case owner who wrote to a customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// The case the message is about (its alert, a mail to its customer):
    /// a message that cannot be delivered is noted on that case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
}

impl Message {
    /// The copy kept after delivery: any secret link replaced.
    pub fn redacted(&self) -> Message {
        match &self.secret {
            None => self.clone(),
            Some(secret) => {
                // The HTML part may carry the link escaped (`&` as `&amp;`).
                let hide =
                    |body: &str| body.replace(secret.as_str(), REMOVED).replace(&secret.replace('&', "&amp;"), REMOVED);
                Message { text: hide(&self.text), html: hide(&self.html), ..self.clone() }
            }
        }
    }
}

/// What replaces a delivered message's secret link in the stored copy.
pub const REMOVED: &str = "[link removed after sending]";

/// The kinds of mail Vocal sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mail {
    /// Proves the mail settings work (`vocal mail test`); links to the server.
    Test { organisation: String, public_url: String },
    /// An admin invited someone to a Vocal account: the link sets their
    /// first password. (Not a survey invitation, which goes to a contact.)
    AccountInvitation { organisation: String, name: String, invited_by: String, link: String, expires: String },
    /// Someone asked to choose a new password: the link lets them.
    PasswordReset { organisation: String, name: String, link: String, expires: String },
    /// A resolved case's customer is asked whether it was resolved: the
    /// link is their follow-up survey invitation.
    FollowUp { organisation: String, name: String, answered: String, link: String, expires: String },
    /// A promoter's comment about an agent, to the agent or their manager.
    Praise(PraiseMail),
    /// A case needs its owner: opened for them, escalated to them, or
    /// escalated away from them (docs/alerts.md). Boxed: it is large.
    CaseAlert(Box<CaseAlert>),
    /// A case owner's own words to the customer (`closed_loop::contact_email`).
    Customer(CustomerMail),
}

/// A message a person wrote to a customer: sent as written, the HTML part
/// escaping it and keeping its paragraphs and line breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerMail {
    pub organisation: String,
    pub subject: String,
    pub body: String,
}

impl CustomerMail {
    /// The paragraphs (split at blank lines), each as its lines.
    pub fn paragraphs(&self) -> Vec<Vec<&str>> {
        self.body
            .split("\n\n")
            .map(|p| p.trim_matches('\n'))
            .filter(|p| !p.is_empty())
            .map(|p| p.lines().collect())
            .collect()
    }
}

/// What a praise mail says (see `closed_loop::praise`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PraiseMail {
    pub organisation: String,
    pub name: String,
    pub agent: String,
    pub score: u8,
    pub unit: String,
    pub comment: String,
    /// The agent's coaching page.
    pub link: String,
    pub for_manager: bool,
}

impl Mail {
    /// Renders both parts for `to`.
    pub fn message(&self, to: &str) -> Result<Message, MailError> {
        let secret = match self {
            Mail::Test { .. } | Mail::Praise(_) | Mail::CaseAlert(_) | Mail::Customer(_) => None,
            Mail::AccountInvitation { link, .. } | Mail::PasswordReset { link, .. } | Mail::FollowUp { link, .. } => {
                Some(link.clone())
            }
        };
        let (subject, text, html) = match self {
            Mail::Test { organisation, public_url } => {
                let subject = format!("Test email from Vocal for {organisation}");
                let text = TestText { organisation, public_url }.render()?;
                let html = TestHtml { subject: &subject, organisation, public_url }.render()?;
                (subject, text, html)
            }
            Mail::AccountInvitation { organisation, name, invited_by, link, expires } => {
                let subject = format!("You are invited to Vocal for {organisation}");
                let text = AccountInvitationText { organisation, name, invited_by, link, expires }.render()?;
                let html = AccountInvitationHtml { subject: &subject, organisation, name, invited_by, link, expires }
                    .render()?;
                (subject, text, html)
            }
            Mail::PasswordReset { organisation, name, link, expires } => {
                let subject = format!("Choose a new password for Vocal ({organisation})");
                let text = ResetText { organisation, name, link, expires }.render()?;
                let html = ResetHtml { subject: &subject, organisation, name, link, expires }.render()?;
                (subject, text, html)
            }
            Mail::FollowUp { organisation, name, answered, link, expires } => {
                let subject = format!("Did we resolve it? — {organisation}");
                let text = FollowUpText { organisation, name, answered, link, expires }.render()?;
                let html = FollowUpHtml { subject: &subject, organisation, name, answered, link, expires }.render()?;
                (subject, text, html)
            }
            Mail::Praise(p) => {
                let subject = format!("Praise for {}: {}/10 from a customer", p.agent, p.score);
                let text = PraiseText { p }.render()?;
                let html = PraiseHtml { subject: &subject, organisation: &p.organisation, p }.render()?;
                (subject, text, html)
            }
            Mail::Customer(c) => {
                let text = CustomerText { c }.render()?;
                let html = CustomerHtml { subject: &c.subject, organisation: &c.organisation, c }.render()?;
                (c.subject.clone(), text, html)
            }
            // Its words depend on the reader's language: it renders itself.
            Mail::CaseAlert(alert) => return alert.message(to),
        };
        Ok(Message {
            to: to.into(),
            subject: case_alert::one_line(&subject),
            text,
            html,
            secret,
            reply_to: None,
            case_id: None,
        })
    }
}

#[derive(Template)]
#[template(path = "email/customer.txt")]
struct CustomerText<'a> {
    c: &'a CustomerMail,
}

#[derive(Template)]
#[template(path = "email/customer.html")]
struct CustomerHtml<'a> {
    subject: &'a str,
    organisation: &'a str,
    c: &'a CustomerMail,
}

#[derive(Template)]
#[template(path = "email/test.txt")]
struct TestText<'a> {
    organisation: &'a str,
    public_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/test.html")]
struct TestHtml<'a> {
    subject: &'a str,
    organisation: &'a str,
    public_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/account_invitation.txt")]
struct AccountInvitationText<'a> {
    organisation: &'a str,
    name: &'a str,
    invited_by: &'a str,
    link: &'a str,
    expires: &'a str,
}

#[derive(Template)]
#[template(path = "email/account_invitation.html")]
struct AccountInvitationHtml<'a> {
    subject: &'a str,
    organisation: &'a str,
    name: &'a str,
    invited_by: &'a str,
    link: &'a str,
    expires: &'a str,
}

#[derive(Template)]
#[template(path = "email/password_reset.txt")]
struct ResetText<'a> {
    organisation: &'a str,
    name: &'a str,
    link: &'a str,
    expires: &'a str,
}

#[derive(Template)]
#[template(path = "email/password_reset.html")]
struct ResetHtml<'a> {
    subject: &'a str,
    organisation: &'a str,
    name: &'a str,
    link: &'a str,
    expires: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_email_escapes_the_organisation_in_html_only() {
        let email =
            Mail::Test { organisation: "Zürich <script>Café".into(), public_url: "https://nps.example.com".into() };
        let message = email.message("ana@example.com").unwrap();
        assert_eq!(message.subject, "Test email from Vocal for Zürich <script>Café");
        assert!(message.text.contains("Zürich <script>Café"), "{}", message.text);
        assert!(message.text.contains("https://nps.example.com"), "{}", message.text);
        assert!(!message.html.contains("<script>"), "{}", message.html);
        assert!(message.html.contains("Zürich &#60;script&#62;Café"), "{}", message.html);
        assert!(message.html.contains(r#"href="https://nps.example.com""#), "{}", message.html);
        assert!(!message.html.contains("src="), "no external assets");
    }

    #[test]
    fn the_account_invitation_names_who_invited_and_escapes_names_in_html() {
        let email = Mail::AccountInvitation {
            organisation: "Acme <b>".into(),
            name: "Eve <img src=x onerror=alert(1)>".into(),
            invited_by: "Ana & Bo".into(),
            link: "https://nps.example.com/password/set/abc_-1".into(),
            expires: "in 7 days (2026-03-08 12:00 UTC)".into(),
        };
        let message = email.message("eve@example.com").unwrap();
        assert!(message.text.contains("Ana & Bo invited you"), "{}", message.text);
        assert!(message.text.contains("https://nps.example.com/password/set/abc_-1"), "{}", message.text);
        assert!(message.text.contains("2026-03-08 12:00 UTC"), "{}", message.text);
        assert!(!message.html.contains("<img"), "{}", message.html);
        assert!(message.html.contains("Eve &#60;img src=x onerror=alert(1)&#62;"), "{}", message.html);
        assert!(message.html.contains("Ana &#38; Bo"), "{}", message.html);
        assert!(message.html.contains(r#"href="https://nps.example.com/password/set/abc_-1""#), "{}", message.html);
    }

    #[test]
    fn the_reset_email_carries_its_link_and_expiry() {
        let email = Mail::PasswordReset {
            organisation: "Acme".into(),
            name: "Ana".into(),
            link: "http://localhost/password/set/t0k".into(),
            expires: "in 1 hour".into(),
        };
        let message = email.message("ana@example.com").unwrap();
        assert_eq!(message.subject, "Choose a new password for Vocal (Acme)");
        for part in [&message.text, &message.html] {
            assert!(part.contains("http://localhost/password/set/t0k") && part.contains("in 1 hour"), "{part}");
        }
    }
}

#[derive(Template)]
#[template(path = "email/follow_up.txt")]
struct FollowUpText<'a> {
    organisation: &'a str,
    name: &'a str,
    answered: &'a str,
    link: &'a str,
    expires: &'a str,
}

#[derive(Template)]
#[template(path = "email/follow_up.html")]
struct FollowUpHtml<'a> {
    subject: &'a str,
    organisation: &'a str,
    name: &'a str,
    answered: &'a str,
    link: &'a str,
    expires: &'a str,
}

#[derive(Template)]
#[template(path = "email/praise.txt")]
struct PraiseText<'a> {
    p: &'a PraiseMail,
}

#[derive(Template)]
#[template(path = "email/praise.html")]
struct PraiseHtml<'a> {
    subject: &'a str,
    organisation: &'a str,
    p: &'a PraiseMail,
}
