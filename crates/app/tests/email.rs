//! Email end to end: a real SMTP conversation with a local sink, the message
//! parsed back with mailparse and its link followed; the outbox when no
//! server is configured; and a refused connection recorded as failed.

mod support;

use std::time::Duration;
use vocal_store::prelude::*;

use mailparse::MailHeaderMap;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use vocal_app::messaging::email::{Mail, MailError, Mailer};
use vocal_app::settings::{Settings, SmtpUrl};
use vocal_domain::OrgId;
use vocal_store::EmailStatus;
use vocal_store_sqlite::SqliteStore;

use support::smtp_sink;

const ORGANISATION: &str = "Zürich Café <script>alert(1)</script>";

async fn store_with_org() -> (tempfile::TempDir, SqliteStore, OrgId) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org(ORGANISATION, "Europe/Zurich").await.unwrap();
    (dir, store, org.id)
}

fn test_email(settings: &Settings) -> Mail {
    Mail::Test { organisation: ORGANISATION.into(), public_url: settings.public_url() }
}

/// The value of the first `href="…"` in the HTML.
fn first_link(html: &str) -> &str {
    let start = html.find("href=\"").expect("a link") + 6;
    &html[start..start + html[start..].find('"').unwrap()]
}

#[tokio::test]
async fn a_message_goes_through_a_real_smtp_conversation() {
    let (_dir, store, org) = store_with_org().await;
    let (port, mut inbox) = smtp_sink::start().await;
    let (web_port, web) = one_page_server().await;
    let settings = Settings {
        smtp_url: Some(SmtpUrl(format!("smtp://127.0.0.1:{port}?tls=none"))),
        mail_from: Some("Vocal NPS <nps@example.com>".into()),
        public_url: Some(format!("http://127.0.0.1:{web_port}/")),
        ..Settings::default()
    };
    let mailer = Mailer::from_settings(&settings).unwrap();
    assert!(mailer.sends());

    let message = test_email(&settings).message("Ana Lopez <ana@example.com>").unwrap();
    let record = mailer.send(&store, org, &message).await.unwrap();

    assert_eq!(record.status, EmailStatus::Sent);
    assert_eq!(store.list_emails(org, 10).await.unwrap(), vec![record.clone()], "the history shows it");
    let received = tokio::time::timeout(Duration::from_secs(10), inbox.recv()).await.unwrap().unwrap();
    assert!(received.accepted);
    assert_eq!(received.mail_from, "<nps@example.com>");
    assert_eq!(received.rcpt_to, vec!["<ana@example.com>".to_string()]);

    let mail = mailparse::parse_mail(&received.data).unwrap();
    let headers = mail.get_headers();
    assert_eq!(headers.get_first_value("Subject").unwrap(), format!("Test email from Vocal for {ORGANISATION}"));
    let from = mailparse::addrparse_header(headers.get_first_header("From").unwrap()).unwrap();
    let from = from.extract_single_info().unwrap();
    assert_eq!(from.addr, "nps@example.com");
    assert_eq!(from.display_name.as_deref(), Some("Vocal NPS"));
    let to = mailparse::addrparse_header(headers.get_first_header("To").unwrap()).unwrap();
    assert_eq!(to.extract_single_info().unwrap().addr, "ana@example.com");
    assert!(headers.get_first_value("Date").is_some() && headers.get_first_value("Message-ID").is_some());

    assert_eq!(mail.ctype.mimetype, "multipart/alternative");
    let [text, html] = mail.subparts.as_slice() else { panic!("two parts: {:?}", mail.subparts.len()) };
    assert_eq!(text.ctype.mimetype, "text/plain");
    assert_eq!(html.ctype.mimetype, "text/html");
    assert_eq!(text.ctype.charset.to_ascii_lowercase(), "utf-8");
    assert_eq!(html.ctype.charset.to_ascii_lowercase(), "utf-8");
    let (text, html) = (text.get_body().unwrap(), html.get_body().unwrap());
    assert_eq!(text.replace("\r\n", "\n"), message.text, "the plain part arrives as rendered, UTF-8 intact");
    assert!(text.contains(ORGANISATION), "plain text is not escaped: {text}");
    assert!(html.contains("Zürich Café &#60;script&#62;alert(1)&#60;/script&#62;"), "{html}");
    assert!(!html.contains("<script>"), "the organisation name is escaped in HTML: {html}");
    assert!(!html.contains("src=") && !html.contains("<link"), "no external assets");

    // Follow the link: it leads to the server's public address.
    let link = first_link(&html);
    assert_eq!(link, format!("http://127.0.0.1:{web_port}"));
    assert!(text.contains(&format!("Open Vocal: {link}")), "{text}");
    assert_eq!(get(link).await, "Vocal");
    assert_eq!(web.await.unwrap(), "GET / HTTP/1.1");
}

