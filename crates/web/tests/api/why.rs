//! `GET /api/v1/why` and the Why page through the real router: the
//! figures of a hand-worked set of answers under the default taxonomy, the
//! period honoured, a bad parameter named, and each viewer's scope kept.

use vocal_domain::Role;
use vocal_store::NewResponse;
use vocal_store::prelude::*;

use crate::helpers::{TestServer, response, spawn};

/// Acme/North: 4 detractors "charged twice" and 1 promoter on the bill;
/// 5 promoters elsewhere in North. NPS +20; billing −60, the rest +100, so
/// billing costs −80. Acme/South: one detractor with a billing complaint.
async fn world() -> TestServer {
    let with = |score: i64, day: &str, unit: &str, comment: &str| NewResponse {
        comment: Some(comment.into()),
        language: Some("en".into()),
        ..response(score, day, "email", unit)
    };
    let mut answers = Vec::new();
    for day in ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"] {
        answers.push(with(2, day, "Acme/North", "They charged me twice for one month"));
    }
    answers.push(with(9, "2026-03-05", "Acme/North", "The bill was clear"));
    for day in ["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"] {
        answers.push(with(10, day, "Acme/North", "Lovely people"));
    }
    answers.push(NewResponse {
        agent: Some("Sam".into()),
        ..with(0, "2026-03-11", "Acme/South", "Hidden charges on my bill")
    });
    spawn(answers).await
}

#[tokio::test]
async fn the_api_names_what_billing_costs_within_the_question() {
    let server = world().await;
    let read = Some(server.read_key.as_str());
    let (status, report) = server.get_with("/api/v1/why?where=unit%3DAcme%2FNorth&min_n=1", read).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!((report["responses"].as_u64(), report["comments"].as_u64()), (Some(10), Some(10)));
    let billing = report["themes"].as_array().unwrap().iter().find(|t| t["theme"] == "billing").unwrap();
    assert_eq!(billing["mentions"], 5);
    assert_eq!(billing["nps_with"]["nps"].as_f64(), Some(-60.0));
    assert_eq!(billing["nps_without"]["nps"].as_f64(), Some(100.0));
    assert!((billing["impact"].as_f64().unwrap() + 80.0).abs() < 1e-9, "{billing}");
    assert_eq!(report["themes"][0]["theme"], "billing", "the costliest first");

    let (_, all) = server.get_with("/api/v1/why", read).await;
    assert_eq!(all["responses"].as_u64(), Some(11), "the whole organisation without a filter");
    let (_, march_fifth_on) = server.get_with("/api/v1/why?since=2026-03-05", read).await;
    assert_eq!(march_fifth_on["responses"].as_u64(), Some(7), "the period is honoured");
    // 03-06…03-11 against the six days before (02-28…03-05): billing was
    // in all 5 answers then, in 1 of 6 now (South's hidden charges).
    let (_, changed) = server.get_with("/api/v1/why?since=2026-03-06&until=2026-03-11", read).await;
    let billing = changed["themes"].as_array().unwrap().iter().find(|t| t["theme"] == "billing").unwrap();
    assert_eq!(billing["change"]["previous_rate"].as_f64(), Some(1.0), "{billing}");
    assert!((billing["change"]["current_rate"].as_f64().unwrap() - 1.0 / 6.0).abs() < 1e-12, "{billing}");
    assert_eq!(billing["change"]["emerging"], false, "a fall is not emerging");
    assert!(all["themes"][0]["change"].is_null(), "no period, no change");
    let (status, bad) = server.get_with("/api/v1/why?since=March", read).await;
    assert_eq!(status, 400);
    assert!(bad.to_string().contains("since"), "{bad}");
    let (status, _) = server.get_with("/api/v1/why?by=unit", read).await;
    assert_eq!(status, 400, "a breakdown is not a question the why answers");
    assert_eq!(server.get_with("/api/v1/why", None).await.0, 401);
    let (_, listed) = server.get_with("/api/v1/responses?limit=100", read).await;
    let lovely = listed["responses"].as_array().unwrap().iter().find(|r| r["comment"] == "Lovely people").unwrap();
    assert_eq!(
        lovely["sentiment"],
        serde_json::json!({"compound": 0.5859, "label": "positive"}),
        "the reference's score"
    );
}

#[tokio::test]
async fn the_why_page_shows_a_manager_their_domain_only() {
    let server = world().await;
    let south = server.sign_in_as("south@acme.example", Role::Manager, Some("Acme/South"), None).await;
    let (status, page) = south.get("/why?period=all").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Billing and fees"), "{page}");
    assert!(page.contains("1 answers"), "only South's answer: {page}");
    assert!(!page.contains("charged me twice"), "no comment from North: {page}");
    let admin = server.sign_in_as("admin@acme.example", Role::Admin, None, None).await;
    let (_, page) = admin.get("/why?period=all&unit=Acme%2FNorth").await;
    assert!(page.contains("10 answers"), "{page}");
    assert!(page.contains("−80.0") || page.contains("-80.0"), "the impact: {page}");
    let agent = server.sign_in_as("sam@acme.example", Role::Agent, None, Some("Sam")).await;
    let (status, page) = agent.get("/why?period=all").await;
    assert_eq!(status, 200);
    assert!(page.contains("1 answers"), "an agent sees the why of their own answers: {page}");
}

#[tokio::test]
async fn a_response_page_names_its_themes_and_its_sentiment_or_why_there_is_none() {
    let server = world().await;
    let extra = NewResponse {
        comment: Some("Terrible service".into()),
        language: None,
        ..response(1, "2026-03-12", "email", "Acme/North")
    };
    server.store.insert_responses(server.org, vec![extra]).await.unwrap();
    let admin = server.sign_in_as("admin@acme.example", Role::Admin, None, None).await;
    let all = server.store.responses_by_ids(server.org, &ids(&server).await).await.unwrap();
    let id_of = |text: &str| all.iter().find(|r| r.comment.as_deref() == Some(text)).unwrap().indexed.id.0;

    let (_, page) = admin.get(&format!("/responses/{}", id_of("Hidden charges on my bill"))).await;
    assert!(page.contains("<dt>Themes</dt><dd>Billing and fees"), "{page}");
    // The reference (vaderSentiment 3.3.2) scores it −0.2732.
    assert!(page.contains("<dt>Sentiment</dt><dd>negative (−0.27)</dd>"), "{page}");
    let (_, page) = admin.get(&format!("/responses/{}", id_of("Lovely people"))).await;
    assert!(page.contains("<dd>positive (+0.59)</dd>"), "the reference's 0.5859: {page}");
    assert!(
        page.contains("<a href=\"/dashboard?unit=Acme%2FNorth\">Acme/North</a>"),
        "the unit leads to its dashboard: {page}"
    );
    assert!(page.contains("<span aria-current=\"page\">Response "), "the breadcrumb names the page");
    assert!(page.contains("aria-label=\"Score 10 of 10\""), "the score chip is read as a score");
    let (_, page) = admin.get(&format!("/responses/{}", id_of("Terrible service"))).await;
    assert!(page.contains("none: the answer names no language"), "no guess: {page}");
}

async fn ids(server: &TestServer) -> Vec<vocal_domain::ResponseId> {
    server.store.responses_after(server.org, 0, 1_000).await.unwrap().into_iter().map(|r| r.id).collect()
}
