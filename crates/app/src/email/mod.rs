//! Email, once for the whole product: every kind of mail Vocal sends is one
//! [`Email`] variant with a pair of templates (plain text and HTML), turned
//! into a [`Message`] and handed to the [`Mailer`], which sends it through
//! the configured SMTP server or, without one, keeps it in the outbox for
//! admins to read. Either way the outbox records it (docs/email.md).
//!
//! Adding a kind (a survey invitation, a password reset, an alert) takes a
//! variant here, `templates/email/KIND.txt` and `templates/email/KIND.html`
//! (the HTML extending `layout.html`), two template structs and one arm in
//! [`Email::message`].

mod mailer;
mod smtp_url;

use askama::Template;

pub use mailer::{MailError, Mailer};
pub use smtp_url::{SmtpConfig, Tls};

/// A rendered email, ready to send or to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// One address, optionally with a name: `Ana <ana@example.com>`.
    pub to: String,
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part: tables and inline styles only, no external assets.
    pub html: String,
}

/// The kinds of mail Vocal sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Email {
    /// Proves the mail settings work (`vocal mail test`); links to the server.
    Test { organisation: String, public_url: String },
}

impl Email {
    /// Renders both parts for `to`.
    pub fn message(&self, to: &str) -> Result<Message, MailError> {
        let (subject, text, html) = match self {
            Email::Test { organisation, public_url } => {
                let subject = format!("Test email from Vocal for {organisation}");
                let text = TestText { organisation, public_url }.render()?;
                let html = TestHtml { subject: &subject, organisation, public_url }.render()?;
                (subject, text, html)
            }
        };
        Ok(Message { to: to.into(), subject, text, html })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_email_escapes_the_organisation_in_html_only() {
        let email =
            Email::Test { organisation: "Zürich <script>Café".into(), public_url: "https://nps.example.com".into() };
        let message = email.message("ana@example.com").unwrap();
        assert_eq!(message.subject, "Test email from Vocal for Zürich <script>Café");
        assert!(message.text.contains("Zürich <script>Café"), "{}", message.text);
        assert!(message.text.contains("https://nps.example.com"), "{}", message.text);
        assert!(!message.html.contains("<script>"), "{}", message.html);
        assert!(message.html.contains("Zürich &#60;script&#62;Café"), "{}", message.html);
        assert!(message.html.contains(r#"href="https://nps.example.com""#), "{}", message.html);
        assert!(!message.html.contains("src="), "no external assets");
    }
}
