//! End to end in a real browser: each role signs in, opens the dashboard,
//! applies a filter, drills into a unit, watches a response sent through
//! the API appear without reloading, opens an agent page and exports; the
//! pages pass axe-core without serious violations. Screenshots are saved.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::Value;

use super::Browser;
use crate::scoping::fixture::{World, world};
use crate::signed_in::PASSWORD;

async fn shown_n(browser: &Browser) -> u64 {
    // Read in one script, so a live swap between finding and reading cannot
    // leave a stale element; wait for the page, as machines running tests are busy.
    let script = "const n = document.querySelector('#headline [data-n]'); return n ? n.getAttribute('data-n') : null;";
    for _ in 0..200 {
        if let Ok(Value::String(n)) = browser.client.execute(script, vec![]).await {
            return n.parse().unwrap();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page shows no headline count");
}

/// Sends one response through the API with the write key.
async fn post(world: &World, unit: &str, comment: &str) -> Instant {
    let body = serde_json::json!({ "score": 10, "comment": comment, "unit": unit, "channel": "web" }).to_string();
    let (status, answer, _) =
        world.server.post_json("/api/v1/responses", Some(&world.server.write_key), &body, &[]).await;
    assert_eq!(status, 201, "{answer}");
    Instant::now()
}

/// Waits up to `limit` for the page to show `n`; how long it took.
async fn wait_for_n(browser: &Browser, n: u64, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if shown_n(browser).await == n {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

async fn assert_accessible(browser: &Browser, page: &str) {
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{page}: serious accessibility violations: {violations:?}");
}

#[tokio::test]
async fn each_role_uses_the_dashboard_live_and_agent_pages_in_a_real_browser() {
    let Some(browser) = Browser::start().await else { return };
    let world = world().await;
    let base = world.server.base.clone();

    // The sign-in page, then the admin's whole organisation.
    browser.goto(&format!("{base}/sign-in")).await;
    assert_accessible(&browser, "sign-in").await;
    browser.sign_in(&base, "admin@acme.example", PASSWORD).await;
    browser.goto(&format!("{base}/dashboard?period=all")).await;
    assert_eq!(shown_n(&browser).await, 20, "Acme's 20 responses");
    browser.screenshot("admin-dashboard").await;
    assert_accessible(&browser, "dashboard").await;

    // A filter from the form: the unit East and its subtree (10 responses).
    let unit = browser.client.find(Locator::Id("f-unit")).await.unwrap();
    unit.select_by_label("Top/East").await.unwrap();
    browser.client.find(Locator::Css("form.dash-filters button[type=submit]")).await.unwrap().click().await.unwrap();
    let url = browser.wait_for_query("unit=Top%2FEast").await;
    assert!(url.query().unwrap_or_default().contains("unit=Top%2FEast"), "{url}");
    browser.screenshot("admin-filtered-east").await;
    eprintln!("filtered: {url}");
    assert_eq!(shown_n(&browser).await, 10);

    // Drill into Team A from the breakdown.
    browser
        .client
        .find(Locator::XPath("//section[@id='breakdown']//a[contains(., 'Team A')]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(shown_n(&browser).await, 5, "Team A alone");
    browser.screenshot("admin-drilled-into-team-a").await;

    // Live: a response sent through the API appears without a reload.
    browser.goto(&format!("{base}/dashboard?period=all")).await;
    tokio::time::sleep(Duration::from_millis(500)).await; // the event stream opens
    post(&world, "Top/West", "arrived live while watching").await;
    let took = wait_for_n(&browser, 21, Duration::from_secs(5)).await;
    assert!(took.is_some(), "the new response did not appear within 5 s");
    eprintln!("live: the response appeared after {:?}", took.unwrap());
    assert!(browser.text("#feed").await.contains("arrived live while watching"));
    browser.screenshot("admin-after-live-update").await;

    // An agent page, and the export of the view.
    browser.goto(&format!("{base}/agents")).await;
    assert_accessible(&browser, "agents").await;
    browser.client.find(Locator::LinkText("Alice")).await.unwrap().click().await.unwrap();
    for _ in 0..200 {
        if browser.path().await.starts_with("/agents/") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(browser.path().await.starts_with("/agents/"));
    assert!(browser.text("h1").await.contains("Alice"));
    browser.screenshot("admin-agent-alice").await;
    assert_accessible(&browser, "agent page").await;
    browser.goto(&format!("{base}/dashboard?period=all&unit=Top%2FWest")).await;
    let href = browser
        .client
        .find(Locator::Css("a[href*='export/responses.csv']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let script = "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);";
    let csv: Value = browser.client.execute_async(script, vec![Value::String(href)]).await.unwrap();
    let csv = csv.as_str().unwrap();
    assert_eq!(csv.lines().count(), 1 + 6, "a header and West's 6 responses: {csv}");
    assert!(csv.contains("arrived live while watching") && !csv.contains("mkeastnone"));
    browser.client.delete_all_cookies().await.unwrap();

    // A manager of East: no West anywhere, and a West response does not wake the page.
    browser.sign_in(&base, "manager-east@acme.example", PASSWORD).await;
    browser.goto(&format!("{base}/dashboard?period=all")).await;
    assert_eq!(shown_n(&browser).await, 10);
    let page = browser.client.source().await.unwrap();
    assert!(!page.contains("mkwestwalt") && !page.contains("mktopnone"));
    browser.screenshot("manager-dashboard").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    post(&world, "Top/West", "not for the east manager").await;
    post(&world, "Top/East", "for the east manager").await;
    assert!(wait_for_n(&browser, 11, Duration::from_secs(5)).await.is_some(), "East's new response appears");
    assert!(!browser.client.source().await.unwrap().contains("not for the east manager"));
    browser.client.delete_all_cookies().await.unwrap();

    // An agent sees their own page only.
    browser.sign_in(&base, "agent-alice@acme.example", PASSWORD).await;
    browser.goto(&format!("{base}/dashboard?period=all")).await;
    assert_eq!(shown_n(&browser).await, 5, "Alice's own responses");
    browser.goto(&format!("{base}/agents")).await;
    assert!(browser.text("h1").await.contains("Alice"), "the agents page leads an agent to their own page");
    browser.screenshot("agent-own-page").await;
    browser.client.delete_all_cookies().await.unwrap();

    // An analyst reads everything and has no settings.
    browser.sign_in(&base, "analyst@acme.example", PASSWORD).await;
    browser.goto(&format!("{base}/dashboard?period=all")).await;
    assert_eq!(shown_n(&browser).await, 23, "20 + the three sent during the test");
    assert!(browser.client.find(Locator::LinkText("Settings")).await.is_err());
    browser.client.delete_all_cookies().await.unwrap();

    // The admin's settings pages are accessible too.
    browser.sign_in(&base, "admin@acme.example", PASSWORD).await;
    for page in ["/admin/units", "/admin/users", "/admin/audit"] {
        browser.goto(&format!("{base}{page}")).await;
        assert_accessible(&browser, page).await;
    }
    browser.screenshot("admin-audit").await;
}
