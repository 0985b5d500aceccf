//! A corpus of script payloads sent in through a CSV import, the API and
//! the survey page (and as people's and units' names), then every page that
//! shows them opened in a real browser: no payload may run or become an
//! element. Each payload marks its would-be element with `data-xss` and its
//! would-be script sets `window.__xss`.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::Value;
use vocal_domain::{Role, UnitPath};
use vocal_store::prelude::*;

use super::Browser;
use crate::helpers::spawn;
use crate::signed_in::PASSWORD;

const PAYLOADS: &[&str] = &[
    "<script data-xss>window.__xss=1</script>",
    "<img data-xss src=x onerror=\"window.__xss=1\">",
    "\"><svg data-xss onload=\"window.__xss=1\">",
    "'><iframe data-xss src=\"javascript:window.__xss=1\"></iframe>",
    "</textarea></title><b data-xss>bold</b>",
    "<a data-xss href=\"javascript:window.__xss=1\">click me</a>",
    "<math data-xss><mtext><img src=x onerror=window.__xss=1></mtext></math>",
    "{{7*7}} ${7*7} <style data-xss>body{display:none}</style>",
];

/// A payload without `/`, usable as a unit name.
const UNIT_PAYLOAD: &str = "<img data-xss src=x onerror=window.__xss=1>";

fn csv_field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

async fn assert_inert(browser: &Browser, url: &str) {
    browser.goto(url).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let ran: Value = browser.client.execute("return window.__xss === undefined ? 0 : 1;", vec![]).await.unwrap();
    assert_eq!(ran, Value::from(0), "a payload ran on {url}");
    let elements = browser.client.find_all(Locator::Css("[data-xss]")).await.unwrap();
    assert!(elements.is_empty(), "{} payload element(s) on {url}", elements.len());
    assert!(browser.client.get_alert_text().await.is_err(), "an alert is open on {url}");
}

#[tokio::test]
async fn script_payloads_from_csv_api_and_survey_pages_never_run_on_any_page() {
    let Some(browser) = Browser::start().await else { return };
    let server = spawn(vec![]).await.with_demo_survey().await;
    // Through a CSV import: comments, a unit, an agent, a channel, an attribute.
    let mut csv = String::from("submitted_at,score,comment,channel,unit,agent,plan\n");
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let unit = format!("Top/{UNIT_PAYLOAD}");
        let row = [
            format!("2026-03-{:02}", i + 1),
            (i % 11).to_string(),
            csv_field(payload),
            csv_field(&payload.to_lowercase()),
            csv_field(&unit),
            csv_field(payload),
            csv_field(payload),
        ];
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    let options = vocal_app::import::ImportOptions::default();
    let target = vocal_store::StreamTarget::Existing(server.org);
    let file = std::io::Cursor::new(csv.into_bytes());
    vocal_app::import::importer::import_csv(&server.store, target, file, options, |_| {}).await.unwrap();
    // Through the API.
    for payload in PAYLOADS {
        let body = serde_json::json!({ "score": 3, "comment": payload, "attributes": { "note": payload } }).to_string();
        let (status, answer, _) = server.post_json("/api/v1/responses", Some(&server.write_key), &body, &[]).await;
        assert_eq!(status, 201, "{answer}");
    }
    // Through the survey page.
    let (status, invitation, _) =
        server.post_json("/api/v1/invitations", Some(&server.write_key), crate::invitations::INVITE, &[]).await;
    assert_eq!(status, 201, "{invitation}");
    let path = invitation["survey_url"].as_str().unwrap().strip_prefix("http://vocal.test").unwrap().to_string();
    let answer = reqwest::Client::new()
        .post(format!("{}{path}", server.base))
        .form(&[("score", "1"), ("comment", PAYLOADS[1])])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    // People's names.
    server.create_user("admin@acme.example", Role::Admin, None, None).await;
    let named = server.create_user("named@acme.example", Role::Analyst, None, None).await;
    let change =
        vocal_store::UserChange { name: PAYLOADS[0].into(), role: Role::Analyst, unit_id: None, agent_id: None };
    server.store.update_user(server.org, named.id, change).await.unwrap();
    let named = server.store.user(server.org, named.id).await.unwrap().unwrap();
    let admin = server
        .store
        .users_by_email(&vocal_domain::Email::parse("admin@acme.example").unwrap())
        .await
        .unwrap()
        .remove(0);
    let app_mailer = vocal_app::messaging::email::Mailer::new(None, None).unwrap();
    vocal_app::accounts::links::send_invitation(&server.store, &app_mailer, "http://vocal.test", &named, &admin)
        .await
        .unwrap();
    // Queued: the server's job workers put it in the outbox.
    for _ in 0..100 {
        if !server.store.list_emails(server.org, 1).await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.store.ensure_unit(server.org, &UnitPath::parse(&format!("Top/{UNIT_PAYLOAD} 2")).unwrap()).await.unwrap();
    // Wait for the index to hold all of it.
    for _ in 0..100 {
        if server.totals().await.0 == (PAYLOADS.len() * 2 + 1) as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let base = server.base.clone();
    browser.sign_in(&base, "admin@acme.example", PASSWORD).await;
    let mut pages: Vec<String> = ["unit", "channel", "agent", "attr:plan", "attr:note"]
        .iter()
        .map(|by| format!("/dashboard?period=all&by={by}"))
        .collect();
    pages.extend(["/dashboard?period=all&q=data-xss".into(), "/agents".into(), "/admin/units".into()]);
    pages.extend(["/admin/users".into(), "/admin/audit".into(), "/admin/outbox".into()]);
    let ids = server.store.responses_after(server.org, 0, 100).await.unwrap();
    pages.extend(ids.iter().map(|r| format!("/responses/{}", r.id.0)));
    for agent in server.store.list_agents(server.org).await.unwrap() {
        pages.push(format!("/agents/{}", agent.id.0));
    }
    for email in server.store.list_emails(server.org, 10).await.unwrap() {
        pages.push(format!("/admin/outbox/{}", email.id));
    }
    for page in &pages {
        assert_inert(&browser, &format!("{base}{page}")).await;
    }
    // The payloads are there, as text.
    browser.goto(&format!("{base}/dashboard?period=all")).await;
    assert!(browser.text("#feed").await.contains("window.__xss=1"), "the comments show as text");
    browser.screenshot("xss-dashboard").await;
    assert!(pages.len() > 20, "{pages:?}");
}
