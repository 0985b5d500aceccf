//! Signing in and out: cookies, a fresh session id, one generic refusal,
//! the lockout, revocation, CSRF and the page headers.

use vocal_domain::Role;
use vocal_store::prelude::*;

use crate::helpers::{response, spawn};
use crate::signed_in::{PASSWORD, browser};

async fn sign_in_form(client: &reqwest::Client, base: &str, email: &str, password: &str) -> reqwest::Response {
    client
        .post(format!("{base}/sign-in"))
        .form(&[("email", email), ("password", password), ("next", "/dashboard?unit=East")])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_in_sets_a_lax_http_only_cookie_and_goes_where_asked() {
    let server = spawn(vec![response(9, "2026-03-01", "email", "Top/East")]).await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let client = browser();
    let answer = sign_in_form(&client, &server.base, "Ana@Example.com ", PASSWORD).await;
    assert_eq!(answer.status().as_u16(), 303);
    assert_eq!(answer.headers()["location"], "/dashboard?unit=East");
    let cookie = answer.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("vocal_session="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http here: {cookie}");
    let home = client.get(format!("{}/", server.base)).send().await.unwrap();
    assert_eq!(home.headers()["location"], "/dashboard", "signed in, / leads to the dashboard");
}

#[tokio::test]
async fn without_a_session_pages_send_people_to_sign_in_and_back() {
    let server = spawn(vec![]).await;
    let answer = browser().get(format!("{}/?x=1", server.base)).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 303);
    assert_eq!(answer.headers()["location"], "/sign-in?next=%2F%3Fx%3D1");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let server = spawn(vec![]).await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let wrong = sign_in_form(&browser(), &server.base, "ana@example.com", "not the password at all").await;
    let unknown = sign_in_form(&browser(), &server.base, "nobody@example.com", "not the password at all").await;
    assert_eq!(wrong.status().as_u16(), 401);
    assert_eq!(unknown.status().as_u16(), 401);
    assert!(wrong.headers().get("set-cookie").is_none() && unknown.headers().get("set-cookie").is_none());
    let strip = |body: String, email: &str| body.replace(email, "EMAIL");
    let wrong_body = strip(wrong.text().await.unwrap(), "ana@example.com");
    let unknown_body = strip(unknown.text().await.unwrap(), "nobody@example.com");
    assert!(wrong_body.contains("The email or password is wrong."));
    // The pages differ only in the CSP nonce.
    let without_nonce = |b: &str| b.split("nonce=\"").map(|p| p.split_once('"').map_or(p, |x| x.1)).collect::<String>();
    assert_eq!(without_nonce(&wrong_body), without_nonce(&unknown_body));
}

#[tokio::test]
async fn after_twenty_failures_in_a_quarter_hour_the_account_is_locked_even_with_the_right_password() {
    let server = spawn(vec![]).await;
    let user = server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let now = vocal_app::now_ms();
    let account = vocal_store::AttemptKind::account(user.id);
    for _ in 0..vocal_app::accounts::throttle::MAX_FAILURES_PER_ACCOUNT {
        server.store.note_attempt(vocal_store::AttemptKind::PasswordForAccount, &account, now, 0).await.unwrap();
    }
    let answer = sign_in_form(&browser(), &server.base, "ana@example.com", PASSWORD).await;
    assert_eq!(answer.status().as_u16(), 429);
    assert!(answer.text().await.unwrap().contains("Too many wrong passwords for this account"));
    let other = server.create_user("bo@example.com", Role::Analyst, None, None).await;
    assert_eq!(sign_in_form(&browser(), &server.base, &other.email, PASSWORD).await.status().as_u16(), 303);
}

#[tokio::test]
async fn signing_in_replaces_a_planted_session_id_and_signing_out_ends_the_session() {
    let server = spawn(vec![]).await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let client = browser();
    let answer = sign_in_form(&client, &server.base, "ana@example.com", PASSWORD).await;
    let cookie = answer.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    // The stolen cookie works until sign-out…
    let thief = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let home = |c: &reqwest::Client| c.get(format!("{}/", server.base)).header("cookie", cookie.clone()).send();
    assert_eq!(home(&thief).await.unwrap().headers()["location"], "/dashboard");
    let out =
        client.post(format!("{}/sign-out", server.base)).header("sec-fetch-site", "same-origin").send().await.unwrap();
    assert_eq!(out.headers()["location"], "/sign-in?done=signed-out");
    // …and not after.
    assert!(home(&thief).await.unwrap().headers()["location"].to_str().unwrap().starts_with("/sign-in"));
    // A second sign-in gets another id than the first.
    let again = sign_in_form(&browser(), &server.base, "ana@example.com", PASSWORD).await;
    let second = again.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    assert_ne!(second, cookie);
}

#[tokio::test]
async fn disabling_a_user_or_ending_their_sessions_signs_them_out() {
    let server = spawn(vec![]).await;
    let ana = server.sign_in_as("ana@example.com", Role::Analyst, None, None).await;
    assert_eq!(ana.client.get(format!("{}/", server.base)).send().await.unwrap().headers()["location"], "/dashboard");
    server.store.delete_user_sessions(server.org, ana.user.id).await.unwrap();
    let back = ana.client.get(format!("{}/", server.base)).send().await.unwrap();
    assert!(back.headers()["location"].to_str().unwrap().starts_with("/sign-in"));
    let bo = server.sign_in_as("bo@example.com", Role::Analyst, None, None).await;
    server.store.set_user_disabled(server.org, bo.user.id, true).await.unwrap();
    let back = bo.client.get(format!("{}/", server.base)).send().await.unwrap();
    assert!(back.headers()["location"].to_str().unwrap().starts_with("/sign-in"));
}

#[tokio::test]
async fn cross_site_form_posts_are_refused_and_change_nothing() {
    let server = spawn(vec![]).await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let answer = browser()
        .post(format!("{}/sign-in", server.base))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .form(&[("email", "ana@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 403);
    assert!(answer.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn pages_send_a_nonce_csp_and_refuse_framing() {
    let server = spawn(vec![]).await;
    let answer = browser().get(format!("{}/sign-in", server.base)).send().await.unwrap();
    let headers = answer.headers().clone();
    let csp = headers["content-security-policy"].to_str().unwrap();
    for part in ["object-src 'none'", "frame-ancestors 'none'", "script-src 'self' 'nonce-", "base-uri 'none'"] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain http");
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(answer.text().await.unwrap().contains(&format!("nonce=\"{nonce}\"")), "the script carries the nonce");
}

#[tokio::test]
async fn only_paths_on_this_site_are_followed_after_sign_in() {
    let server = spawn(vec![]).await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    for next in ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"] {
        let answer = browser()
            .post(format!("{}/sign-in", server.base))
            .form(&[("email", "ana@example.com"), ("password", PASSWORD), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.headers()["location"], "/dashboard", "{next}");
    }
}

#[tokio::test]
async fn behind_tls_the_cookie_is_host_only_and_secure_and_pages_send_hsts() {
    let server = crate::helpers::spawn_with(vec![], |s| s.public_url = Some("https://nps.example.com".into())).await;
    server.create_user("ana@example.com", Role::Analyst, None, None).await;
    let answer = sign_in_form(&browser(), &server.base, "ana@example.com", PASSWORD).await;
    let cookie = answer.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("__Host-vocal_session=") && cookie.contains("Secure"), "{cookie}");
    let page = browser().get(format!("{}/sign-in", server.base)).send().await.unwrap();
    assert!(page.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
}

#[tokio::test]
async fn an_agent_lands_on_their_own_coaching_page_named_as_theirs() {
    let answer =
        vocal_store::NewResponse { agent: Some("Alice".into()), ..response(9, "2026-03-02", "phone", "Top/East") };
    let server = spawn(vec![answer]).await;
    let alice = server.create_user("alice@acme.example", Role::Agent, None, Some("Alice")).await;
    let own = format!("/agents/{}", alice.agent_id.unwrap().0);
    let client = browser();
    let answer = client
        .post(format!("{}/sign-in", server.base))
        .form(&[("email", "alice@acme.example"), ("password", PASSWORD), ("next", "/dashboard")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 303);
    assert_eq!(answer.headers()["location"], own.as_str(), "an agent starts on her own page");
    let home = client.get(format!("{}/", server.base)).send().await.unwrap();
    assert_eq!(home.headers()["location"], own.as_str(), "and / leads there too");
    let page = client.get(format!("{}{own}", server.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("<a href=\"{own}\" aria-current=\"page\">My coaching</a>")), "{page}");

    server.create_user("ana@acme.example", Role::Analyst, None, None).await;
    let analyst = browser();
    let answer = analyst
        .post(format!("{}/sign-in", server.base))
        .form(&[("email", "ana@acme.example"), ("password", PASSWORD), ("next", "/dashboard")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["location"], "/dashboard", "everyone else starts on the dashboard");
}
