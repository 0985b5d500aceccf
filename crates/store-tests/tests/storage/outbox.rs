//! The outbox: every email recorded, listed newest first, kept per organisation.

use vocal_store::{EmailRecord, EmailStatus, NewEmail, Store};

use crate::fixtures::new_org;

storage_tests!(
    a_recorded_email_is_read_back_whole,
    emails_are_listed_newest_first_up_to_the_limit,
    an_organisation_sees_only_its_own_emails,
);

fn email(to: &str, subject: &str, status: EmailStatus) -> NewEmail {
    NewEmail {
        to_address: to.into(),
        subject: subject.into(),
        text_body: format!("Hello {to}\n"),
        html_body: format!("<p>Hello {to}</p>"),
        status,
        error: (status == EmailStatus::Failed).then(|| "connection refused".into()),
    }
}

async fn a_recorded_email_is_read_back_whole<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let new = NewEmail {
        to_address: "zoë@example.com".into(),
        subject: "Grüße aus Zürich ☕".into(),
        text_body: "Zürich Café\n".into(),
        html_body: "<p>Zürich Café &lt;script&gt;</p>".into(),
        status: EmailStatus::Outbox,
        error: None,
    };

    let recorded = store.record_email(org, new.clone()).await.unwrap();

    let expected = EmailRecord {
        id: recorded.id,
        org_id: org,
        to_address: new.to_address,
        subject: new.subject,
        text_body: new.text_body,
        html_body: new.html_body,
        status: EmailStatus::Outbox,
        error: None,
        created_at_ms: recorded.created_at_ms,
    };
    assert_eq!(recorded, expected);
    assert!(recorded.created_at_ms > 1_600_000_000_000, "a Unix time in milliseconds");
    assert_eq!(store.email(org, recorded.id).await.unwrap(), Some(expected));
    assert_eq!(store.email(org, recorded.id + 1).await.unwrap(), None);

    let failed = store.record_email(org, email("x@example.com", "Nope", EmailStatus::Failed)).await.unwrap();
    assert_eq!(failed.status, EmailStatus::Failed);
    assert_eq!(failed.error.as_deref(), Some("connection refused"));
}

async fn emails_are_listed_newest_first_up_to_the_limit<S: Store>(store: S) {
    let org = new_org(&store, "Acme").await;
    let first = store.record_email(org, email("a@example.com", "First", EmailStatus::Sent)).await.unwrap();
    let second = store.record_email(org, email("b@example.com", "Second", EmailStatus::Outbox)).await.unwrap();
    let third = store.record_email(org, email("c@example.com", "Third", EmailStatus::Failed)).await.unwrap();

    assert_eq!(store.list_emails(org, 10).await.unwrap(), vec![third.clone(), second.clone(), first]);
    assert_eq!(store.list_emails(org, 2).await.unwrap(), vec![third, second]);
    assert_eq!(store.list_emails(org, 0).await.unwrap(), vec![]);
    assert_eq!(store.list_emails(org, -1).await.unwrap(), vec![], "a negative limit returns nothing");
}

async fn an_organisation_sees_only_its_own_emails<S: Store>(store: S) {
    let acme = new_org(&store, "Acme").await;
    let globex = new_org(&store, "Globex").await;
    let mine = store.record_email(acme, email("a@acme.example", "Acme's", EmailStatus::Outbox)).await.unwrap();
    let theirs = store.record_email(globex, email("b@globex.example", "Globex's", EmailStatus::Sent)).await.unwrap();

    assert_eq!(store.list_emails(acme, 10).await.unwrap(), vec![mine.clone()]);
    assert_eq!(store.list_emails(globex, 10).await.unwrap(), vec![theirs.clone()]);
    assert_eq!(store.email(acme, theirs.id).await.unwrap(), None, "another organisation's email is not found");
    assert_eq!(store.email(globex, mine.id).await.unwrap(), None);
}
