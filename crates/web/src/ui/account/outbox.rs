//! The outbox: every email the organisation's Vocal sent, or kept because
//! no SMTP server is configured (the demo), so an admin can read them and
//! click through invitations and resets. The HTML part is shown in a
//! sandboxed frame without scripts; its links are also listed as plain
//! links on the page, since a browser may refuse to show the frame under
//! the page's Content-Security-Policy.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use vocal_store::{EmailRecord, EmailStatus, Store};

use crate::server::App;
use crate::session::Admin;
use crate::ui::chrome::{Chrome, Section, render};

/// The most recent emails listed.
const SHOWN: i64 = 200;

struct Row {
    id: i64,
    when: String,
    to: String,
    subject: String,
    status: &'static str,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "app/account/outbox.html")]
struct OutboxPage<'a> {
    chrome: &'a Chrome,
    sends: bool,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "app/account/outbox_message.html")]
struct MessagePage<'a> {
    chrome: &'a Chrome,
    row: Row,
    email: &'a EmailRecord,
    links: Vec<String>,
}

fn when(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

fn status(status: EmailStatus) -> &'static str {
    match status {
        EmailStatus::Sent => "Sent",
        EmailStatus::Outbox => "In the outbox (no SMTP server)",
        EmailStatus::Failed => "Failed",
    }
}

fn row(email: &EmailRecord) -> Row {
    Row {
        id: email.id,
        when: when(email.created_at_ms),
        to: email.to_address.clone(),
        subject: email.subject.clone(),
        status: status(email.status),
        error: email.error.clone(),
    }
}

pub async fn list<S: Store>(State(app): State<App<S>>, Admin(current): Admin) -> Response {
    let emails = match app.store.list_emails(current.user.org_id, SHOWN).await {
        Ok(emails) => emails,
        Err(error) => return crate::ui::errors::server_error(error),
    };
    let chrome = Chrome::signed_in(&current, Section::Settings);
    let rows = emails.iter().map(row).collect();
    render(StatusCode::OK, &OutboxPage { chrome: &chrome, sends: app.mailer.sends(), rows }, &chrome)
}

pub async fn message<S: Store>(State(app): State<App<S>>, Admin(current): Admin, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return crate::ui::errors::not_found() };
    let email = match app.store.email(current.user.org_id, id).await {
        Ok(Some(email)) => email,
        Ok(None) => return crate::ui::errors::not_found(),
        Err(error) => return crate::ui::errors::server_error(error),
    };
    let chrome = Chrome::signed_in(&current, Section::Settings);
    let page = MessagePage { chrome: &chrome, row: row(&email), email: &email, links: links(&email.html_body) };
    render(StatusCode::OK, &page, &chrome)
}

/// The distinct `http(s)` targets of the HTML part's `href`s, in order
/// (anything else, `javascript:` included, is left out).
fn links(html: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for piece in html.split("href=\"").skip(1) {
        let Some((raw, _)) = piece.split_once('"') else { continue };
        let link = unescape(raw);
        let web = link.starts_with("https://") || link.starts_with("http://");
        if web && !link.chars().any(char::is_control) && !found.contains(&link) {
            found.push(link);
        }
    }
    found
}

/// Undoes the escaping a template applies to an attribute value.
fn unescape(text: &str) -> String {
    [("&#34;", "\""), ("&quot;", "\""), ("&#39;", "'"), ("&#60;", "<"), ("&lt;", "<"), ("&#62;", ">"), ("&gt;", ">")]
        .iter()
        .fold(text.to_string(), |text, (from, to)| text.replace(from, to))
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_kept_unescaped_and_once() {
        let html = r#"<a href="https://a.example/x?b=1&#38;c=2">A</a> <a href="javascript:alert(1)">B</a>
            <a href="http://vocal.test/password/set/t_k-n">C</a> <a href="https://a.example/x?b=1&amp;c=2">again</a>"#;
        assert_eq!(links(html), vec!["https://a.example/x?b=1&c=2", "http://vocal.test/password/set/t_k-n"]);
    }
}
