//! The survey page: mail scanners record nothing, people do, once.

use vocal_store::prelude::*;
use vocal_store::{InvitationContext, NewContact, NewInvitation};

use crate::helpers::{TestServer, spawn};
use crate::invitations::INVITE;

/// User agents of link scanners and previewers that fetch every link in an email.
const SCANNERS: [&str; 5] = [
    "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1; Trident/7.0; Microsoft Outlook 16.0; ms-office; MSOffice 16)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 \
     (Microsoft Defender for Office 365 Safe Links)",
    "Barracuda Sentinel (EE)",
    "Mimecast-URL-Protect",
    "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
];

/// An invitation's survey URL, path only (the server is not at vocal.test).
async fn invite(server: &TestServer) -> String {
    let (status, body, _) = server.post_json("/api/v1/invitations", Some(&server.write_key), INVITE, &[]).await;
    assert_eq!(status, 201, "{body}");
    body["survey_url"].as_str().unwrap().strip_prefix("http://vocal.test").unwrap().to_string()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn post_form(server: &TestServer, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = client().post(format!("{}{path}", server.base)).form(form).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn scanners_fetching_every_score_link_record_nothing() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let path = invite(&server).await;
    for score in 0..=10 {
        let url = format!("{}{path}?score={score}", server.base);
        for agent in SCANNERS {
            let got = client().get(&url).header("user-agent", agent).send().await.unwrap();
            assert_eq!(got.status().as_u16(), 200);
            assert_eq!(got.headers()["referrer-policy"], "no-referrer");
            assert!(got.headers().get("set-cookie").is_none());
            let html = got.text().await.unwrap();
            assert!(html.contains(&format!("value=\"{score}\" checked")), "score {score} preselected");
            let head = client().head(&url).header("user-agent", agent).send().await.unwrap();
            assert_eq!(head.status().as_u16(), 200);
        }
    }
    assert_eq!(server.totals().await.0, 0, "no GET or HEAD records a score");
}

#[tokio::test]
async fn answers_change_one_response_and_never_add_a_second() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let path = invite(&server).await;
    let (status, html) =
        post_form(&server, &path, &[("score", "9"), ("comment", "Très bien"), ("focus", "service")]).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(server.totals().await, (1, 1, 0));
    // The script's one-click post changes the score and keeps the comment.
    let (status, _) = post_form(&server, &path, &[("score", "3"), ("auto", "1")]).await;
    assert_eq!(status, 204);
    assert_eq!(server.totals().await, (1, 0, 1));
    let (_, listed) = server.get("/api/v1/responses").await;
    let stored = &listed["responses"][0];
    assert_eq!(stored["comment"], "Très bien");
    assert_eq!(stored["attributes"]["focus"], "service");
    assert_eq!(stored["attributes"]["plan"], "Gold", "the invitation's context flows onto the response");
    assert_eq!(stored["agent"], "Luc");
    assert_eq!(stored["language"], "fr", "the contact's language");
    // Reopened, the page shows the answer to change.
    let html = client().get(format!("{}{path}", server.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("value=\"3\" checked") && html.contains("Très bien"), "{html}");
}

#[tokio::test]
async fn a_form_without_a_score_is_shown_again_with_the_comment_kept() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let path = invite(&server).await;
    let comment = "</textarea><script>alert(1)</script>";
    let (status, html) = post_form(&server, &path, &[("comment", comment)]).await;
    assert_eq!(status, 422);
    assert!(html.contains("&#60;/textarea&#62;&#60;script&#62;alert(1)&#60;/script&#62;"), "kept, escaped: {html}");
    assert!(!html.contains("<script>alert(1)"), "never executable");
    assert!(html.contains("aria-invalid"), "the error sits at its field");
    assert_eq!(server.totals().await.0, 0, "nothing stored");
}

