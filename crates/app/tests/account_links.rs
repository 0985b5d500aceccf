//! Password links: emailed once (queued, then sent by a worker's step),
//! stored hashed, used once, refused after they expire, and ending every
//! session of the user when used.

use vocal_app::accounts::links::{
    LinkError, find_link, send_invitation, send_password_reset, set_password_with_link, token_hash, user_for_link,
};
use vocal_app::accounts::passwords::verify_password;
use vocal_app::accounts::users::{NewAccount, create};
use vocal_app::jobs::worker::{Step, step};
use vocal_app::messaging::email::Mailer;
use vocal_domain::Role;
use vocal_store::prelude::*;
use vocal_store::{EmailRecord, EmailStatus, Job, JobState, LinkPurpose, NewUserLink, SessionRecord, User};
use vocal_store_sqlite::SqliteStore;

const OLD: &str = "the old password, long enough";
const NEW: &str = "a brand new password of mine";

async fn setup() -> (tempfile::TempDir, SqliteStore, User, User) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme <Zürich>", "UTC").await.unwrap();
    let account = |email: &str, name: &str, role| NewAccount {
        email: email.into(),
        name: name.into(),
        role,
        unit: None,
        agent: None,
    };
    let admin = create(&store, org.id, account("admin@example.com", "Ada Admin", Role::Admin), Some(OLD.into()))
        .await
        .unwrap()
        .0;
    let ana = create(&store, org.id, account("ana@example.com", "Ana <b>Lopez</b>", Role::Analyst), Some(OLD.into()))
        .await
        .unwrap()
        .0;
    (dir, store, admin, ana)
}