/// A web server answering one request with `Vocal`; yields the request line.
async fn one_page_server() -> (u16, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let served = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let mut stream = BufReader::new(stream);
        let mut request_line = String::new();
        stream.read_line(&mut request_line).await.unwrap();
        let mut header = String::new();
        while stream.read_line(&mut header).await.unwrap() > 2 {
            header.clear();
        }
        let reply = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nVocal";
        stream.get_mut().write_all(reply.as_bytes()).await.unwrap();
        request_line.trim_end().to_string()
    });
    (port, served)
}

/// Fetches an `http://HOST:PORT` link the way a browser would; returns the body.
async fn get(link: &str) -> String {
    let host = link.strip_prefix("http://").expect("an http link");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    response.split("\r\n\r\n").nth(1).unwrap_or_default().to_string()
}

#[tokio::test]
async fn without_smtp_every_message_waits_in_the_outbox() {
    let (_dir, store, org) = store_with_org().await;
    let settings = Settings { public_url: Some("http://localhost:8080".into()), ..Settings::default() };
    let mailer = Mailer::from_settings(&settings).unwrap();
    assert!(!mailer.sends());

    let message = test_email(&settings).message("ana@example.com").unwrap();
    let record = mailer.send(&store, org, &message).await.unwrap();

    assert_eq!(record.status, EmailStatus::Outbox);
    let kept = store.email(org, record.id).await.unwrap().expect("kept in the outbox");
    assert_eq!(kept.to_address, "ana@example.com");
    assert_eq!(kept.subject, message.subject);
    assert_eq!(kept.text_body, message.text);
    assert_eq!(kept.html_body, message.html);
    assert_eq!(first_link(&kept.html_body), "http://localhost:8080", "an admin can click through");
    assert_eq!(kept.error, None);
}

#[tokio::test]
async fn a_refused_connection_is_recorded_as_failed_and_returned() {
    let (_dir, store, org) = store_with_org().await;
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let settings = Settings {
        smtp_url: Some(SmtpUrl(format!("smtp://127.0.0.1:{closed_port}?tls=none"))),
        mail_from: Some("nps@example.com".into()),
        ..Settings::default()
    };
    let mailer = Mailer::from_settings(&settings).unwrap();
    let message = test_email(&settings).message("ana@example.com").unwrap();

    let error = mailer.send(&store, org, &message).await.unwrap_err();

    let MailError::Smtp { id, reason, .. } = &error else { panic!("an SMTP error: {error}") };
    let failed = store.email(org, *id).await.unwrap().expect("the failure is recorded");
    assert_eq!(failed.status, EmailStatus::Failed);
    assert_eq!(failed.error.as_deref(), Some(reason.as_str()));
    assert!(reason.to_lowercase().contains("connect"), "{reason}");
    assert!(error.to_string().contains(&format!("outbox #{id}")), "{error}");
    assert_eq!(failed.html_body, message.html, "the message is kept for a later retry");
}

#[tokio::test]
async fn bad_mail_settings_are_refused_up_front() {
    let smtp = |url: &str, from: Option<&str>| Settings {
        smtp_url: Some(SmtpUrl(url.into())),
        mail_from: from.map(Into::into),
        ..Settings::default()
    };
    let error = Mailer::from_settings(&smtp("smtp://u:hunter2@mail.example.com", None)).unwrap_err().to_string();
    assert!(error.contains("mail_from is required"), "{error}");
    let error =
        Mailer::from_settings(&smtp("smtp://mail.example.com", Some("not an address"))).unwrap_err().to_string();
    assert!(error.contains("mail_from"), "{error}");
    let error =
        Mailer::from_settings(&smtp("imap://u:hunter2@mail.example.com", Some("a@b.example"))).unwrap_err().to_string();
    assert!(error.contains("scheme") && !error.contains("hunter2"), "{error}");
}