#[tokio::test]
async fn unknown_and_expired_tokens_get_friendly_pages() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let unknown = client().get(format!("{}/s/AAAAAAAAAAAAAAAAAAAAAAAA", server.base)).send().await.unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
    assert!(unknown.text().await.unwrap().contains("<html"));

    let survey = server.store.survey_by_slug(server.org, "relationship").await.unwrap().unwrap();
    let token = vocal_app::collect::Token::generate();
    let expired = NewInvitation {
        survey_id: survey.id,
        contact: NewContact {
            email: Some(vocal_domain::Email::parse("late@example.com").unwrap()),
            ..NewContact::default()
        },
        channel: "email".into(),
        token_hash: token.hash(),
        token_seal: vec![],
        expires_at_ms: 1_000_000_000_000,
        context: InvitationContext::default(),
    };
    server.store.create_invitations(server.org, vec![expired]).await.unwrap();
    let page = client().get(format!("{}/s/{}", server.base, token.as_str())).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 410);
    let (status, _) = post_form(&server, &format!("/s/{}", token.as_str()), &[("score", "10")]).await;
    assert_eq!(status, 410);
    assert_eq!(server.totals().await.0, 0);
}

#[tokio::test]
async fn the_public_link_is_anonymous_limited_and_guarded() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let survey = server.store.survey_by_slug(server.org, "relationship").await.unwrap().unwrap();
    let path = format!("/p/{}", survey.id.0);
    let page = client().get(format!("{}{path}", server.base)).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("name=\"website\""), "honeypot");

    // A bot fills the honeypot: thanked, nothing stored.
    let (status, _) = post_form(&server, &path, &[("score", "10"), ("website", "http://spam.example")]).await;
    assert_eq!(status, 200);
    assert_eq!(server.totals().await.0, 0);

    let response = client().post(format!("{}{path}", server.base)).form(&[("score", "8")]).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    assert_eq!(server.totals().await.0, 1);
    let (_, listed) = server.get("/api/v1/responses?where=source=public-link").await;
    assert_eq!(listed["responses"][0]["contact_email"], serde_json::Value::Null, "anonymous");

    // The same browser again: thanked, not stored.
    let again = client().post(format!("{}{path}", server.base)).header("cookie", &cookie).form(&[("score", "0")]);
    assert_eq!(again.send().await.unwrap().status().as_u16(), 200);
    assert_eq!(server.totals().await.0, 1);

    // The test server allows 5 answers a minute per client; 3 were sent.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(post_form(&server, &path, &[("score", "7")]).await.0);
    }
    assert_eq!(statuses, [200, 200, 429]);
    assert_eq!(server.totals().await.0, 3);
}

#[tokio::test]
async fn the_public_link_works_by_slug_as_documented_and_by_id_as_before() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let survey = server.store.survey_by_slug(server.org, "relationship").await.unwrap().unwrap();
    for path in ["/p/relationship".to_string(), format!("/p/{}", survey.id.0)] {
        let page = client().get(format!("{}{path}", server.base)).send().await.unwrap();
        assert_eq!(page.status().as_u16(), 200, "{path}");
        assert!(page.text().await.unwrap().contains(&format!("action=\"{path}?lang=")), "{path} posts to itself");
    }
    let (status, _) = post_form(&server, "/p/relationship", &[("score", "9")]).await;
    assert_eq!(status, 200);
    assert_eq!(server.totals().await.0, 1, "an answer through the slug is stored");
    for unknown in ["/p/no-such-survey", "/p/999999"] {
        assert_eq!(client().get(format!("{}{unknown}", server.base)).send().await.unwrap().status().as_u16(), 404);
    }
    let mut closed = vocal_app::demo::seed::demo_survey();
    closed.slug = "closed".into();
    closed.public_link.enabled = false;
    server.store.put_survey(server.org, closed).await.unwrap();
    let page = client().get(format!("{}/p/closed", server.base)).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 404, "a survey without an enabled link has none");
}

/// The browser the page tests drive: `VOCAL_TEST_CHROMIUM`, else `chromium` on the PATH.
fn chromium() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("VOCAL_TEST_CHROMIUM") {
        return Some(path.into());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("chromium")).find(|p| p.exists())
}

