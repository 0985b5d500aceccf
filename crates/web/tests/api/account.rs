//! Password resets through a real SMTP conversation and through the
//! outbox, the one answer of the forgot-password form, changing a password
//! (other sessions end, this one stays) and names escaped in mail and pages.

use std::time::Duration;

use crate::smtp_sink;
use vocal_store::prelude::*;

use mailparse::MailHeaderMap;
use vocal_app::accounts::users::{NewAccount, create};
use vocal_app::settings::SmtpUrl;
use vocal_domain::Role;
use vocal_store::EmailRecord;

use crate::helpers::{TestServer, spawn, spawn_with};
use crate::signed_in::{PASSWORD, SignedIn, browser};

pub const NEW_PASSWORD: &str = "a much better passphrase";
/// The public URL the test server's links start with.
const PUBLIC: &str = "http://vocal.test";

/// The `/password/set/…` path of the first such link in a text.
pub fn link_path(text: &str) -> String {
    let start = text.find(&format!("{PUBLIC}/password/set/")).expect("a password link") + PUBLIC.len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c)).collect()
}

/// The page without its CSP nonce, which differs on every answer.
fn without_nonce(body: &str) -> String {
    body.split("nonce=\"").map(|p| p.split_once('"').map_or(p, |x| x.1)).collect()
}

pub async fn post(client: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client.post(url).header("sec-fetch-site", "same-origin").form(form).send().await.unwrap()
}

pub async fn sign_in(base: &str, email: &str, password: &str) -> (reqwest::Client, u16) {
    let client = browser();
    let answer = post(&client, &format!("{base}/sign-in"), &[("email", email), ("password", password)]).await;
    let status = answer.status().as_u16();
    (client, status)
}

