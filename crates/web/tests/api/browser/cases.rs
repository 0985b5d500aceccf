//! The case pages in a real browser at a desk's width and a phone's: the
//! queue (a table, stacked cards on the phone), a case worked through its
//! forms, axe-core finding nothing serious. Screenshots go to the usual
//! place and to `/work/shots/` when that folder exists, for people to look at.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::Value;
use vocal_store::prelude::*;

use super::Browser;
use crate::cases::case_world;
use crate::signed_in::PASSWORD;

async fn shot(browser: &Browser, name: &str) {
    let saved = browser.screenshot(name).await;
    let shots = std::path::Path::new("/work/shots");
    if shots.is_dir() {
        let _ = std::fs::copy(&saved, shots.join(format!("{name}.png")));
    }
}

async fn style(browser: &Browser, css: &str, property: &str) -> String {
    let script = "return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]];";
    let value = browser.client.execute(script, vec![Value::from(css), Value::from(property)]).await.unwrap();
    value.as_str().unwrap_or_default().to_string()
}

/// Fills `field` (a textarea or input) by typing, as a person would.
async fn type_into(browser: &Browser, id: &str, text: &str) {
    browser.client.find(Locator::Id(id)).await.unwrap().send_keys(text).await.unwrap();
}

async fn submit(browser: &Browser, legend: &str) {
    let xpath = format!("//fieldset[legend[text()='{legend}']]//button");
    browser.client.find(Locator::XPath(&xpath)).await.unwrap().click().await.unwrap();
}

async fn wait_for_text(browser: &Browser, css: &str, part: &str) -> String {
    for _ in 0..200 {
        let text = browser.text(css).await;
        if text.contains(part) {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{css} never showed {part:?}");
}

#[tokio::test]
async fn a_manager_works_a_case_at_desk_and_phone_width() {
    let Some(browser) = Browser::start().await else { return };
    let w = case_world().await;
    let base = &w.server.base;
    browser.sign_in(base, "east@acme.example", PASSWORD).await;
    let case_path = format!("/cases/{}", w.case_id);

    browser.client.set_window_size(1400, 1000).await.unwrap();
    browser.goto(&format!("{base}/cases")).await;
    assert_eq!(style(&browser, ".case-queue thead", "display").await, "table-header-group");
    assert!(browser.text(".case-queue tbody").await.contains("overdue by 2 h"));
    shot(&browser, "cases-queue-1400").await;
    assert_eq!(browser.accessibility_violations().await, Vec::<String>::new(), "the queue");
    browser.client.find(Locator::LinkText(&format!("Case {}", w.case_id))).await.unwrap().click().await.unwrap();
    browser.wait_for_path(&case_path).await;
    assert_eq!(browser.accessibility_violations().await, Vec::<String>::new(), "the case page");
    shot(&browser, "case-1400").await;
    browser.client.find(Locator::Css("#contact-via option[value='email']")).await.unwrap().click().await.unwrap();
    type_into(&browser, "contact-text", "Wrote to Carol").await;
    submit(&browser, "Log a contact").await;
    let timeline = wait_for_text(&browser, "#timeline", "Wrote to Carol").await;
    assert!(timeline.contains("contacted by email"), "{timeline}");

    browser.client.set_window_size(390, 900).await.unwrap();
    browser.goto(&format!("{base}/cases")).await;
    assert_eq!(style(&browser, ".case-queue thead", "display").await, "none", "stacked cards on a phone");
    shot(&browser, "cases-queue-390").await;
    browser.goto(&format!("{base}{case_path}")).await;
    // A resolution without a cause is refused by the field, the text kept.
    type_into(&browser, "resolve-text", "Refunded the fee").await;
    submit(&browser, "Resolve").await;
    wait_for_text(&browser, "main", "choose a root cause").await;
    let kept = browser.client.execute("return document.getElementById('resolve-text').value;", vec![]).await.unwrap();
    assert_eq!(kept.as_str(), Some("Refunded the fee"), "the input is kept");
    shot(&browser, "case-refused-390").await;
    browser.client.find(Locator::Css("#resolve-cause option:nth-child(2)")).await.unwrap().click().await.unwrap();
    submit(&browser, "Resolve").await;
    wait_for_text(&browser, "h1", "resolved").await;
    shot(&browser, "case-resolved-390").await;
    let case = w.server.store.case(w.server.org, vocal_domain::CaseId(w.case_id)).await.unwrap().unwrap();
    assert_eq!(case.resolution.as_deref(), Some("Refunded the fee"));
}

#[tokio::test]
async fn an_open_case_page_shows_what_a_colleague_records_without_a_reload() {
    let Some(browser) = Browser::start().await else { return };
    let w = case_world().await;
    let base = &w.server.base;
    browser.sign_in(base, "east@acme.example", PASSWORD).await;
    let case_path = format!("/cases/{}", w.case_id);
    browser.goto(&format!("{base}{case_path}")).await;
    wait_for_text(&browser, "#live-status", "Live").await;
    // The page must not be fetched again by navigation: mark it.
    browser.client.execute("window.sameDocument = true;", vec![]).await.unwrap();

    let note = [("action", "note"), ("text", "Deputy: Carol asked for a call after 5 pm")];
    assert_eq!(w.east_deputy.post_form(&case_path, &note).await.0, 303);
    let started = std::time::Instant::now();
    wait_for_text(&browser, "#timeline", "Carol asked for a call after 5 pm").await;
    eprintln!("live: the colleague's note appeared after {:?}", started.elapsed());
    let contact = [("action", "contact"), ("via", "call"), ("text", "Called her at 5:10")];
    assert_eq!(w.east_deputy.post_form(&case_path, &contact).await.0, 303);
    wait_for_text(&browser, "#case-title", "contacted").await;
    let same = browser.client.execute("return window.sameDocument === true;", vec![]).await.unwrap();
    assert_eq!(same.as_bool(), Some(true), "updated in place, not reloaded");
}