/// The token of the first `/password/set/` link in a text.
fn token_in(text: &str) -> String {
    let start = text.find("/password/set/").expect("a link") + "/password/set/".len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

/// Runs the worker's step on the queued `job`; returns what the outbox recorded.
async fn delivered(store: &SqliteStore, mailer: &Mailer, job: Job) -> EmailRecord {
    assert_eq!(job.state, JobState::Queued, "queued, not sent inline");
    let Step::Done(ran) = step(store, mailer, "test-worker").await.unwrap() else { panic!("the mail job was due") };
    assert_eq!(ran.id, job.id);
    assert_eq!(store.job(job.org_id, job.id).await.unwrap().unwrap().state, JobState::Done);
    store.list_emails(job.org_id, 1).await.unwrap().remove(0)
}

async fn password_is<S: Store>(store: &S, user: &User, password: &str) -> bool {
    let hash = store.user_password_hash(user.org_id, user.id).await.unwrap().unwrap();
    verify_password(password.into(), hash).await
}

#[tokio::test]
async fn a_reset_link_works_once_and_ends_every_session() {
    let (_dir, store, _admin, ana) = setup().await;
    let mailer = Mailer::new(None, None).unwrap();
    let session = SessionRecord {
        id_hash: [9; 32],
        org_id: Some(ana.org_id),
        user_id: Some(ana.id),
        data: "{}".into(),
        expires_at_ms: vocal_app::now_ms() + 3_600_000,
    };
    store.save_session(session).await.unwrap();

    let job = send_password_reset(&store, &mailer, "http://vocal.test/", &ana).await.unwrap();
    let mail = delivered(&store, &mailer, job).await;
    assert_eq!(mail.status, EmailStatus::Outbox);
    assert_eq!(mail.to_address, "ana@example.com");
    assert!(mail.text_body.contains("http://vocal.test/password/set/"), "{}", mail.text_body);
    let token = token_in(&mail.text_body);
    assert_eq!(token.len(), 43);
    assert_eq!(token_in(&mail.html_body), token);

    assert_eq!(user_for_link(&store, &token, LinkPurpose::PasswordReset).await.unwrap(), Some(ana.clone()));
    assert_eq!(user_for_link(&store, &token, LinkPurpose::Invitation).await.unwrap(), None, "not an invitation");
    assert_eq!(user_for_link(&store, &format!("{token}x"), LinkPurpose::PasswordReset).await.unwrap(), None);
    assert_eq!(find_link(&store, &token).await.unwrap(), Some((LinkPurpose::PasswordReset, ana.clone())));
    // Looking does not use it.
    assert!(user_for_link(&store, &token, LinkPurpose::PasswordReset).await.unwrap().is_some());

    let short = set_password_with_link(&store, &token, LinkPurpose::PasswordReset, "short".into()).await;
    assert!(matches!(short, Err(LinkError::Invalid { field: "password", .. })), "{short:?}");
    assert!(password_is(&store, &ana, OLD).await, "a refused password changes nothing");

    let user = set_password_with_link(&store, &token, LinkPurpose::PasswordReset, NEW.into()).await.unwrap();
    assert_eq!(user.id, ana.id);
    assert!(password_is(&store, &ana, NEW).await);
    assert_eq!(store.load_session([9; 32], vocal_app::now_ms()).await.unwrap(), None, "signed out everywhere");

    let again = set_password_with_link(&store, &token, LinkPurpose::PasswordReset, OLD.into()).await;
    assert!(matches!(again, Err(LinkError::NoLongerValid)), "{again:?}");
    assert_eq!(user_for_link(&store, &token, LinkPurpose::PasswordReset).await.unwrap(), None);
    assert!(password_is(&store, &ana, NEW).await);

    let actions: Vec<String> =
        store.list_audit(ana.org_id, None, 10).await.unwrap().into_iter().map(|e| e.entry.action).collect();
    assert!(actions.contains(&"password.reset_requested".into()) && actions.contains(&"password.set".into()));
}

#[tokio::test]
async fn an_expired_link_is_refused() {
    let (_dir, store, _admin, ana) = setup().await;
    let token = "an-expired-token-of-forty-three-characters__";
    let link = NewUserLink {
        org_id: ana.org_id,
        user_id: ana.id,
        purpose: LinkPurpose::PasswordReset,
        token_hash: token_hash(token),
        expires_at_ms: vocal_app::now_ms() - 1,
    };
    store.create_user_link(link).await.unwrap();
    assert_eq!(user_for_link(&store, token, LinkPurpose::PasswordReset).await.unwrap(), None);
    let used = set_password_with_link(&store, token, LinkPurpose::PasswordReset, NEW.into()).await;
    assert!(matches!(used, Err(LinkError::NoLongerValid)), "{used:?}");
    assert!(password_is(&store, &ana, OLD).await);
}

#[tokio::test]
async fn the_database_keeps_only_the_hash_of_a_token() {
    let (_dir, store, _admin, ana) = setup().await;
    let token = "raw-token-that-must-not-be-the-key-in-the-db";
    let link = NewUserLink {
        org_id: ana.org_id,
        user_id: ana.id,
        purpose: LinkPurpose::Invitation,
        token_hash: token_hash(token),
        expires_at_ms: vocal_app::now_ms() + 60_000,
    };
    store.create_user_link(link).await.unwrap();
    // Found by its SHA-256, not by its raw bytes.
    let mut raw = [0u8; 32];
    raw.copy_from_slice(&token.as_bytes()[..32]);
    let now = vocal_app::now_ms();
    assert!(store.peek_user_link(raw, LinkPurpose::Invitation, now).await.unwrap().is_none());
    assert!(store.peek_user_link(token_hash(token), LinkPurpose::Invitation, now).await.unwrap().is_some());
    assert!(store.peek_user_link(token_hash("wrong"), LinkPurpose::Invitation, now).await.unwrap().is_none());
}

#[tokio::test]
async fn an_invitation_names_who_invited_and_escapes_html() {
    let (_dir, store, admin, ana) = setup().await;
    let mailer = Mailer::new(None, None).unwrap();
    let job = send_invitation(&store, &mailer, "http://vocal.test", &ana, &admin).await.unwrap();
    let mail = delivered(&store, &mailer, job).await;
    assert!(mail.subject.contains("Acme <Zürich>"), "{}", mail.subject);
    assert!(mail.text_body.contains("Ada Admin invited you"), "{}", mail.text_body);
    assert!(mail.text_body.contains("expires in 7 days"), "{}", mail.text_body);
    assert!(!mail.html_body.contains("<b>"), "{}", mail.html_body);
    assert!(mail.html_body.contains("Ana &#60;b&#62;Lopez&#60;/b&#62;"), "{}", mail.html_body);
    let token = token_in(&mail.text_body);
    assert_eq!(find_link(&store, &token).await.unwrap(), Some((LinkPurpose::Invitation, ana.clone())));
    set_password_with_link(&store, &token, LinkPurpose::Invitation, NEW.into()).await.unwrap();
    assert!(password_is(&store, &ana, NEW).await);
    let entries = store.list_audit(ana.org_id, None, 10).await.unwrap();
    let invite = entries.iter().find(|e| e.entry.action == "user.invite").expect("audited");
    assert_eq!((invite.entry.actor_id, invite.entry.subject.as_str()), (Some(admin.id), "ana@example.com"));
}
