//! Single sign-on against a real (local) OpenID provider: the browser's
//! hops are followed by hand, so each redirect is seen. Only users an admin
//! created come in, with the role the admin gave; every broken or forged
//! answer is refused and leaves nobody signed in.

mod provider;

use provider::{CLIENT_ID, CLIENT_SECRET, Person, Provider, REDIRECT_URI};
use vocal_domain::Role;
use vocal_store::prelude::*;

use crate::helpers::{TestServer, response, spawn_with};
use crate::signed_in::browser;

/// What one hop answered.
struct Hop {
    status: u16,
    location: Option<String>,
    body: String,
}

async fn get(client: &reqwest::Client, url: &str) -> Hop {
    let answer = client.get(url).send().await.unwrap();
    let status = answer.status().as_u16();
    let location = answer.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    Hop { status, location, body: answer.text().await.unwrap() }
}

async fn setup() -> (Provider, TestServer) {
    let provider = Provider::start().await;
    let issuer = provider.issuer.clone();
    let server = spawn_with(vec![response(9, "2026-03-01", "email", "Top/East")], |settings| {
        settings.oidc_issuer = Some(issuer);
        settings.oidc_client_id = Some(CLIENT_ID.into());
        settings.oidc_client_secret = Some(CLIENT_SECRET.into());
    })
    .await;
    (provider, server)
}

/// Vocal's redirect to the provider, and the provider's redirect back: the
/// callback URL (on the test server; the registered one names the public URL).
async fn to_provider_and_back(
    client: &reqwest::Client,
    server: &TestServer,
    provider: &Provider,
    next: &str,
) -> String {
    let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
    let start = get(client, &format!("{}/sign-in/sso?next={next}", server.base)).await;
    assert_eq!(start.status, 303, "{}", start.body);
    let authorize = start.location.unwrap();
    assert!(authorize.starts_with(&format!("{}/authorize?", provider.issuer)), "{authorize}");
    let back = get(client, &authorize).await;
    assert_eq!(back.status, 303, "the provider: {}", back.body);
    let callback = back.location.unwrap();
    let query = callback.strip_prefix(&format!("{REDIRECT_URI}?")).unwrap_or_else(|| panic!("{callback}"));
    format!("{}/sign-in/sso/callback?{query}", server.base)
}

/// Where `/` sends this browser: `/dashboard` when signed in.
async fn home(client: &reqwest::Client, server: &TestServer) -> String {
    let hop = get(client, &format!("{}/", server.base)).await;
    assert_eq!(hop.status, 303);
    hop.location.unwrap()
}

async fn sso_audit(server: &TestServer) -> Vec<vocal_store::AuditEntry> {
    let all = server.store.list_audit(server.org, None, 100).await.unwrap();
    all.into_iter().filter(|entry| entry.entry.action == "sign_in.sso").collect()
}

/// Runs the whole flow for `person` and returns the callback's answer.
async fn attempt(person: Person) -> (Provider, TestServer, reqwest::Client, Hop) {
    let (provider, server) = setup().await;
    provider.sign_in(person);
    let client = browser();
    let callback = to_provider_and_back(&client, &server, &provider, "/account").await;
    let hop = get(&client, &callback).await;
    (provider, server, client, hop)
}

fn person(email: &str) -> Person {
    Person { email: email.into(), email_verified: Some(true), ..Person::default() }
}

#[tokio::test]
async fn a_user_an_admin_created_signs_in_and_lands_on_next_with_their_role() {
    let (provider, server) = setup().await;
    let user = server.create_user("mia@example.com", Role::Manager, Some("Top/East"), None).await;
    provider.sign_in(person("Mia@Example.com"));
    let client = browser();

    let page = get(&client, &format!("{}/sign-in", server.base)).await;
    assert!(page.body.contains("href=\"/sign-in/sso"), "the sign-in page offers single sign-on");

    let callback = to_provider_and_back(&client, &server, &provider, "/account").await;
    let landed = get(&client, &callback).await;
    assert_eq!((landed.status, landed.location.as_deref()), (303, Some("/account")), "{}", landed.body);
    let account = get(&client, &format!("{}/account", server.base)).await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("mia@example.com"));
    assert!(account.body.contains(&format!("<dd>{}</dd>", Role::Manager)), "the role the admin gave");
    assert_eq!(home(&client, &server).await, "/dashboard");

    // Nothing about the user changed; the sign-in is in the audit log.
    let stored = server.store.user(server.org, user.id).await.unwrap().unwrap();
    assert_eq!((stored.role, stored.unit_id, stored.disabled), (Role::Manager, user.unit_id, false));
    let audit = sso_audit(&server).await;
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].entry.actor_id, audit[0].entry.subject.as_str()), (Some(user.id), "mia@example.com"));
    assert!(provider.refusals().is_empty(), "{:?}", provider.refusals());

    // The callback is good once: replayed from another browser it signs nobody in.
    let replay = get(&browser(), &callback).await;
    assert_eq!(replay.status, 400);
}

#[tokio::test]
async fn next_must_stay_on_this_site() {
    let (provider, server) = setup().await;
    server.create_user("ann@example.com", Role::Admin, None, None).await;
    provider.sign_in(person("ann@example.com"));
    let client = browser();
    let callback = to_provider_and_back(&client, &server, &provider, "//evil.example/").await;
    let landed = get(&client, &callback).await;
    assert_eq!((landed.status, landed.location.as_deref()), (303, Some("/dashboard")));
}

