//! Limits on guessing passwords and on reset mails (issue 11 §3.4–5): a
//! client that guessed wrong too often is blocked, an account locks only
//! for a quarter of an hour and a used reset link lifts it, the account
//! page's current-password check counts like a sign-in, and reset mails are
//! limited per address and per client, only the latest link working.
//!
//! Every test client is 127.0.0.1, so earlier attempts are written straight
//! into the store where a test needs many of them: argon2 on a debug build
//! would make a hundred real guesses slow.

use std::time::Duration;

use vocal_app::accounts::throttle::{
    MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_CLIENT, MAX_RESETS_PER_ADDRESS, MAX_RESETS_PER_CLIENT,
    PASSWORD_WINDOW_MS,
};
use vocal_domain::Role;
use vocal_store::AttemptKind;
use vocal_store::prelude::*;

use crate::account::{NEW_PASSWORD, emails, link_path, post, sign_in};
use crate::helpers::{TestServer, spawn};
use crate::signed_in::{PASSWORD, browser};

const CLIENT: &str = "127.0.0.1";

async fn earlier_attempts(server: &TestServer, kind: AttemptKind, subject: &str, n: u64, at_ms: i64) {
    for _ in 0..n {
        server.store.note_attempt(kind, subject, at_ms, 0).await.unwrap();
    }
}

/// How many attempts of `kind` about `subject` count now (asking records one more, which is left out).
async fn counted(server: &TestServer, kind: AttemptKind, subject: &str) -> u64 {
    let now = vocal_app::now_ms();
    let (id, n) = server.store.note_attempt(kind, subject, now, now - PASSWORD_WINDOW_MS).await.unwrap();
    server.store.forget_attempt(id).await.unwrap();
    n - 1
}

async fn sign_in_page(server: &TestServer, email: &str, password: &str) -> (u16, String) {
    let url = format!("{}/sign-in", server.base);
    let answer = post(&browser(), &url, &[("email", email), ("password", password)]).await;
    (answer.status().as_u16(), answer.text().await.unwrap())
}

#[tokio::test]
async fn a_wrong_password_counts_for_the_client_and_the_account_and_the_right_one_clears_the_account() {
    let server = spawn(vec![]).await;
    let ana = server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let account = AttemptKind::account(ana.id);

    assert_eq!(sign_in(&server.base, "ana@example.com", "not the password at all").await.1, 401);
    assert_eq!(sign_in(&server.base, "nobody@example.com", "not the password at all").await.1, 401);
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, CLIENT).await, 2, "an unknown address counts too");
    assert_eq!(counted(&server, AttemptKind::PasswordForAccount, &account).await, 1);

    assert_eq!(sign_in(&server.base, "ana@example.com", PASSWORD).await.1, 303);
    assert_eq!(counted(&server, AttemptKind::PasswordForAccount, &account).await, 0, "the right one clears it");
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, CLIENT).await, 2, "the client's guesses stay");
}

#[tokio::test]
async fn a_client_with_too_many_wrong_passwords_is_blocked_without_locking_the_account() {
    let server = spawn(vec![]).await;
    let ana = server.create_user("ana@example.com", Role::Analyst, None, None).await;
    earlier_attempts(&server, AttemptKind::PasswordFromClient, CLIENT, MAX_FAILURES_PER_CLIENT, vocal_app::now_ms())
        .await;

    let (status, body) = sign_in_page(&server, "ana@example.com", PASSWORD).await;
    assert_eq!(status, 429, "even the right password is not checked");
    assert!(body.contains("Too many wrong passwords from your network"), "{body}");
    let account = AttemptKind::account(ana.id);
    assert_eq!(counted(&server, AttemptKind::PasswordForAccount, &account).await, 0, "the account is untouched");
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, CLIENT).await, MAX_FAILURES_PER_CLIENT);
}

#[tokio::test]
async fn an_account_locks_after_its_failures_for_a_quarter_of_an_hour_only() {
    let server = spawn(vec![]).await;
    let ana = server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let bo = server.create_user("bo@example.com", Role::Analyst, None, None).await;
    let now = vocal_app::now_ms();
    // Failures made from many other addresses: ana's now, bo's sixteen minutes ago.
    earlier_attempts(&server, AttemptKind::PasswordForAccount, &AttemptKind::account(ana.id), 20, now).await;
    let long_ago = now - PASSWORD_WINDOW_MS - 60_000;
    earlier_attempts(&server, AttemptKind::PasswordForAccount, &AttemptKind::account(bo.id), 20, long_ago).await;
    assert_eq!(MAX_FAILURES_PER_ACCOUNT, 20);

    let (status, body) = sign_in_page(&server, "ana@example.com", PASSWORD).await;
    assert_eq!(status, 429);
    assert!(body.contains("Try again in 15 minutes, or reset your password"), "{body}");
    assert_eq!(sign_in(&server.base, "bo@example.com", PASSWORD).await.1, 303, "bo's lockout has passed");
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, CLIENT).await, 0, "locked: nothing was checked");
}

