//! Invitations: tokens in links, the links again, the email block.

use crate::helpers::spawn;

pub const INVITE: &str = r#"{"survey": "relationship", "channel": "email",
    "contact": {"email": "Ana@Example.com", "name": "Ana", "language": "fr"},
    "unit": "EMEA/Paris", "agent": "Luc", "touchpoint": "support call", "attributes": {"plan": "Gold"}}"#;

#[tokio::test]
async fn an_invitation_has_a_survey_link_and_eleven_score_links() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let (status, body, _) = server.post_json("/api/v1/invitations", Some(&server.write_key), INVITE, &[]).await;
    assert_eq!(status, 201, "{body}");
    let survey_url = body["survey_url"].as_str().unwrap();
    let token = survey_url.strip_prefix("http://vocal.test/s/").expect(survey_url);
    assert!(token.len() >= 22, "at least 128 bits: {token}");
    let scores: Vec<&str> = body["score_urls"].as_array().unwrap().iter().map(|u| u.as_str().unwrap()).collect();
    let expected: Vec<String> = (0..=10).map(|n| format!("{survey_url}?score={n}")).collect();
    assert_eq!(scores, expected);
    assert_eq!(body["contact"]["email"], "ana@example.com");
    assert_eq!(body["unit"], "EMEA/Paris");

    let id = body["id"].as_i64().unwrap();
    let (_, again) = server.get_with(&format!("/api/v1/invitations/{id}"), Some(&server.write_key)).await;
    assert_eq!(again["survey_url"], body["survey_url"], "the links again, from the sealed token");
    let (status, _) = server.get_with(&format!("/api/v1/invitations/{id}"), Some(&server.read_key)).await;
    assert_eq!(status, 403, "links are for write keys");

    let html = reqwest::Client::new()
        .get(format!("{}/api/v1/invitations/{id}/email-html", server.base))
        .bearer_auth(&server.write_key)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let positions: Vec<usize> = expected.iter().map(|u| html.find(&format!("href=\"{u}\"")).expect(u)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "0 to 10 in order");
    assert!(!html.contains("<script") && !html.contains("<style"), "email-safe");
    assert!(html.contains("Northwind"), "the question in the contact's language names the company");
}

#[tokio::test]
async fn a_bad_invitation_in_a_batch_stores_none() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let batch = format!(
        r#"{{"invitations": [{INVITE}, {{"survey": "relationship", "channel": "sms", "contact": {{}}}},
            {{"survey": "relationship", "channel": "email", "contact": {{"email": "x@example.com"}},
              "redirect_url": "https://evil.example/phish"}}]}}"#
    );
    let (status, body, _) = server.post_json("/api/v1/invitations:batch", Some(&server.write_key), &batch, &[]).await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["invitations[1].contact", "invitations[2].redirect_url"]);
    let (status, _) = server.get_with("/api/v1/invitations/1", Some(&server.write_key)).await;
    assert_eq!(status, 404, "nothing stored");

    let good = format!(r#"{{"invitations": [{INVITE}, {INVITE}]}}"#);
    let (status, body, _) = server.post_json("/api/v1/invitations:batch", Some(&server.write_key), &good, &[]).await;
    assert_eq!(status, 201, "{body}");
    let list = body["invitations"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_ne!(list[0]["survey_url"], list[1]["survey_url"]);
    assert_eq!(list[0]["contact"]["id"], list[1]["contact"]["id"], "one contact, matched by email");
}