#[tokio::test]
async fn an_unknown_email_is_refused_with_a_message_and_no_session() {
    let (_provider, server, client, hop) = attempt(person("nobody@example.com")).await;
    assert_eq!(hop.status, 403);
    assert!(hop.body.contains("There is no Vocal account for nobody@example.com. Ask an admin"), "{}", hop.body);
    assert!(home(&client, &server).await.starts_with("/sign-in"));
    assert!(
        server
            .store
            .users_by_email(&vocal_domain::Email::parse("nobody@example.com").unwrap())
            .await
            .unwrap()
            .is_empty(),
        "no user is created"
    );
    assert!(server.store.list_audit(server.org, None, 100).await.unwrap().is_empty(), "nothing audited");
}

#[tokio::test]
async fn a_disabled_user_is_refused() {
    let (provider, server) = setup().await;
    server.create_user("gone@example.com", Role::Admin, None, None).await;
    let gone = vocal_domain::Email::parse("gone@example.com").unwrap();
    let gone = vocal_app::accounts::users::find_by_email(&server.store, server.org, &gone).await.unwrap();
    let cli = vocal_app::organisation::audit::Actor::CommandLine(server.org);
    vocal_app::accounts::user_changes::set_disabled(&server.store, cli, &gone, true).await.unwrap();
    provider.sign_in(person("gone@example.com"));
    let client = browser();
    let callback = to_provider_and_back(&client, &server, &provider, "/account").await;
    let hop = get(&client, &callback).await;
    assert_eq!(hop.status, 403, "{:?} {}", hop.location, hop.body);
    assert!(hop.body.contains("There is no Vocal account for gone@example.com"));
    assert!(home(&client, &server).await.starts_with("/sign-in"));
    assert!(sso_audit(&server).await.is_empty());
}

#[tokio::test]
async fn an_email_the_provider_has_not_verified_is_refused() {
    let mut unverified = person("mia@example.com");
    unverified.email_verified = Some(false);
    let (provider, server) = setup().await;
    server.create_user("mia@example.com", Role::Admin, None, None).await;
    provider.sign_in(unverified);
    let client = browser();
    let callback = to_provider_and_back(&client, &server, &provider, "/account").await;
    let hop = get(&client, &callback).await;
    assert_eq!(hop.status, 403);
    assert!(hop.body.contains("has not verified mia@example.com"), "{}", hop.body);
    assert!(home(&client, &server).await.starts_with("/sign-in"));
}

#[tokio::test]
async fn a_tampered_state_is_refused_and_ends_the_attempt() {
    let (provider, server) = setup().await;
    server.create_user("mia@example.com", Role::Admin, None, None).await;
    provider.sign_in(person("mia@example.com"));
    let client = browser();
    let callback = to_provider_and_back(&client, &server, &provider, "/account").await;
    let tampered = callback.replace("state=", "state=x");
    assert_ne!(tampered, callback);
    let hop = get(&client, &tampered).await;
    assert_eq!(hop.status, 400);
    assert!(hop.body.contains("Single sign-on did not work"), "{}", hop.body);
    // The genuine answer no longer works either: the attempt was single use.
    let genuine = get(&client, &callback).await;
    assert_eq!(genuine.status, 400);
    assert!(home(&client, &server).await.starts_with("/sign-in"));
    assert!(sso_audit(&server).await.is_empty());
}

#[tokio::test]
async fn an_id_token_signed_by_another_key_is_refused() {
    let forged = Person { wrong_key: true, ..person("mia@example.com") };
    let (provider, server) = setup().await;
    server.create_user("mia@example.com", Role::Admin, None, None).await;
    provider.sign_in(forged);
    let client = browser();
    let callback = to_provider_and_back(&client, &server, &provider, "/account").await;
    let hop = get(&client, &callback).await;
    assert_eq!(hop.status, 400);
    assert!(hop.body.contains("Single sign-on did not work"));
    assert!(provider.refusals().is_empty(), "the code itself was good");
    assert!(home(&client, &server).await.starts_with("/sign-in"));
    assert!(sso_audit(&server).await.is_empty());
}

#[tokio::test]
async fn an_id_token_with_another_nonce_is_refused() {
    let replayed = Person { nonce: Some("a nonce from another sign-in".into()), ..person("mia@example.com") };
    let (provider, server) = setup().await;
    server.create_user("mia@example.com", Role::Admin, None, None).await;
    provider.sign_in(replayed);
    let client = browser();
    let callback = to_provider_and_back(&client, &server, &provider, "/account").await;
    let hop = get(&client, &callback).await;
    assert_eq!(hop.status, 400);
    assert!(home(&client, &server).await.starts_with("/sign-in"));
    assert!(sso_audit(&server).await.is_empty());
}

#[tokio::test]
async fn a_provider_that_does_not_answer_gives_a_generic_message() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = spawn_with(Vec::new(), |settings| {
        settings.oidc_issuer = Some(issuer);
        settings.oidc_client_id = Some(CLIENT_ID.into());
    })
    .await;
    let hop = get(&browser(), &format!("{}/sign-in/sso", server.base)).await;
    assert_eq!(hop.status, 502);
    assert!(hop.body.contains("Single sign-on is not available right now"), "{}", hop.body);
}

#[tokio::test]
async fn without_an_issuer_there_is_no_single_sign_on() {
    let server = spawn_with(Vec::new(), |_| {}).await;
    let page = get(&browser(), &format!("{}/sign-in", server.base)).await;
    assert!(!page.body.contains("/sign-in/sso"));
    assert_eq!(get(&browser(), &format!("{}/sign-in/sso", server.base)).await.status, 404);
}