#[tokio::test]
async fn a_used_reset_link_lifts_the_lockout() {
    let server = spawn(vec![]).await;
    let ana = server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let account = AttemptKind::account(ana.id);
    earlier_attempts(&server, AttemptKind::PasswordForAccount, &account, MAX_FAILURES_PER_ACCOUNT, vocal_app::now_ms())
        .await;
    assert_eq!(sign_in(&server.base, "ana@example.com", PASSWORD).await.1, 429);

    post(&browser(), &format!("{}/password/forgot", server.base), &[("email", "ana@example.com")]).await;
    let path = link_path(&emails(&server, 1).await[0].text_body);
    let form = [("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)];
    assert_eq!(post(&browser(), &format!("{}{path}", server.base), &form).await.status().as_u16(), 303);

    assert_eq!(sign_in(&server.base, "ana@example.com", NEW_PASSWORD).await.1, 303, "the lockout is lifted");
}

#[tokio::test]
async fn the_account_pages_current_password_check_counts_like_a_sign_in() {
    let server = spawn(vec![]).await;
    let ana = server.sign_in_as("ana@example.com", Role::Analyst, None, None).await;
    let change = |current: &'static str| [("current", current), ("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)];

    let (status, _, _) = ana.post_form("/account", &change("a wrong guess here")).await;
    assert_eq!(status, 422);
    let account = AttemptKind::account(ana.user.id);
    assert_eq!(counted(&server, AttemptKind::PasswordForAccount, &account).await, 1);
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, CLIENT).await, 1);

    let now = vocal_app::now_ms();
    earlier_attempts(&server, AttemptKind::PasswordFromClient, CLIENT, MAX_FAILURES_PER_CLIENT, now).await;
    let (status, _, body) = ana.post_form("/account", &change(PASSWORD)).await;
    assert_eq!(status, 429, "the right password is not checked once the client guessed too often");
    assert!(body.contains("Too many wrong passwords"), "{body}");
    server.store.forget_attempts(AttemptKind::PasswordFromClient, CLIENT).await.unwrap();
    assert_eq!(sign_in(&server.base, "ana@example.com", PASSWORD).await.1, 303, "the password is unchanged");
}

#[tokio::test]
async fn an_address_gets_a_few_reset_mails_an_hour_and_only_the_latest_link_works() {
    let server = spawn(vec![]).await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let url = format!("{}/password/forgot", server.base);
    for _ in 0..MAX_RESETS_PER_ADDRESS + 2 {
        let asked = post(&browser(), &url, &[("email", "ana@example.com")]).await;
        assert_eq!(asked.status().as_u16(), 200, "the same answer whether or not a mail goes out");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = emails(&server, MAX_RESETS_PER_ADDRESS as usize).await;
    assert_eq!(sent.len(), MAX_RESETS_PER_ADDRESS as usize, "no more mails than the limit");
    let paths: Vec<String> = sent.iter().map(|e| link_path(&e.text_body)).collect();

    // The requests' mails went out side by side, so which link came last is
    // not the mails' order: exactly one of them works.
    let mut working = Vec::new();
    for path in &paths {
        let status = browser().get(format!("{}{path}", server.base)).send().await.unwrap().status().as_u16();
        assert!(matches!(status, 200 | 410), "{status}");
        if status == 200 {
            working.push(path.clone());
        }
    }
    assert_eq!(working.len(), 1, "only the latest link works: {working:?} of {paths:?}");
    let form = [("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)];
    for older in paths.iter().filter(|p| **p != working[0]) {
        assert_eq!(post(&browser(), &format!("{}{older}", server.base), &form).await.status().as_u16(), 410);
    }
    let latest = format!("{}{}", server.base, working[0]);
    assert_eq!(post(&browser(), &latest, &form).await.status().as_u16(), 303, "the latest link works");
    assert_eq!(post(&browser(), &latest, &form).await.status().as_u16(), 410, "once");
}

#[tokio::test]
async fn a_client_asking_for_too_many_resets_is_told_to_wait() {
    let server = spawn(vec![]).await;
    let url = format!("{}/password/forgot", server.base);
    for n in 0..MAX_RESETS_PER_CLIENT {
        let asked = post(&browser(), &url, &[("email", &format!("someone{n}@example.com"))]).await;
        assert_eq!(asked.status().as_u16(), 200);
    }
    let refused = post(&browser(), &url, &[("email", "one-more@example.com")]).await;
    assert_eq!(refused.status().as_u16(), 429);
    assert!(refused.text().await.unwrap().contains("Too many reset requests from your network"));
}

/// A wrong password sent through a proxy that says the client is `forwarded`.
async fn wrong_password_via(server: &TestServer, forwarded: &str) -> u16 {
    let answer = browser()
        .post(format!("{}/sign-in", server.base))
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", forwarded)
        .form(&[("email", "ana@example.com"), ("password", "not the password at all")])
        .send()
        .await
        .unwrap();
    answer.status().as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_guesses_count_for_the_forwarded_client_and_a_forged_hop_is_ignored() {
    let server = crate::helpers::spawn_with(vec![], |settings| {
        settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    assert_eq!(wrong_password_via(&server, "203.0.113.7").await, 401);
    // The client wrote 6.6.6.6 itself; the proxy appended who it saw.
    assert_eq!(wrong_password_via(&server, "6.6.6.6, 198.51.100.9").await, 401);
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, "203.0.113.7").await, 1);
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, "198.51.100.9").await, 1);
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, "6.6.6.6").await, 0, "a forged hop is not believed");
    assert_eq!(counted(&server, AttemptKind::PasswordFromClient, CLIENT).await, 0, "the proxy itself is nobody");

    // Without the setting the header is anyone's to write, and ignored.
    let direct = spawn(vec![]).await;
    direct.create_user("ana@example.com", Role::Analyst, None, None).await;
    assert_eq!(wrong_password_via(&direct, "203.0.113.7").await, 401);
    assert_eq!(counted(&direct, AttemptKind::PasswordFromClient, CLIENT).await, 1);
    assert_eq!(counted(&direct, AttemptKind::PasswordFromClient, "203.0.113.7").await, 0);
}
