//! Writing to the customer from the case page, through the real router
//! and a real SMTP conversation: the form offers a draft in the customer's
//! language signed by the owner; what the owner sends arrives as written,
//! from the organisation's sender with the owner as Reply-To; the contact
//! is logged on the case (via email); bad fields are refused by name with
//! nothing sent; those who may not work the case get no form.

use std::time::Duration;

use mailparse::MailHeaderMap;
use vocal_app::settings::SmtpUrl;
use vocal_store::prelude::*;

use crate::cases::case_world_with;
use crate::smtp_sink;

#[tokio::test]
async fn the_owner_emails_the_customer_who_can_reply_to_them_and_the_contact_is_logged() {
    let (port, mut inbox) = smtp_sink::start().await;
    let w = case_world_with(|settings| {
        settings.smtp_url = Some(SmtpUrl(format!("smtp://127.0.0.1:{port}?tls=none")));
        settings.mail_from = Some("Acme NPS <nps@acme.example>".into());
    })
    .await;
    let path = format!("/cases/{}", w.case_id);
    let (_, page) = w.east.get(&path).await;
    assert!(page.contains("Email the customer"), "{page}");
    assert!(page.contains("To carol@customer.example"), "names the recipient");
    assert!(page.contains("value=\"Your feedback to Acme\""), "a subject to start from: {page}");
    let (_, analyst_page) = w.analyst.get(&path).await;
    assert!(!analyst_page.contains("Email the customer"), "an analyst reads only");

    // Refused by field, input kept, nothing queued.
    let injected = [("action", "email"), ("subject", "Hi\r\nBcc: everyone@example.com"), ("body", "Sorry, Carol")];
    let (status, _, body) = w.east.post_form(&path, &injected).await;
    assert_eq!(status, 422);
    assert!(body.contains("must be one line"), "{body}");
    assert!(body.contains(">Sorry, Carol</textarea>"), "the message is kept");
    let (status, _, body) = w.east.post_form(&path, &[("action", "email"), ("subject", "Hello"), ("body", " ")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("write a message"), "{body}");
    let mails = |jobs: Vec<vocal_store::Job>| jobs.into_iter().filter(|j| j.kind == "mail").count();
    assert_eq!(mails(w.server.store.list_jobs(w.server.org, None, 50).await.unwrap()), 0, "nothing sent");

    let message = "Dear Carol,\n\nI am sorry about the queue. <b>Can I call you</b> tomorrow at 10?\n\nBest,\nEast";
    let form = [("action", "email"), ("subject", "About your call with Acme"), ("body", message)];
    let (status, location, _) = w.east.post_form(&path, &form).await;
    assert_eq!((status, location), (303, Some(format!("{path}#timeline"))));

    let Ok(received) = tokio::time::timeout(Duration::from_secs(10), inbox.recv()).await else {
        panic!("not delivered: {:?}", w.server.store.list_jobs(w.server.org, None, 50).await.unwrap())
    };
    let received = received.unwrap();
    assert!(received.accepted);
    assert_eq!(received.rcpt_to, vec!["<carol@customer.example>".to_string()]);
    assert_eq!(received.mail_from, "<nps@acme.example>", "from the organisation's sender");
    let mail = mailparse::parse_mail(&received.data).unwrap();
    let headers = mail.get_headers();
    assert_eq!(headers.get_first_value("Subject").unwrap(), "About your call with Acme");
    let reply_to = headers.get_first_value("Reply-To").unwrap();
    assert!(reply_to.contains("<east@acme.example>"), "replies reach the owner: {reply_to}");
    let [text, html] = mail.subparts.as_slice() else { panic!("a text and an HTML part") };
    let (text, html) = (text.get_body().unwrap().replace("\r\n", "\n"), html.get_body().unwrap());
    assert!(text.starts_with(message), "sent as written:\n{text}");
    assert!(html.contains("Dear Carol,</p>"), "{html}");
    assert!(!html.contains("<b>"), "the owner's words are escaped: {html}");
    assert!(html.contains("&#60;b&#62;Can I call you&#60;/b&#62; tomorrow"), "and kept: {html}");
    assert!(html.contains("Best,<br>East</p>"), "line breaks kept: {html}");

    let case = w.server.store.case(w.server.org, vocal_domain::CaseId(w.case_id)).await.unwrap().unwrap();
    assert_eq!(case.state.as_str(), "contacted", "sending is the contact");
    assert!(case.first_contact_at_ms.is_some());
    let events = w.server.store.case_events(w.server.org, case.id).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.via.map(|v| v.as_str()), Some("email"));
    assert!(last.text.contains("About your call with Acme") && last.text.contains("tomorrow at 10"), "{}", last.text);
}