/// Waits for the background task of the forgot-password form to record `n` emails.
pub async fn emails(server: &TestServer, n: usize) -> Vec<EmailRecord> {
    for _ in 0..100 {
        let emails = server.store.list_emails(server.org, 50).await.unwrap();
        if emails.len() >= n {
            return emails;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{n} emails were never recorded");
}

#[tokio::test]
async fn a_reset_through_a_real_smtp_server_sets_a_new_password_once_and_ends_old_sessions() {
    let (port, mut inbox) = smtp_sink::start().await;
    let server = spawn_with(vec![], |settings| {
        settings.smtp_url = Some(SmtpUrl(format!("smtp://127.0.0.1:{port}?tls=none")));
        settings.mail_from = Some("Vocal <nps@example.com>".into());
    })
    .await;
    let old = server.sign_in_as("ana@example.com", Role::Analyst, None, None).await;
    assert_eq!(old.get("/account").await.0, 200);

    let asked = post(&browser(), &format!("{}/password/forgot", server.base), &[("email", "Ana@Example.com")]).await;
    assert_eq!(asked.status().as_u16(), 200);

    let received = tokio::time::timeout(Duration::from_secs(10), inbox.recv()).await.unwrap().unwrap();
    assert!(received.accepted);
    assert_eq!(received.mail_from, "<nps@example.com>");
    assert_eq!(received.rcpt_to, vec!["<ana@example.com>".to_string()]);
    let mail = mailparse::parse_mail(&received.data).unwrap();
    let subject = mail.get_headers().get_first_value("Subject").unwrap();
    assert_eq!(subject, "Choose a new password for Vocal (Acme)");
    let [text, html] = mail.subparts.as_slice() else { panic!("a text and an HTML part") };
    let (text, html) = (text.get_body().unwrap(), html.get_body().unwrap());
    let path = link_path(&text);
    assert_eq!(path.len(), "/password/set/".len() + 43, "{path}");
    assert!(html.contains(&format!("href=\"{PUBLIC}{path}\"")), "the HTML part has the same link");
    // The stored copy of a delivered message no longer holds the link.
    // (It is recorded right after the SMTP server has taken it.)
    let mut kept = Vec::new();
    for _ in 0..100 {
        kept = server.store.list_emails(server.org, 10).await.unwrap();
        if !kept.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let kept = kept.remove(0);
    assert_eq!(kept.status, vocal_store::EmailStatus::Sent);
    assert!(!kept.text_body.contains(&path) && !kept.html_body.contains(&path), "{}", kept.text_body);
    assert!(kept.text_body.contains(vocal_app::messaging::email::REMOVED));
    assert!(text.contains("expires in 1 hour"), "{text}");
    assert_eq!(emails(&server, 1).await[0].status.as_str(), "sent", "the outbox records it as sent");

    // Follow the link: a form, and looking does not use the link.
    let link = format!("{}{path}", server.base);
    let client = browser();
    for _ in 0..2 {
        let page = client.get(&link).send().await.unwrap();
        assert_eq!(page.status().as_u16(), 200);
        assert_eq!(page.headers()["referrer-policy"], "no-referrer");
        let body = page.text().await.unwrap();
        assert!(body.contains("Choose a new password") && body.contains("ana@example.com"), "{body}");
        assert!(!body.contains(&path), "the token is not written into the page");
    }
    let differ = post(&client, &link, &[("password", NEW_PASSWORD), ("confirm", "something else entirely")]).await;
    assert_eq!(differ.status().as_u16(), 422);
    assert!(differ.text().await.unwrap().contains("aria-invalid=\"true\" aria-describedby=\"confirm-error\""));
    let short = post(&client, &link, &[("password", "short"), ("confirm", "short")]).await;
    assert_eq!(short.status().as_u16(), 422);
    assert!(short.text().await.unwrap().contains("at least 12 characters"));
    assert_eq!(sign_in(&server.base, "ana@example.com", PASSWORD).await.1, 303, "nothing changed yet");

    let set = post(&client, &link, &[("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)]).await;
    assert_eq!(set.status().as_u16(), 303);
    assert_eq!(set.headers()["location"], "/sign-in?done=password");

    assert_eq!(sign_in(&server.base, "ana@example.com", NEW_PASSWORD).await.1, 303);
    assert_eq!(sign_in(&server.base, "ana@example.com", PASSWORD).await.1, 401, "the old password is refused");
    let (status, _) = old.get("/account").await;
    assert_eq!(status, 303, "the session from before the reset has ended");
    let again = client.get(&link).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 410);
    assert!(again.text().await.unwrap().contains("This link is no longer valid"));
    let reuse = post(&client, &link, &[("password", "yet another passphrase"), ("confirm", "yet another passphrase")]);
    assert_eq!(reuse.await.status().as_u16(), 410);
    assert_eq!(sign_in(&server.base, "ana@example.com", NEW_PASSWORD).await.1, 303);
}

#[tokio::test]
async fn without_smtp_a_reset_waits_in_the_outbox_where_an_admin_can_follow_it() {
    let server = spawn(vec![]).await;
    let admin = server.sign_in_as("admin@example.com", Role::Admin, None, None).await;
    let analyst = server.sign_in_as("ana@example.com", Role::Analyst, None, None).await;
    let asked = post(&browser(), &format!("{}/password/forgot", server.base), &[("email", "ana@example.com")]).await;
    assert_eq!(asked.status().as_u16(), 200);
    let email = emails(&server, 1).await.remove(0);
    assert_eq!(email.status.as_str(), "outbox");

    let (status, list) = admin.get("/admin/outbox").await;
    assert_eq!(status, 200);
    assert!(list.contains("No SMTP server is configured"), "{list}");
    assert!(list.contains("ana@example.com") && list.contains("In the outbox (no SMTP server)"), "{list}");
    assert!(list.contains(&format!("href=\"/admin/outbox/{}\"", email.id)), "{list}");

    let (status, message) = admin.get(&format!("/admin/outbox/{}", email.id)).await;
    assert_eq!(status, 200);
    let path = link_path(&email.text_body);
    assert!(message.contains(&format!("<a href=\"{PUBLIC}{path}\"")), "a clickable link: {message}");
    assert!(message.contains("<iframe") && message.contains("sandbox srcdoc=\""), "{message}");
    assert!(!message.contains("allow-scripts"));
    let followed = browser().get(format!("{}{path}", server.base)).send().await.unwrap();
    assert_eq!(followed.status().as_u16(), 200);

    assert_eq!(analyst.get("/admin/outbox").await.0, 404);
    assert_eq!(analyst.get(&format!("/admin/outbox/{}", email.id)).await.0, 404);
    assert_eq!(admin.get("/admin/outbox/999999").await.0, 404);
    assert_eq!(admin.get("/admin/outbox/x").await.0, 404);
}

#[tokio::test]
async fn the_forgot_password_form_answers_the_same_for_an_unknown_email() {
    let server = spawn(vec![]).await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let url = format!("{}/password/forgot", server.base);
    let known = post(&browser(), &url, &[("email", "ana@example.com")]).await;
    let unknown = post(&browser(), &url, &[("email", "nobody@example.com")]).await;
    assert_eq!(known.status().as_u16(), 200);
    assert_eq!(unknown.status().as_u16(), 200);
    let (known, unknown) = (known.text().await.unwrap(), unknown.text().await.unwrap());
    assert!(known.contains("If an account exists for that address"), "{known}");
    assert!(!known.contains("ana@example.com") && !unknown.contains("nobody@example.com"), "no echo");
    assert_eq!(without_nonce(&known), without_nonce(&unknown));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let sent = emails(&server, 1).await;
    assert_eq!(sent.len(), 1, "only the known address gets mail");
    assert_eq!(sent[0].to_address, "ana@example.com");
    let empty = post(&browser(), &url, &[("email", " ")]).await;
    assert_eq!(empty.status().as_u16(), 422);
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_keeps_this_one() {
    let server = spawn(vec![]).await;
    let here = server.sign_in_as("ana@example.com", Role::Analyst, None, None).await;
    let (elsewhere, status) = sign_in(&server.base, "ana@example.com", PASSWORD).await;
    assert_eq!(status, 303);
    let elsewhere = SignedIn { client: elsewhere, base: server.base.clone(), user: here.user.clone() };

    let (status, _, body) = here
        .post_form("/account", &[("current", "not my password"), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)])
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("This is not your current password."), "{body}");
    assert_eq!(elsewhere.get("/account").await.0, 200, "a refused change changes nothing");

    let (status, location, _) = here
        .post_form("/account", &[("current", PASSWORD), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)])
        .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/account?done=password"));
    let (status, page) = here.get("/account?done=password").await;
    assert_eq!(status, 200, "still signed in here");
    assert!(page.contains("Your password is changed."), "{page}");
    assert!(page.contains("The whole organisation"), "{page}");
    let gone = elsewhere.client.get(format!("{}/account", server.base)).send().await.unwrap();
    assert_eq!(gone.status().as_u16(), 303);
    assert!(gone.headers()["location"].to_str().unwrap().starts_with("/sign-in"));
    assert_eq!(sign_in(&server.base, "ana@example.com", NEW_PASSWORD).await.1, 303);
    assert_eq!(sign_in(&server.base, "ana@example.com", PASSWORD).await.1, 401);
    let actions: Vec<String> =
        server.store.list_audit(server.org, None, 20).await.unwrap().into_iter().map(|e| e.entry.action).collect();
    assert!(actions.contains(&"password.change".to_string()), "{actions:?}");
}

#[tokio::test]
async fn html_in_a_name_is_escaped_in_the_invitation_and_on_the_outbox_pages() {
    let server = spawn(vec![]).await;
    let admin = server.sign_in_as("admin@example.com", Role::Admin, None, None).await;
    let account = NewAccount {
        email: "eve@example.com".into(),
        name: "Eve <img src=x onerror=alert(1)>".into(),
        role: Role::Analyst,
        unit: None,
        agent: None,
    };
    let eve = create(&server.store, server.org, account, None).await.unwrap().0;
    let mailer = vocal_app::messaging::email::Mailer::new(None, None).unwrap();
    vocal_app::accounts::links::send_invitation(&server.store, &mailer, PUBLIC, &eve, &admin.user).await.unwrap();
    // Queued; the server's workers keep it in the outbox.
    let email = emails(&server, 1).await.remove(0);
    assert!(!email.html_body.contains("<img"), "{}", email.html_body);
    assert!(email.html_body.contains("Eve &#60;img src=x onerror=alert(1)&#62;"), "{}", email.html_body);
    assert!(email.text_body.contains(&format!("{} invited you", admin.user.name)), "{}", email.text_body);

    for page in ["/admin/outbox".to_string(), format!("/admin/outbox/{}", email.id)] {
        let (status, body) = admin.get(&page).await;
        assert_eq!(status, 200);
        assert!(!body.contains("<img"), "{page}: {body}");
        assert_eq!(body.matches("<script").count(), 1, "only the app's own script: {body}");
    }
    let (_, body) = admin.get(&format!("/admin/outbox/{}", email.id)).await;
    assert!(body.contains("Eve &#60;img src=x onerror=alert(1)&#62;"), "the text part, escaped: {body}");
    // The invitation's link opens the welcome form.
    let path = link_path(&email.text_body);
    let page = browser().get(format!("{}{path}", server.base)).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("Welcome to Vocal"));
}