#[tokio::test]
async fn a_person_s_browser_records_the_one_click_score_and_a_scanner_s_fetch_does_not() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium (set VOCAL_TEST_CHROMIUM)");
        return;
    };
    let server = spawn(vec![]).await.with_demo_survey().await;
    let path = invite(&server).await;
    // A scanner: fetches the link, runs no script.
    client().get(format!("{}{path}?score=9", server.base)).send().await.unwrap();
    assert_eq!(server.totals().await.0, 0);
    // A person: the page becomes visible in a real browser and its script posts the score.
    let profile = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(browser);
    command
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("{}{path}?score=9", server.base));
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(dom.contains("value=\"9\""), "the page rendered: {}", String::from_utf8_lossy(&output.stderr));
    let started = std::time::Instant::now();
    while server.totals().await.0 == 0 && started.elapsed() < std::time::Duration::from_secs(10) {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(server.totals().await, (1, 1, 0), "the score 9 is recorded once, as a promoter");
}

#[tokio::test]
async fn after_the_edit_window_the_page_only_thanks_and_changes_nothing() {
    let server = spawn(vec![]).await;
    let mut survey = vocal_app::demo::seed::demo_survey();
    survey.edit_window_hours = 0;
    server.store.put_survey(server.org, survey).await.unwrap();
    let path = invite(&server).await;
    let (status, _) = post_form(&server, &path, &[("score", "10"), ("comment", "first")]).await;
    assert_eq!(status, 200);
    // The window (0 hours here) is over: the page thanks, shows no form, and a second answer changes nothing.
    let html = client().get(format!("{}{path}?score=0", server.base)).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("name=\"score\""), "read-only: no form");
    let (status, _) = post_form(&server, &path, &[("score", "0"), ("comment", "second")]).await;
    assert_eq!(status, 200);
    let (status, _) = post_form(&server, &path, &[("score", "0"), ("auto", "1")]).await;
    assert_eq!(status, 409, "the page's script is told the answer is closed");
    assert_eq!(server.totals().await, (1, 1, 0));
    let (_, listed) = server.get("/api/v1/responses").await;
    assert_eq!(listed["responses"][0]["comment"], "first");
}

#[tokio::test]
async fn a_long_comment_in_japanese_fits_the_form() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let path = invite(&server).await;
    let comment = "電".repeat(10_000); // 3 bytes each, 9 once percent-encoded
    let (status, _) = post_form(&server, &path, &[("score", "6"), ("comment", &comment)]).await;
    assert_eq!(status, 200);
    let (_, listed) = server.get("/api/v1/responses").await;
    assert_eq!(listed["responses"][0]["comment"].as_str().unwrap().chars().count(), 10_000);
    let too_long = "電".repeat(10_001);
    let (status, _) = post_form(&server, &path, &[("score", "6"), ("comment", &too_long)]).await;
    assert_eq!(status, 422, "over 10,000 characters is refused at its field");
}

#[tokio::test]
async fn a_minimal_survey_file_applies_and_its_page_has_the_default_look() {
    let server = spawn(vec![]).await;
    let file = "slug = \"first\"\nname = \"Our first survey\"\n\n[texts.en]\n\
                question = \"How likely are you to recommend us?\"\nwhy = \"Why?\"\nthank_you = \"Thanks!\"\n";
    let definition = vocal_app::surveys::file::parse_survey_file(file, std::path::Path::new(".")).unwrap();
    vocal_app::surveys::apply::apply(&server.store, server.org, definition).await.unwrap();
    let invite = r#"{"survey": "first", "channel": "email", "contact": {"email": "ana@example.com"}}"#;
    let (status, body, _) = server.post_json("/api/v1/invitations", Some(&server.write_key), invite, &[]).await;
    assert_eq!(status, 201, "{body}");
    let path = body["survey_url"].as_str().unwrap().strip_prefix("http://vocal.test").unwrap().to_string();

    let got = client().get(format!("{}{path}", server.base)).send().await.unwrap();
    assert_eq!(got.status().as_u16(), 200);
    let html = got.text().await.unwrap();
    assert!(html.contains("--a:#2563eb;"), "the default accent: {html}");
    assert!(html.contains("How likely are you to recommend us?"), "{html}");
}
