//! What the dashboard's filters offer each role: lists, not empty text
//! boxes, and only values found among the responses the viewer sees.

use vocal_domain::Role;
use vocal_store::NewResponse;

use crate::helpers::{response, spawn};

/// The `<option>` values of the select named `name`.
fn options(page: &str, name: &str) -> Vec<String> {
    let Some(start) = page.find(&format!("<select id=\"f-{name}\" name=\"{name}\"")) else { return Vec::new() };
    let select = &page[start..start + page[start..].find("</select>").unwrap()];
    select
        .split("<option value=\"")
        .skip(1)
        .filter_map(|o| o.split('"').next())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_manager_picks_from_the_channels_and_attributes_of_their_own_domain() {
    let in_south = |score, channel| NewResponse {
        agent: Some("Sam".into()),
        ..response(score, "2026-03-02", channel, "Acme/South")
    };
    let server = spawn(vec![
        response(10, "2026-03-01", "email", "Acme/North"),
        response(3, "2026-03-01", "sms", "Acme/North"),
        in_south(4, "phone"),
        in_south(6, "phone"),
    ])
    .await;
    let admin = server.sign_in_as("admin@acme.example", Role::Admin, None, None).await;
    let (_, page) = admin.get("/dashboard?period=all").await;
    assert_eq!(options(&page, "channel"), vec!["email", "phone", "sms"], "an admin sees every channel");

    let south = server.sign_in_as("south@acme.example", Role::Manager, Some("Acme/South"), None).await;
    let (_, page) = south.get("/dashboard?period=all").await;
    assert_eq!(options(&page, "channel"), vec!["phone"], "only South's channel: {page}");
    assert!(!page.contains("Gold"), "North's promoter's plan is not offered to South");
    assert!(page.contains("plan:Basic"), "South's own plan value is: {page}");

    let agent = server.sign_in_as("sam@acme.example", Role::Agent, None, Some("Sam")).await;
    let (_, page) = agent.get("/dashboard?period=all").await;
    assert_eq!(options(&page, "channel"), vec!["phone"], "an agent's own answers' channels");
}
